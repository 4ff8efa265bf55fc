import { formatMarker } from "../plan/format-marker.ts";
import type { FailureCause } from "./derive-task-work.ts";
import type { CheckDetails } from "./engine-input.ts";
import { escapeUntrusted } from "./escape-untrusted.ts";

export type FeedbackNote = {
  plan: number;
  task: string;
  attempt: number;
  cause: FailureCause;
  /** the head that was judged, and the failure's fingerprint (see `failureSignature`) */
  head: string | null;
  signature: string;
  /** check run id → annotations and log tail, for failing checks */
  details: Readonly<Record<number, CheckDetails>>;
};

/** GitHub refuses comments over 65,536 characters; the feedback stays well inside. */
const MAX_SUMMARY = 2_000;
const MAX_LOG = 6_000;
const MAX_ANNOTATIONS = 20;

/**
 * What attempt N+1 is told about attempt N, posted on the child issue so GitHub holds it (the task
 * workflow reads it from there): why it failed and, for failing checks, their names, links,
 * summaries, annotations and the end of the job's log, each bounded. Text from CI and reviewers is
 * escaped: it is data, never markup.
 */
export function renderFeedbackComment(note: FeedbackNote): string {
  const marker = formatMarker({
    kind: "feedback",
    plan: note.plan,
    task: note.task,
    attempt: note.attempt,
    ...(note.head ? { head: note.head } : {}),
    failures: note.signature,
  });
  const lines = [`🔁 **${note.task}**: attempt ${note.attempt} failed — ${headline(note.cause)}`, ""];
  lines.push(...details(note));
  lines.push(
    "",
    "The next attempt works on the same branch and gets this comment as feedback.",
    "",
    marker,
    "",
  );
  return lines.join("\n");
}

function headline(cause: FailureCause): string {
  switch (cause.kind) {
    case "job":
      return `the job ended with \`${cause.conclusion ?? "no conclusion"}\` ([run](${cause.url})).`;
    case "timed-out":
      return `the job ran longer than ${cause.minutes} minutes and was cancelled ([run](${cause.url})).`;
    case "never-started":
      return `no workflow run started after ${cause.tries} dispatches.`;
    case "agent-failed":
      return "the agent reported that it did not finish the task.";
    case "no-pull":
      return "the job finished without opening a pull request.";
    case "checks":
      return `required checks failed: ${cause.failures.map((failure) => `\`${failure.context}\``).join(", ")}.`;
    case "changes-requested":
      return "a reviewer requested changes.";
    case "conflict":
      return `the branch conflicts with \`${cause.base}\`: merge \`${cause.base}\` into it and resolve the conflicts.`;
  }
}

function details(note: FeedbackNote): string[] {
  const { cause } = note;
  if (cause.kind === "changes-requested") {
    return cause.reviews.flatMap((review) => [
      `**Review by ${escapeUntrusted(review.author)}:**`,
      "",
      quote(cut(review.body, MAX_SUMMARY) || "(no text)"),
      "",
    ]);
  }
  if (cause.kind !== "checks") return [];
  return cause.failures.flatMap((failure) => {
    const name = failure.url ? `[\`${failure.context}\`](${failure.url})` : `\`${failure.context}\``;
    const out = [`#### ❌ ${name} — ${failure.conclusion ?? "failed"}`];
    if (failure.title) out.push(`**${escapeUntrusted(cut(failure.title, 200))}**`);
    if (failure.summary) out.push("", quote(cut(failure.summary, MAX_SUMMARY)));
    const extra = failure.checkRunId === null ? undefined : note.details[failure.checkRunId];
    const annotations = extra?.annotations ?? [];
    if (annotations.length > 0) {
      out.push("");
      for (const annotation of annotations.slice(0, MAX_ANNOTATIONS)) {
        const where = `${annotation.path}${annotation.line === null ? "" : `:${annotation.line}`}`;
        out.push(
          `- \`${escapeUntrusted(where).replace(/`/g, "'")}\`: ${escapeUntrusted(cut(annotation.message, 300))}`,
        );
      }
      if (annotations.length > MAX_ANNOTATIONS) out.push(`- … ${annotations.length - MAX_ANNOTATIONS} more`);
    }
    if (extra?.logTail) {
      // Inside the fence nothing renders, but a `<!--` could still read as a marker: break it up.
      const tail = extra.logTail.slice(-MAX_LOG).replace(/`{3,}/g, "ʼʼʼ").replace(/</g, "<\u200b");
      out.push(
        "",
        "<details><summary>End of the log</summary>",
        "",
        "```text",
        tail,
        "```",
        "",
        "</details>",
      );
    }
    out.push("");
    return out;
  });
}

function cut(text: string, limit: number): string {
  const points = [...text.trim()];
  return points.length <= limit ? points.join("") : `${points.slice(0, limit - 1).join("")}…`;
}

function quote(text: string): string {
  return escapeUntrusted(text)
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}
