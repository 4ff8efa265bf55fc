import { matchPathGlob } from "../config/match-path-glob.ts";
import type { AttemptOutcome, SessionRecord } from "./attempt-types.ts";
import { readBlockedReason } from "./read-blocked-reason.ts";

export type OutcomeInput = {
  session: SessionRecord;
  maxTurns: number;
  /** null: no dollar limit */
  budgetUsd: number | null;
  /** input + output tokens; null: no token cap */
  maxTokens: number | null;
  /** paths the agent's session changed (added, modified, deleted) */
  changedPaths: readonly string[];
  protectedPaths: readonly string[];
};

const API_FAILURES = new Set([
  "api_error",
  "model_error",
  "prompt_too_long",
  "blocking_limit",
  "image_error",
]);

/**
 * How the attempt ended, checked in this order: the API failed → failed, nothing published; past the
 * turn limit or the budget (whatever the SDK's subtype says: a "success" past the limit has been
 * seen), the budget or the token cap → failed; a protected path changed → needs-human, nothing pushed; the agent said it cannot
 * continue, or tool refusals left it with nothing → needs-human; nothing changed → failed; any other
 * error → failed; otherwise success, and the work is published.
 */
export function decideAttemptOutcome(input: OutcomeInput): AttemptOutcome {
  const { session } = input;
  const failed = (reason: string): AttemptOutcome => ({ result: "failed", reason, publish: false });
  const needsHuman = (reason: string): AttemptOutcome => ({ result: "needs-human", reason, publish: false });

  const tokens = session.inputTokens + session.outputTokens;
  const overTokens =
    session.stoppedAtTokens !== null || (input.maxTokens !== null && tokens > input.maxTokens);
  const tokenCap = () =>
    failed(
      `ran past its token cap (${Math.max(tokens, session.stoppedAtTokens ?? 0)} tokens, cap ${input.maxTokens})`,
    );
  // Stopped by the Action for its token cap: that is the reason, whether or not a result followed.
  if (!session.gotResult && session.stoppedAtTokens !== null) return tokenCap();
  if (!session.gotResult)
    return failed(`the session ended without a result: ${session.error ?? "no reason given"}`);
  const terminal = session.terminalReason ?? "";
  if (session.apiErrorStatus !== null || API_FAILURES.has(terminal)) {
    const status = session.apiErrorStatus === null ? "" : ` ${session.apiErrorStatus}`;
    return failed(
      `the Messages API answered with an error${status}: ${firstLine(session.finalText) || terminal}`,
    );
  }
  if (session.subtype === "error_max_turns" || terminal === "max_turns" || session.turns > input.maxTurns) {
    return failed(`ran past max turns (${session.turns} turns, limit ${input.maxTurns})`);
  }
  const overBudget = input.budgetUsd !== null && session.costUsd > input.budgetUsd;
  if (session.subtype === "error_max_budget_usd" || terminal === "budget_exhausted" || overBudget) {
    const limit = input.budgetUsd === null ? "" : `, budget $${input.budgetUsd.toFixed(2)}`;
    return failed(`ran past its budget (spent $${session.costUsd.toFixed(4)}${limit})`);
  }
  if (overTokens) return tokenCap();
  const touched = input.changedPaths.filter((path) =>
    input.protectedPaths.some((glob) => matchPathGlob(path, glob)),
  );
  if (touched.length > 0) {
    return needsHuman(
      `the attempt changed protected paths: ${touched.map((path) => `\`${path}\``).join(", ")}`,
    );
  }
  const blocked = readBlockedReason(session.finalText);
  if (blocked !== null) return needsHuman(`the agent cannot continue: ${blocked}`);
  if (input.changedPaths.length === 0 && session.denials.length > 0) {
    const listed = session.denials.map(
      (denial) => `\`${denial.detail}\` (${denial.reason}; to allow: ${denial.allowWith})`,
    );
    return needsHuman(`the agent was refused tools it needed: ${listed.join("; ")}`);
  }
  if (session.subtype !== "success" || session.isError) {
    return failed(
      `the session ended with ${session.subtype}: ${firstLine(session.finalText) || terminal || "no detail"}`,
    );
  }
  if (input.changedPaths.length === 0) return failed("the attempt changed nothing");
  return { result: "success", reason: `changed ${input.changedPaths.length} file(s)`, publish: true };
}

function firstLine(text: string): string {
  return (text.split("\n").find((line) => line.trim() !== "") ?? "").trim().slice(0, 300);
}
