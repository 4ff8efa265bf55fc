/** The line the prompt asks the agent to end with when it cannot finish the task. */
export const BLOCKED_PREFIX = "FOREMAN-BLOCKED:";

/** The agent's own reason for stopping, when its final message says it cannot continue. */
export function readBlockedReason(finalText: string): string | null {
  const lines = finalText.split(/\r?\n/).filter((line) => line.trim().startsWith(BLOCKED_PREFIX));
  const last = lines.at(-1);
  if (last === undefined) return null;
  const reason = last.trim().slice(BLOCKED_PREFIX.length).trim();
  return reason === "" ? "the agent said it cannot continue (no reason given)" : reason.slice(0, 500);
}
