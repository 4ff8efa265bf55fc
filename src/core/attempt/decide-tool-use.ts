import { isAbsolute, normalize, relative, resolve } from "node:path/posix";
import type { ToolDenial } from "./attempt-types.ts";
import { type SimpleCommand, splitShellCommand } from "./split-shell-command.ts";
import type { ToolPolicy } from "./tool-policy.ts";

export type ToolDecision = { allow: true } | { allow: false; denial: ToolDenial };

const FILE_TOOLS: Record<string, string> = {
  Write: "file_path",
  Edit: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};
const NETWORK_PROGRAMS = new Set([
  "curl",
  "wget",
  "aria2c",
  "http",
  "https",
  "httpie",
  "nc",
  "ncat",
  "netcat",
  "socat",
  "telnet",
  "ftp",
  "sftp",
  "scp",
  "ssh",
  "rsync",
]);
/** package manager → the subcommands that download packages */
const INSTALLERS: Record<string, string[]> = {
  npm: [
    "install",
    "i",
    "in",
    "isntall",
    "add",
    "ci",
    "update",
    "up",
    "upgrade",
    "exec",
    "x",
    "create",
    "init",
  ],
  pnpm: ["install", "i", "add", "update", "up", "upgrade", "dlx", "create"],
  yarn: ["install", "add", "upgrade", "up", "dlx", "create", "global"],
  bun: ["install", "i", "add", "update", "upgrade", "x", "create"],
  pip: ["install", "download"],
  pip3: ["install", "download"],
  pipx: ["install", "run"],
  uv: ["add", "pip", "tool", "sync"],
  poetry: ["add", "install", "update"],
  gem: ["install", "update"],
  cargo: ["install", "add", "update"],
  go: ["get", "install"],
  composer: ["require", "install", "update"],
  apt: ["install", "update", "upgrade"],
  "apt-get": ["install", "update", "upgrade"],
  dnf: ["install", "update", "upgrade"],
  yum: ["install", "update", "upgrade"],
  apk: ["add", "update", "upgrade"],
  brew: ["install", "upgrade", "update"],
};
const PACKAGE_RUNNERS = new Set(["npx", "pnpx", "bunx"]);
/** wrappers whose arguments are the real command */
const WRAPPERS = new Set(["sudo", "env", "time", "nice", "nohup", "command", "exec", "xargs", "stdbuf"]);
/** commands that write to each of their path arguments, or (for copies) to the last one */
const WRITES_EVERY_PATH = new Set([
  "rm",
  "rmdir",
  "touch",
  "mkdir",
  "tee",
  "chmod",
  "chown",
  "truncate",
  "unlink",
  "shred",
]);
const WRITES_LAST_PATH = new Set(["cp", "mv", "ln", "install"]);
const HARMLESS_TARGETS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);

const ALLOW_IN_CONFIG = (rule: string) =>
  `add "${rule}" to \`allowedTools\` in .github/foreman.yml (or to the \`allowed-tools\` input)`;

/**
 * The tool policy's verdict on one tool call (the seeds' "auto-approve safe operations, escalate
 * dangerous ones"): reads, search, edits inside the workspace and ordinary shell commands go ahead;
 * network fetches, package installs, `git push`, writes outside the workspace and deletions of
 * tracked directories are refused unless a writer allowed that exact command. Every refusal says
 * which setting would allow it.
 */
export function decideToolUse(
  tool: string,
  input: Record<string, unknown>,
  policy: ToolPolicy,
): ToolDecision {
  if (!policy.tools.includes(tool)) {
    const isWeb = tool === "WebFetch" || tool === "WebSearch";
    return deny(
      tool,
      describeInput(input),
      isWeb ? "fetches from the web" : "is not an allowed tool",
      ALLOW_IN_CONFIG(tool),
    );
  }
  const pathKey = FILE_TOOLS[tool];
  if (pathKey !== undefined) {
    const path = typeof input[pathKey] === "string" ? input[pathKey] : "";
    const inside = insideWorkspace(path, policy.workspace);
    if (inside === null) {
      return deny(
        tool,
        path,
        "writes outside the workspace",
        "nothing: file tools only write inside the checkout",
      );
    }
    if (inside === ".git" || inside.startsWith(".git/")) {
      return deny(tool, path, "writes into git's own directory", "nothing: Foreman commits the work itself");
    }
    return { allow: true };
  }
  if (tool === "Bash") {
    const command = typeof input.command === "string" ? input.command : "";
    for (const simple of splitShellCommand(command)) {
      const refusal = refuseCommand(simple, policy);
      if (refusal) return deny(tool, command, refusal.reason, refusal.allowWith);
    }
  }
  return { allow: true };
}

