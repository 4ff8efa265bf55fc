/**
 * What the agent may do in one attempt, compiled from `.github/foreman.yml`, the Action's inputs, the
 * task's verification commands and the repository's own scripts (see compileToolPolicy).
 */
export type ToolPolicy = {
  /** absolute path of the checkout: file tools and shell writes must stay inside */
  workspace: string;
  /** tool names the agent may call (`Read`, `Edit`, `Bash`, …) */
  tools: string[];
  /**
   * shell commands always allowed: `npm test` allows it with any arguments; a trailing `*`
   * (`curl https://example.com/*`) allows anything starting with the text before it
   */
  allowedCommands: string[];
  /** shell commands always refused, written as `allowedCommands` (from `Bash(…)` entries of disallowed tools) */
  deniedCommands: string[];
  /** repository-relative directories holding tracked files, which the agent may not delete */
  trackedDirectories: string[];
  /** programs installed in `node_modules/.bin`, which `npx` runs without downloading anything */
  localPrograms: string[];
};
