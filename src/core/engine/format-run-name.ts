/**
 * The task workflow's `run-name` (`foreman #12 T3 attempt 2`): how a workflow run is tied to its
 * attempt when GitHub did not return the run id on dispatch. The workflow template writes
 * `run-name: foreman #${{ inputs.plan }} ${{ inputs.task }} attempt ${{ inputs.attempt }}`.
 */
export function formatRunName(plan: number, task: string, attempt: number): string {
  return `foreman #${plan} ${task} attempt ${attempt}`;
}