function refuseCommand(
  simple: SimpleCommand,
  policy: ToolPolicy,
): { reason: string; allowWith: string } | null {
  const words = commandWords(simple.words);
  const text = words.join(" ");
  if (policy.deniedCommands.some((prefix) => startsWithWords(text, prefix))) {
    return { reason: "is a disallowed command", allowWith: "remove it from the `disallowed-tools` input" };
  }
  if (policy.allowedCommands.some((prefix) => startsWithWords(text, prefix))) return null;
  const program = (words[0] ?? "").split("/").pop() ?? "";
  const rule = `Bash(${words.slice(0, program === "git" ? 2 : 1).join(" ")}:*)`;

  if (NETWORK_PROGRAMS.has(program))
    return { reason: "fetches from the network", allowWith: ALLOW_IN_CONFIG(rule) };
  const subcommand = firstArgument(words);
  if (PACKAGE_RUNNERS.has(program) || (program === "npm" && (subcommand === "exec" || subcommand === "x"))) {
    const target = firstArgument(program === "npm" ? words.slice(1) : words);
    if (target !== undefined && policy.localPrograms.includes(target)) return null;
    return { reason: "may download and run a package", allowWith: ALLOW_IN_CONFIG(`Bash(${program}:*)`) };
  }
  const installs = INSTALLERS[program];
  const pipModule = program.startsWith("python") && words[1] === "-m" && words[2]?.startsWith("pip");
  if ((installs && subcommand !== undefined && installs.includes(subcommand)) || pipModule) {
    return {
      reason: "installs packages",
      allowWith: ALLOW_IN_CONFIG(`Bash(${words.slice(0, pipModule ? 4 : 2).join(" ")}:*)`),
    };
  }
  if (program === "git" && subcommand === "push") {
    return {
      reason: "pushes",
      allowWith: "nothing: Foreman pushes the task branch itself after the session",
    };
  }
  for (const target of simple.redirects) {
    if (!HARMLESS_TARGETS.has(target) && insideWorkspace(target, policy.workspace) === null) {
      return { reason: `writes outside the workspace (${target})`, allowWith: ALLOW_IN_CONFIG(rule) };
    }
  }
  const paths = words.slice(1).filter((word) => !word.startsWith("-"));
  const written = WRITES_EVERY_PATH.has(program)
    ? paths
    : WRITES_LAST_PATH.has(program)
      ? paths.slice(-1)
      : [];
  for (const path of written) {
    if (HARMLESS_TARGETS.has(path)) continue;
    const inside = insideWorkspace(path, policy.workspace);
    if (inside === null) {
      return { reason: `writes outside the workspace (${path})`, allowWith: ALLOW_IN_CONFIG(rule) };
    }
    const recursive = words.some((word) => /^-[a-zA-Z]*[rR]/.test(word) || word === "--recursive");
    if ((program === "rm" && recursive) || program === "rmdir") {
      const tracked = policy.trackedDirectories.some(
        (directory) => inside === "" || directory === inside || directory.startsWith(`${inside}/`),
      );
      if (tracked) {
        return { reason: `deletes the tracked directory ${inside || "."}`, allowWith: ALLOW_IN_CONFIG(rule) };
      }
    }
  }
  return null;
}

/** The words of the command proper: without `VAR=value` assignments and wrappers like `sudo`. */
function commandWords(words: readonly string[]): string[] {
  let start = 0;
  while (start < words.length) {
    const word = words[start] ?? "";
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) start++;
    else if (WRAPPERS.has(word)) start++;
    else if (word === "timeout") start += 2;
    else break;
  }
  return words.slice(start);
}

/** The first word after the program that is not an option (`git -C dir push` → `push`). */
function firstArgument(words: readonly string[]): string | undefined {
  for (let index = 1; index < words.length; index++) {
    const word = words[index] ?? "";
    if (word === "-C" || word === "-c" || word === "--prefix") {
      index++;
      continue;
    }
    if (!word.startsWith("-")) return word;
  }
  return undefined;
}

/** Whether a command matches a rule: `npm test` with any arguments; `curl https://x*` as a text prefix. */
function startsWithWords(text: string, rule: string): boolean {
  const wildcard = rule.endsWith("*");
  const normalised = (wildcard ? rule.slice(0, -1) : rule).trim().split(/\s+/).join(" ");
  if (normalised === "") return false;
  if (text === normalised || text.startsWith(`${normalised} `)) return true;
  // A wildcard on more than a program name (`curl https://example.com*`) is a plain prefix.
  return wildcard && normalised.includes(" ") && text.startsWith(normalised);
}

/** The path relative to the workspace ("" for the workspace itself), or null when it is outside. */
function insideWorkspace(path: string, workspace: string): string | null {
  if (path === "" || path.startsWith("~") || path.startsWith("$HOME")) return null;
  const absolute = isAbsolute(path) ? normalize(path) : resolve(workspace, path);
  const inside = relative(workspace, absolute);
  return inside === ".." || inside.startsWith("../") || isAbsolute(inside) ? null : inside;
}

function deny(tool: string, detail: string, reason: string, allowWith: string): ToolDecision {
  return { allow: false, denial: { tool, detail: detail.slice(0, 500), reason, allowWith } };
}

function describeInput(input: Record<string, unknown>): string {
  const value = input.url ?? input.query ?? input.command ?? input.file_path;
  return typeof value === "string" ? value : JSON.stringify(input).slice(0, 200);
}
