const RUN_NAME = /^Foreman: plan #(\d+), task (.+), attempt (\d+)$/;

/** The plan, task and attempt a task workflow run's title names (see `formatRunName`), or null. */
export function readRunName(title: string): { plan: number; task: string; attempt: number } | null {
  const match = RUN_NAME.exec(title.trim());
  if (!match) return null;
  return { plan: Number(match[1]), task: match[2] ?? "", attempt: Number(match[3]) };
}
