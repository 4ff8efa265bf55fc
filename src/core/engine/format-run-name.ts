/**
 * The task workflow's `run-name` (`Foreman: plan #12, task T3, attempt 2`): how a workflow run is tied
 * to its plan, task and attempt — it is dispatched on the base branch, and GitHub may not return the
 * run's id. The installed workflow writes
 * `run-name: "Foreman: plan #${{ inputs.plan }}, task ${{ inputs.task }}, attempt ${{ inputs.attempt }}"`.
 */
export function formatRunName(plan: number, task: string, attempt: number): string {
  return `Foreman: plan #${plan}, task ${task}, attempt ${attempt}`;
}
