import { splitShellCommand } from "./split-shell-command.ts";
import type { ToolPolicy } from "./tool-policy.ts";

export type ToolPolicySources = {
  workspace: string;
  /** `allowedTools` of .github/foreman.yml */
  configTools: readonly string[];
  /** the `allowed-tools` input: added to the config's */
  inputAllowed: readonly string[];
  /** the `disallowed-tools` input: removed from the tools, or commands refused (`Bash(rm:*)`) */
  inputDisallowed: readonly string[];
  /** the task's verification commands (from the approved plan text) */
  verification: readonly string[];
  /** `scripts` of the repository's package.json, when it has one */
  scripts: Readonly<Record<string, string>> | null;
  trackedFiles: readonly string[];
  localPrograms: readonly string[];
};

/** The repository's own check scripts, which the agent may always run. */
const CHECK_SCRIPT = /^(test|lint|typecheck|type-check|check|build|format)(:.*)?$/;
/** Read-only tools the agent always keeps: reading and searching never change anything. */
const ALWAYS = ["Read", "Glob", "Grep", "LS", "TodoWrite"];

/**
 * The policy of one attempt. Entries are tool names (`Edit`) or Claude Code permission rules for the
 * shell (`Bash(npm run e2e:*)`), which allow exactly that command; the repository's own
 * test/lint/typecheck scripts and the task's verification commands are allowed too.
 */
export function compileToolPolicy(sources: ToolPolicySources): ToolPolicy {
  const allowed = [...sources.configTools, ...sources.inputAllowed].map(readRule);
  const disallowed = sources.inputDisallowed.map(readRule);
  const removed = new Set(disallowed.filter((rule) => rule.command === null).map((rule) => rule.tool));
  const tools = [...new Set([...ALWAYS, ...allowed.map((rule) => rule.tool)])].filter(
    (tool) => !removed.has(tool),
  );

  const scripts = Object.keys(sources.scripts ?? {}).filter((name) => CHECK_SCRIPT.test(name));
  const scriptCommands = scripts.flatMap((name) =>
    name === "test" ? ["npm test", "npm run test", "npm t"] : [`npm run ${name}`],
  );
  const verificationCommands = sources.verification.flatMap((line) =>
    splitShellCommand(line).map((simple) => simple.words.join(" ")),
  );
  const directories = new Set<string>();
  for (const file of sources.trackedFiles) {
    const parts = file.split("/").slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) directories.add(parts.slice(0, depth).join("/"));
  }
  return {
    workspace: sources.workspace,
    tools,
    allowedCommands: unique([
      ...allowed.flatMap((rule) => (rule.command === null ? [] : [rule.command])),
      ...scriptCommands,
      ...verificationCommands,
    ]),
    deniedCommands: unique(disallowed.flatMap((rule) => (rule.command === null ? [] : [rule.command]))),
    trackedDirectories: [...directories].sort(),
    localPrograms: [...sources.localPrograms],
  };
}

/**
 * `Bash(npm run e2e:*)` → tool Bash, command `npm run e2e*` (a prefix: `*` marks it); `Bash(make)` →
 * exactly `make` (with any arguments); `Edit` → tool Edit, no command.
 */
function readRule(entry: string): { tool: string; command: string | null } {
  const match = /^([A-Za-z_][\w-]*)\((.*)\)$/.exec(entry.trim());
  if (!match) return { tool: entry.trim(), command: null };
  const body = (match[2] ?? "").trim();
  const wildcard = /:?\s*\*$/.test(body);
  const command = body.replace(/:?\s*\*$/, "").trim();
  if (command === "") return { tool: match[1] ?? "", command: null };
  return { tool: match[1] ?? "", command: wildcard ? `${command}*` : command };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value.trim() !== ""))];
}
