import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CliIo } from "../../src/cli/cli-io.ts";
import { runCli } from "../../src/cli.ts";

/** Octokit as an attacker scripting against the printed URL and token would use it: no retries. */
function clientFor({ url, token }: { url: string; token: string }): Octokit {
  return new Octokit({ auth: token, baseUrl: url, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

async function statusOf(call: Promise<{ status: number }>): Promise<number> {
  try {
    return (await call).status;
  } catch (error) {
    if (error !== null && typeof error === "object" && "status" in error && typeof error.status === "number")
      return error.status;
    throw error;
  }
}

const readySchema = z.object({
  url: z.string(),
  repo: z.string().nullable(),
  repos: z.array(z.string()),
  tokens: z.record(z.string(), z.string()),
  users: z.record(z.string(), z.string()),
  app: z
    .object({
      id: z.number(),
      slug: z.string(),
      installationId: z.number(),
      replicas: z.number(),
      webhookUrls: z.array(z.string()),
    })
    .nullable(),
});

/** Starts `foreman emulator ARGS --json` in this process and returns its one ready line, parsed. */
async function startJsonEmulator(args: string[]) {
  const { io, output, stop } = capturingIo();
  const running = runCli(["emulator", ...args, "--json"], io);
  const line = await waitFor(() => (output.stdout.includes("\n") ? output.stdout : undefined), 60_000);
  expect(line.split("\n")).toHaveLength(2);
  const ready = readySchema.parse(JSON.parse(line));
  return {
    ready,
    output,
    async stop() {
      stop();
      expect(await running).toBe(0);
    },
  };
}

const LISTENING = /GitHub emulator listening on (http:\/\/127\.0\.0\.1:\d+)\ntoken: (\S+)\n/;

function capturingIo() {
  const output = { stdout: "", stderr: "" };
  let stop: () => void = () => {};
  const io: CliIo = {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    readStdin: async () => "",
    cwd: process.cwd(),
    onStop: (handler) => {
      stop = handler;
    },
  };
  return { io, output, stop: () => stop() };
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("foreman emulator", () => {
  it("prints the URL and token, serves the API until stopped, then exits 0", async () => {
    const { io, output, stop } = capturingIo();
    const running = runCli(["emulator", "--port", "0", "--repo", "acme/demo", "--repo", "acme/other"], io);
    const [, url = "", token = ""] = await waitFor(() => LISTENING.exec(output.stdout) ?? undefined);
    const octokit = clientFor({ url, token });
    expect((await octokit.repos.get({ owner: "acme", repo: "demo" })).data.full_name).toBe("acme/demo");
    expect((await octokit.repos.get({ owner: "acme", repo: "other" })).data.default_branch).toBe("main");
    stop();
    expect(await running).toBe(0);
    expect(output.stderr).toBe("");
  });

  it("--user creates people of every permission level and --json prints their tokens on one line", async () => {
    const started = await startJsonEmulator([
      "--repo",
      "acme/demo",
      "--user",
      "alice:write",
      "--user",
      "bob:read",
      "--user",
      "mallory:none",
      "--user",
      "tina:triage",
      "--user",
      "max:maintain",
      "--user",
      "ada:admin",
    ]);
    try {
      const { ready } = started;
      expect(ready).toMatchObject({ repo: "acme/demo", repos: ["acme/demo"], app: null });
      expect(Object.keys(ready.tokens).sort()).toEqual([
        "ada",
        "alice",
        "bob",
        "mallory",
        "max",
        "octo-admin",
        "tina",
      ]);
      const as = (login: string) => clientFor({ url: ready.url, token: ready.tokens[login] ?? "" });
      const owner = "acme";
      const repo = "demo";
      // Everyone may open an issue in a public repository; only triage and above may label it.
      const issue = (await as("mallory").issues.create({ owner, repo, title: "From outside" })).data;
      expect(issue.user?.login).toBe("mallory");
      const label = (login: string) =>
        statusOf(as(login).issues.addLabels({ owner, repo, issue_number: issue.number, labels: ["bug"] }));
      expect(await label("mallory")).toBe(403);
      expect(await label("bob")).toBe(403);
      expect(await label("tina")).toBe(200);
      expect(await label("alice")).toBe(200);
      for (const [login, role] of [
        ["alice", "write"],
        ["bob", "read"],
        ["tina", "triage"],
        ["max", "maintain"],
        ["ada", "admin"],
      ] as const) {
        const level = await as("octo-admin").repos.getCollaboratorPermissionLevel({
          owner,
          repo,
          username: login,
        });
        expect(level.data.role_name).toBe(role);
      }
    } finally {
      await started.stop();
    }
  });

  it("--with-app --replicas 2 starts the real Foreman app behind one registration", async () => {
    const started = await startJsonEmulator([
      "--repo",
      "acme/demo",
      "--user",
      "alice:write",
      "--with-app",
      "--replicas",
      "2",
    ]);
    try {
      const { ready } = started;
      expect(ready.app).toMatchObject({ slug: "foreman", replicas: 2 });
      expect(new Set(ready.app?.webhookUrls).size).toBe(2);
      const alice = clientFor({ url: ready.url, token: ready.tokens.alice ?? "" });
      const plan = await readFile(fileURLToPath(new URL("../../examples/plan.md", import.meta.url)), "utf8");
      const issue = (await alice.issues.create({ owner: "acme", repo: "demo", title: "Plan", body: plan }))
        .data;
      await alice.issues.addLabels({
        owner: "acme",
        repo: "demo",
        issue_number: issue.number,
        labels: ["foreman"],
      });
      // The app answers as its bot: it read the event, authenticated as the installation and wrote back.
      const botComment = await waitFor(async () => {
        const comments = await alice.issues.listComments({
          owner: "acme",
          repo: "demo",
          issue_number: issue.number,
        });
        return comments.data.find((comment) => comment.user?.login === "foreman[bot]");
      }, 60_000);
      expect(botComment.body).toBeTruthy();
    } finally {
      await started.stop();
    }
  });

  it.each([
    [["--port", "http"], "--port must be a whole number from 0 to 65535, got 'http'"],
    [["--repo", "just-a-name"], "--repo wants OWNER/NAME (e.g. acme/demo), got 'just-a-name'"],
    [["--faults", "api=5xx:7"], "--faults: fault spec: '5xx:7': 5xx is a probability between 0 and 1"],
    [["--seed=-1"], "--seed must be a whole number from 0 to 4294967295, got '-1'"],
    [["--verbose"], "Unknown option '--verbose'"],
    [
      ["--repo", "acme/demo", "--user", "alice:owner"],
      "--user alice:owner: the level must be one of none, read",
    ],
    [["--repo", "acme/demo", "--user", "alice"], "--user alice: the level must be one of"],
    [["--repo", "acme/demo", "--user=-x:read"], "--user wants LOGIN:LEVEL with a GitHub login"],
    [["--repo", "acme/demo", "--user", "a:read", "--user", "A:write"], "--user A is given twice"],
    [["--user", "alice:write"], "--user gives a permission on the seeded repositories: add --repo"],
    [["--replicas", "2"], "--replicas runs copies of the app: add --with-app"],
    [["--with-app", "--replicas", "0"], "--replicas must be a whole number from 1 to 16, got '0'"],
    [["--deliveries", "parallel"], "--deliveries is overlapping or sequential, got 'parallel'"],
    [["--replica-delivery", "some"], "--replica-delivery is all or spread, got 'some'"],
    [["--faults", "api=applied5xx:2"], "--faults: fault spec: 'applied5xx:2': applied5xx is a probability"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("refuses %j with exit status 2 and a clear message", async (args, message) => {
    const { io, output } = capturingIo();
    expect(await runCli(["emulator", ...args], io)).toBe(2);
    expect(output.stderr).toContain(message);
    expect(output.stderr).toContain("Usage: foreman emulator");
  });

  it("exits 1 with the reason when the port is taken", async () => {
    const first = capturingIo();
    const running = runCli(["emulator", "--port", "0"], first.io);
    const [, url = ""] = await waitFor(() => LISTENING.exec(first.output.stdout) ?? undefined);
    const second = capturingIo();
    expect(await runCli(["emulator", "--port", new URL(url).port], second.io)).toBe(1);
    expect(second.output.stderr).toContain("foreman emulator: could not start: listen EADDRINUSE");
    first.stop();
    expect(await running).toBe(0);
  });

  it("runs as `foreman emulator` from bin/foreman.js", async () => {
    const bin = fileURLToPath(new URL("../../bin/foreman.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "emulator", "--port", "0", "--repo", "acme/demo"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const [, url = "", token = ""] = await waitFor(() => LISTENING.exec(stdout) ?? undefined, 40_000);
      const response = await fetch(`${url}/repos/acme/demo/issues`, {
        method: "POST",
        headers: { authorization: `token ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "From the command line" }),
      });
      expect(response.status).toBe(201);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
