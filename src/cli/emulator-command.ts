import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FaultSpecError, parseFaultSpec } from "@foreman/local-github";
import { type CliCommand, type CliIo, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";

/** The emulator could not start (port taken, unreadable data directory); cli-io's status 1. */
const EXIT_FAILURE = EXIT_INVALID_INPUT;

const EMULATOR_USAGE = `Usage: foreman emulator [--port N] [--repo OWNER/NAME]... [--user LOGIN:LEVEL]... [--with-app [--replicas N]]
                        [--json] [--data DIR] [--faults SPEC] [--seed N] [--deliveries MODE] [--replica-delivery MODE]

Runs a local GitHub: the REST API (checked against GitHub's OpenAPI description), real git repositories,
signed webhooks, a local runner and a local CI. Stops on Ctrl-C.
  --port N            port on 127.0.0.1 (default 0: any free port)
  --repo OWNER/NAME   seed a repository: README, a node --test suite, .github/workflows/foreman-task.yml
                      (repeatable)
  --user LOGIN:LEVEL  create a user with that permission on every seeded repository and print a token for
                      it; LEVEL is none, read, triage, write, maintain or admin (repeatable; needs --repo)
  --with-app          start the real Foreman app, registered and installed on the local GitHub
  --replicas N        run N copies of the app behind one registration (default 1; needs --with-app)
  --json              once ready, print one line: {"url","repo","repos","tokens":{login:token},"users",
                      "app"} (the admin's token is tokens["octo-admin"])
  --data DIR          keep state and git repositories in DIR and load them again on the next start
                      (default: a temporary directory removed on exit)
  --faults SPEC       inject faults, e.g. "api=5xx:0.05,applied5xx:0.05,appliedtimeout:0.01,ratelimit:0.02,
                      latency:20;webhooks=dup:0.3,drop:0.1,reorder:0.2,delay:50"; 5xx fails a request before
                      it takes effect, applied5xx and appliedtimeout after (a 5xx, or the connection closed)
  --seed N            seed of the fault sequence (default 0): the same seed replays the same faults
  --deliveries MODE   overlapping (default, as GitHub: no delivery waits for the previous answer) or
                      sequential
  --replica-delivery MODE
                      all (default: every replica gets each delivery) or spread (one replica in turn)
Prints "GitHub emulator listening on URL", "token: TOKEN" (an admin token for @octokit/rest) and a line
per user and app, or the one --json line.
Beyond GitHub's REST API: POST /_emulator/repos/OWNER/NAME/check-runs/ID/press with {"identifier": "…"}
and a user's token clicks a check run's button as that user (GitHub's web UI), sending the webhook.
Exit status: 0 after a clean stop, 1 when it cannot start (port in use, unreadable --data), 2 usage error.`;

const USER_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
type UserLevel = (typeof USER_LEVELS)[number];

type ParsedOptions =
  | {
      kind: "ok";
      port: number;
      repos: string[];
      users: Array<{ login: string; level: UserLevel }>;
      withApp: boolean;
      replicas: number;
      json: boolean;
      dataDir: string | undefined;
      faults: string | undefined;
      seed: number;
      deliveries: "overlapping" | "sequential";
      replicaDelivery: "all" | "spread";
    }
  | { kind: "usage"; message: string };

/**
 * Where the seeded task workflow's `uses: foreman-dev/foreman/action@v1` finds Foreman's own Action:
 * this checkout's action/ directory, so the local runner runs the Action users install.
 */
const FOREMAN_ACTION = {
  "foreman-dev/foreman/action": fileURLToPath(new URL("../../action", import.meta.url)),
};

/** The maximum replicas: each is a Probot app in this process; more would only measure this machine. */
const MAX_REPLICAS = 16;

function parseWholeNumber(text: string, name: string, max: number, min = 0): number | string {
  if (!/^\d+$/.test(text) || Number(text) > max || Number(text) < min)
    return `${name} must be a whole number from ${min} to ${max}, got '${text}'`;
  return Number(text);
}

function isUserLevel(text: string): text is UserLevel {
  return (USER_LEVELS as readonly string[]).includes(text);
}

/** `alice:write` → { login, level }, or what is wrong with it. */
function parseUser(text: string): { login: string; level: UserLevel } | string {
  const colon = text.lastIndexOf(":");
  const login = colon < 0 ? text : text.slice(0, colon);
  const level = colon < 0 ? "" : text.slice(colon + 1);
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login))
    return `--user wants LOGIN:LEVEL with a GitHub login (letters, digits, '-'), got '${text}'`;
  if (!isUserLevel(level))
    return `--user ${text}: the level must be one of ${USER_LEVELS.join(", ")} (e.g. alice:write)`;
  return { login, level };
}

