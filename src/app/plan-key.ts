/** Identifies one plan across repositories, for the per-plan queue. */
export function planKey(owner: string, repo: string, planNumber: number): string {
  return `${owner}/${repo}#${planNumber}`;
}
