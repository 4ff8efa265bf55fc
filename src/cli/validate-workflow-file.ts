import { loadWorkflowParser } from "./load-workflow-parser.ts";

export type WorkflowCheck = {
  /** GitHub's own parser's complaints, each with its line and column when it gives them */
  errors: string[];
  /** names of the `workflow_dispatch` inputs; null when the workflow cannot be dispatched */
  dispatchInputs: string[] | null;
};

/** A workflow file checked the way GitHub checks it, with `@actions/workflow-parser`. */
export async function validateWorkflowFile(name: string, content: string): Promise<WorkflowCheck> {
  const parser = await loadWorkflowParser();
  const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const errors = () => parsed.context.errors.getErrors().map((error) => error.message);
  if (!parsed.value) return { errors: errors(), dispatchInputs: null };
  const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
  const dispatch = template.events?.workflow_dispatch;
  return {
    errors: [...new Set([...errors(), ...(template.errors ?? []).map((error) => error.Message)])],
    dispatchInputs: dispatch ? Object.keys(dispatch.inputs ?? {}) : null,
  };
}
