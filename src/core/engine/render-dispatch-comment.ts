import { formatMarker } from "../plan/format-marker.ts";

export type DispatchNote = {
  plan: number;
  task: string;
  attempt: number;
  maxAttempts: number;
  workflow: string;
  /** the run GitHub started, once known */
  run: { id: number; url: string } | null;
  /** how many times this attempt was dispatched (a run that never started is dispatched again) */
  tries: number;
};

/** The child issue's record of one dispatch: a line a person reads, and the marker the engine reads. */
export function renderDispatchComment(note: DispatchNote): string {
  const attempt = `attempt ${note.attempt} of ${note.maxAttempts}`;
  const run = note.run
    ? `[workflow run ${note.run.id}](${note.run.url})`
    : `\`${note.workflow}\` (run not reported yet)`;
  const again = note.tries > 1 ? ` — dispatched again (try ${note.tries}): no run had started` : "";
  const marker = formatMarker({
    kind: "dispatch",
    plan: note.plan,
    task: note.task,
    attempt: note.attempt,
    ...(note.run ? { run: note.run.id } : {}),
  });
  return `🏃 **${note.task}**: ${attempt} started → ${run}${again}\n\n${marker}\n`;
}
