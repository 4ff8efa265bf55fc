import { z } from "zod";
import { statusOfError } from "../github/status-of-error.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";
import { readRepositoryFile } from "./read-repository-file.ts";
import { validateWorkflowFile } from "./validate-workflow-file.ts";

/** The inputs the engine dispatches every attempt with (DESIGN.md, the engine/Action contract). */
const DISPATCH_INPUTS = ["plan", "task", "attempt"];
const NAME = "task workflow";

/**
 * The workflow Foreman dispatches is on the default branch, valid by GitHub's own parser,
 * dispatchable with `plan`, `task` and `attempt`, and not disabled.
 */
export async function checkTaskWorkflow(
  connection: GitHubConnection,
  repository: RepositoryReference,
  defaultBranch: string,
  workflowFile: string,
): Promise<DoctorCheck> {
  const path = `.github/workflows/${workflowFile}`;
  const content = await readRepositoryFile(connection, repository, path, defaultBranch);
  if (content === null) {
    return {
      name: NAME,
      outcome: "missing",
      summary: `${path} is not on ${defaultBranch}`,
      details: [],
      fix: "Run `foreman init` in your checkout, then commit and push .github/ to the default branch.",
    };
  }
  const check = await validateWorkflowFile(path, content);
  const problems = [
    ...check.errors,
    ...(check.errors.length === 0 && check.dispatchInputs === null
      ? ["it has no `on: workflow_dispatch` trigger"]
      : []),
    ...DISPATCH_INPUTS.filter(
      (input) => check.dispatchInputs !== null && !check.dispatchInputs.includes(input),
    ).map((input) => `its workflow_dispatch has no input \`${input}\``),
  ];
  if (problems.length > 0) {
    return {
      name: NAME,
      outcome: "missing",
      summary: `${path} on ${defaultBranch} is not a workflow Foreman can dispatch`,
      details: problems,
      fix: "Fix the lines named above, or start again from the template: `foreman init --force`.",
    };
  }
  try {
    const { data } = await connection.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}", {
      ...repository,
      workflow_id: workflowFile,
    });
    const { state } = z.object({ state: z.string() }).parse(data);
    if (state !== "active") {
      return {
        name: NAME,
        outcome: "missing",
        summary: `${path} is ${state.replaceAll("_", " ")}`,
        details: [],
        fix: `Enable it: Actions tab → the workflow → Enable, or \`gh workflow enable ${workflowFile}\`.`,
      };
    }
  } catch (error) {
    // Actions turned off for the repository answers 404 here although the file exists.
    if (statusOfError(error) !== 404) throw error;
    return {
      name: NAME,
      outcome: "missing",
      summary: `GitHub Actions does not know ${path}`,
      details: [],
      fix: "Allow GitHub Actions for the repository (Settings → Actions → General).",
    };
  }
  return {
    name: NAME,
    outcome: "ok",
    summary: `${path} on ${defaultBranch} is valid and dispatchable with ${DISPATCH_INPUTS.join(", ")}`,
    details: [],
    fix: null,
  };
}