function readOptions(args: string[], cwd: string): ParsedOptions {
  let values: {
    port?: string;
    repo?: string[];
    user?: string[];
    "with-app"?: boolean;
    replicas?: string;
    json?: boolean;
    data?: string;
    faults?: string;
    seed?: string;
    deliveries?: string;
    "replica-delivery"?: string;
  };
  try {
    const parsed = parseArgs({
      args,
      options: {
        port: { type: "string" },
        repo: { type: "string", multiple: true },
        user: { type: "string", multiple: true },
        "with-app": { type: "boolean" },
        replicas: { type: "string" },
        json: { type: "boolean" },
        data: { type: "string" },
        faults: { type: "string" },
        seed: { type: "string" },
        deliveries: { type: "string" },
        "replica-delivery": { type: "string" },
      },
      allowPositionals: false,
      strict: true,
    });
    values = parsed.values;
  } catch (error) {
    return { kind: "usage", message: error instanceof Error ? error.message : String(error) };
  }
  const port = parseWholeNumber(values.port ?? "0", "--port", 65535);
  if (typeof port === "string") return { kind: "usage", message: port };
  const seed = parseWholeNumber(values.seed ?? "0", "--seed", 2 ** 32 - 1);
  if (typeof seed === "string") return { kind: "usage", message: seed };
  const repos = values.repo ?? [];
  const badRepo = repos.find((repo) => !/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(repo));
  if (badRepo !== undefined)
    return { kind: "usage", message: `--repo wants OWNER/NAME (e.g. acme/demo), got '${badRepo}'` };
  const users: Array<{ login: string; level: UserLevel }> = [];
  for (const text of values.user ?? []) {
    const user = parseUser(text);
    if (typeof user === "string") return { kind: "usage", message: user };
    if (users.some((known) => known.login.toLowerCase() === user.login.toLowerCase()))
      return { kind: "usage", message: `--user ${user.login} is given twice; give each login once` };
    users.push(user);
  }
  if (users.length > 0 && repos.length === 0)
    return {
      kind: "usage",
      message: "--user gives a permission on the seeded repositories: add --repo OWNER/NAME",
    };
  const withApp = values["with-app"] ?? false;
  if (values.replicas !== undefined && !withApp)
    return { kind: "usage", message: "--replicas runs copies of the app: add --with-app" };
  const replicas = parseWholeNumber(values.replicas ?? "1", "--replicas", MAX_REPLICAS, 1);
  if (typeof replicas === "string") return { kind: "usage", message: replicas };
  const deliveries = values.deliveries ?? "overlapping";
  if (deliveries !== "overlapping" && deliveries !== "sequential")
    return { kind: "usage", message: `--deliveries is overlapping or sequential, got '${deliveries}'` };
  const replicaDelivery = values["replica-delivery"] ?? "all";
  if (replicaDelivery !== "all" && replicaDelivery !== "spread")
    return { kind: "usage", message: `--replica-delivery is all or spread, got '${replicaDelivery}'` };
  if (values.faults !== undefined) {
    try {
      parseFaultSpec(values.faults);
    } catch (error) {
      if (error instanceof FaultSpecError) return { kind: "usage", message: `--faults: ${error.message}` };
      throw error;
    }
  }
  return {
    kind: "ok",
    port,
    repos,
    users,
    withApp,
    replicas,
    json: values.json ?? false,
    dataDir: values.data === undefined ? undefined : resolve(cwd, values.data),
    faults: values.faults,
    seed,
    deliveries,
    replicaDelivery,
  };
}

