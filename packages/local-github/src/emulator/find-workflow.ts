import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord, WorkflowRecord } from "./emulator-state.ts";
import { parseWorkflowDefinition } from "./parse-workflow-definition.ts";

const WORKFLOWS_DIRECTORY = ".github/workflows";

/**
 * The workflow a REST path names, by numeric id or by file name, as found on the default branch. A file seen
 * for the first time gets a stable id. Null when no such workflow file exists.
 */
export async function findWorkflow(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  workflowId: string | number,
): Promise<WorkflowRecord | null> {
  const text = String(workflowId);
  if (/^\d+$/.test(text)) return repo.workflows.find((workflow) => workflow.id === Number(text)) ?? null;
  const path = `${WORKFLOWS_DIRECTORY}/${text}`;
  const known = repo.workflows.find((workflow) => workflow.path === path);
  if (known) return known;
  const file = await runtime.git(repo).readFile(repo.defaultBranch, path);
  if (!file || text.includes("/")) return null;
  const workflow: WorkflowRecord = {
    id: runtime.allocateId(),
    path,
    name: parseWorkflowDefinition(path, file.content.toString("utf8")).name,
    createdAt: runtime.now(),
  };
  repo.workflows.push(workflow);
  runtime.changed();
  return workflow;
}
