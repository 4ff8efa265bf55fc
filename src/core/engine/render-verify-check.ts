import type { CheckAction, EngineWrite } from "./engine-write.ts";
import { escapeUntrusted } from "./escape-untrusted.ts";
import type { CheckEvidence, VerifyVerdict } from "./verify-task.ts";

export type VerifyCheckView = {
  task: string;
  verdict: VerifyVerdict;
  acceptance: readonly string[];
  /** the base branch and its head, to name a pre-existing failure ("main is red") */
  base: { ref: string; sha: string };
};

type CheckContent = Pick<
  Extract<EngineWrite, { kind: "publish-check" }>,
  "status" | "conclusion" | "title" | "summary" | "actions"
>;

const RETRY: CheckAction = {
  label: "Retry",
  description: "Run a new attempt of this task",
  identifier: "retry",
};
const SKIP: CheckAction = {
  label: "Skip",
  description: "Skip the task; dependents go ahead",
  identifier: "skip",
};

const STATE_ICON: Record<CheckEvidence["state"], string> = {
  success: "✅",
  pending: "⏳",
  failure: "❌",
  missing: "⚪",
};

/**
 * Foreman's `foreman/verify` check run on a task PR's head (DESIGN.md "Verify"): one row per required
 * check with its link, one line per acceptance criterion with its evidence, and Retry / Skip buttons
 * while the verdict is not green (GitHub delivers a click as `check_run.requested_action`; only a
 * writer's click is obeyed).
 */
export function renderVerifyCheck(view: VerifyCheckView): CheckContent {
  const { verdict } = view;
  const short = verdict.head.slice(0, 7);
  const rows = verdict.checks.map((check) => {
    const name = check.url ? `[\`${check.context}\`](${check.url})` : `\`${check.context}\``;
    const note = check.preExisting
      ? ` — fails on \`${view.base.ref}\`@${view.base.sha.slice(0, 7)} too`
      : check.state === "failure" && check.rerunsLeft > 0
        ? " — re-running"
        : "";
    return `| ${STATE_ICON[check.state]} ${name} | ${check.source} | ${check.conclusion ?? "not reported"}${note} |`;
  });
  const table =
    rows.length === 0 ? [] : ["| required check | kind | result |", "| --- | --- | --- |", ...rows, ""];
  const evidence =
    verdict.kind === "verified" ? `required checks green on ${short}` : "waiting for the required checks";
  const criteria =
    view.acceptance.length === 0
      ? []
      : [
          "**Acceptance criteria**",
          ...view.acceptance.map(
            (criterion) =>
              `- [${verdict.kind === "verified" ? "x" : " "}] ${escapeUntrusted(criterion)} — ${evidence}`,
          ),
          "",
        ];
  const { status, conclusion, title, actions } = headline(view);
  return { status, conclusion, title, actions, summary: [...table, ...criteria].join("\n").trim() || title };
}

function headline(view: VerifyCheckView): Omit<CheckContent, "summary"> {
  const { verdict } = view;
  const short = verdict.head.slice(0, 7);
  switch (verdict.kind) {
    case "verified":
      return {
        status: "completed",
        conclusion: "success",
        title: `${view.task}: all ${verdict.checks.length} required checks passed on ${short}`,
        actions: [],
      };
    case "pending":
      return {
        status: "in_progress",
        conclusion: null,
        title: `${view.task}: waiting for ${verdict.waitingFor.slice(0, 5).join(", ")}`,
        actions: [],
      };
    case "failed": {
      if (verdict.failures.every((failure) => failure.preExisting)) {
        const names = verdict.failures.map((failure) => failure.context).join(", ");
        return {
          status: "in_progress",
          conclusion: null,
          title: `${view.base.ref} is red: ${names} fails on ${view.base.ref}@${view.base.sha.slice(0, 7)} too`,
          actions: [SKIP],
        };
      }
      return {
        status: "completed",
        conclusion: "failure",
        title: `${view.task}: ${verdict.failures.map((failure) => failure.context).join(", ")} failed on ${short}`,
        actions: [RETRY, SKIP],
      };
    }
    case "never": {
      const { reason } = verdict;
      if (reason.kind === "head-moved") {
        return {
          status: "in_progress",
          conclusion: null,
          title: `${view.task}: the head moved; waiting for checks on ${short}`,
          actions: [],
        };
      }
      return {
        status: "completed",
        conclusion: "action_required",
        title:
          reason.kind === "protected-path"
            ? `${view.task}: touches protected paths, never verified by Foreman`
            : `${view.task}: no required checks are configured, nothing can verify this`,
        actions: [RETRY, SKIP],
      };
    }
  }
}