async function runEmulator(args: string[], io: CliIo): Promise<number> {
  const options = readOptions(args, io.cwd);
  if (options.kind === "usage") {
    io.stderr(`foreman emulator: ${options.message}\n\n${EMULATOR_USAGE}\n`);
    return EXIT_USAGE;
  }
  // Registered before the (slow) start so an early Ctrl-C still closes what was started.
  let stopRequested = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolveStop) => {
    wake = resolveStop;
  });
  io.onStop(() => {
    stopRequested = true;
    wake();
  });
  const { startEmulator } = await import("@foreman/local-github");
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port: options.port,
      repos: options.repos,
      webhookDelivery: options.deliveries,
      actionPaths: FOREMAN_ACTION,
      replicaDelivery: options.replicaDelivery,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.faults === undefined ? {} : { faults: options.faults, seed: options.seed }),
    });
  } catch (error) {
    // A busy port or an unreadable data directory: say so plainly, there is nothing to close yet.
    io.stderr(
      `foreman emulator: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }
  const tokens: Record<string, string> = { "octo-admin": emulator.token };
  for (const user of options.users) {
    for (const repo of options.repos) {
      if (user.level !== "none") await emulator.addCollaborator(repo, user.login, user.level);
    }
    tokens[user.login] = emulator.userToken(user.login);
  }
  const { startForemanApp } = options.withApp
    ? await import("../sim/simulate/start-foreman-app.ts")
    : { startForemanApp: undefined };
  const apps: Array<Awaited<ReturnType<NonNullable<typeof startForemanApp>>>> = [];
  try {
    if (startForemanApp) {
      const first = await startForemanApp(emulator);
      apps.push(first);
      for (let replica = 2; replica <= options.replicas; replica++)
        apps.push(await startForemanApp(emulator, { replicaOf: first }));
    }
  } catch (error) {
    io.stderr(
      `foreman emulator: could not start the Foreman app: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await Promise.all(apps.map((app) => app.close()));
    await emulator.close();
    return EXIT_FAILURE;
  }
  const app = apps[0]
    ? {
        id: apps[0].appId,
        slug: apps[0].slug,
        installationId: apps[0].installationId,
        replicas: apps.length,
        webhookUrls: apps.map((running) => running.webhookUrl),
      }
    : null;
  if (options.json) {
    io.stdout(
      `${JSON.stringify({
        url: emulator.url,
        repo: options.repos[0] ?? null,
        repos: options.repos,
        tokens,
        users: Object.fromEntries(options.users.map((user) => [user.login, user.level])),
        app,
      })}\n`,
    );
  } else {
    const lines = [`GitHub emulator listening on ${emulator.url}`, `token: ${emulator.token}`];
    for (const user of options.users) lines.push(`user ${user.login} (${user.level}): ${tokens[user.login]}`);
    if (app)
      lines.push(
        `app ${app.slug} (id ${app.id}, installation ${app.installationId}): ${app.replicas} replica(s)`,
      );
    io.stdout(`${lines.join("\n")}\n`);
  }
  if (!stopRequested) await stopped;
  await Promise.all(apps.map((running) => running.close()));
  await emulator.close();
  return EXIT_OK;
}

export const emulatorCommand: CliCommand = {
  summary: "run a local GitHub (REST API, git, webhooks, runner, CI) for tests and demos",
  usage: EMULATOR_USAGE,
  run: runEmulator,
};
