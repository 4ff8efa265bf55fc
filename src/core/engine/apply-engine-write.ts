import { applyPlanWrite } from "../plan/apply-plan-write.ts";
import type { WriteOutcome } from "../plan/plan-write.ts";
import type { PullFact, TaskFacts } from "../plan/task-facts.ts";
import { REPORT_TASK } from "./engine-reads.ts";
import type { EngineState } from "./engine-state.ts";
import type { EngineWrite, EngineWriteOutcome } from "./engine-write.ts";
import { formatRunName } from "./format-run-name.ts";
import { formatTimestamp } from "./format-timestamp.ts";

/**
 * The plan's state as it is after the engine's `write` succeeded with `outcome` — what reading GitHub
 * again would show, without the reads — or null when GitHub's answer does not say (a branch update, a
 * re-run, a merge queued, a refusal): the shell then reads the ground truth again instead of guessing.
 * `now` (epoch ms) stamps what GitHub would stamp.
 */
export function applyEngineWrite(
  state: EngineState,
  write: EngineWrite,
  outcome: EngineWriteOutcome | WriteOutcome,
  now: number,
): EngineState | null {
  if (outcome.kind === "refused") return null;
  const { snapshot, reads } = state;
  const at = formatTimestamp(now);
  switch (write.kind) {
    case "create-comment":
    case "update-comment":
    case "update-issue":
    case "add-labels":
      return outcome.kind === "comment" || outcome.kind === "issue" || outcome.kind === "done"
        ? { ...state, snapshot: applyPlanWrite(snapshot, write, outcome) }
        : null;
    case "claim-attempt":
      return { ...state, reads: { ...reads, claims: [...reads.claims, write.ref] } };
    case "dispatch-workflow": {
      if (outcome.kind === "workflow-missing")
        return { ...state, reads: { ...reads, workflowExists: false } };
      const known = { ...state, reads: { ...reads, workflowExists: true } };
      if (outcome.kind !== "run" || outcome.runId === null) return known;
      const run = {
        id: outcome.runId,
        branch: write.ref,
        event: "workflow_dispatch",
        status: "queued" as const,
        conclusion: null,
        runAttempt: 1,
        displayTitle: formatRunName(snapshot.plan.number, write.taskId, write.attempt),
        url: outcome.url ?? "",
        createdAt: at,
        updatedAt: at,
        startedAt: null,
      };
      return withFacts(known, write.taskId, (facts) => ({ ...facts, runs: [...facts.runs, run] }));
    }
    case "post-record":
    case "update-record": {
      if (outcome.kind !== "record") return null;
      const number =
        write.kind === "post-record"
          ? write.number
          : Number(
              Object.entries(reads.childComments).find(([, comments]) =>
                comments.some((comment) => comment.id === write.commentId),
              )?.[0],
            );
      if (!Number.isInteger(number)) return null;
      const comment = { id: outcome.id, url: outcome.url, updatedAt: outcome.updatedAt, body: write.body };
      const others = (reads.childComments[number] ?? []).filter((known) => known.id !== comment.id);
      return {
        ...state,
        reads: { ...reads, childComments: { ...reads.childComments, [number]: [...others, comment] } },
      };
    }
    case "publish-check": {
      if (write.taskId === null) {
        return {
          ...state,
          reads: {
            ...reads,
            mergeGroupHeads: reads.mergeGroupHeads.filter((head) => head !== write.headSha),
          },
        };
      }
      const id = outcome.kind === "check" ? outcome.id : write.checkRunId;
      if (id === null) return null;
      const run = {
        id,
        name: write.name,
        appId: reads.appId,
        headSha: write.headSha,
        status: write.status,
        conclusion: write.conclusion,
        url: "",
        startedAt: at,
        completedAt: write.status === "completed" ? at : null,
        title: write.title,
        summary: write.summary,
      };
      return withFacts(state, write.taskId, (facts) => ({
        ...facts,
        checkRuns: [...facts.checkRuns.filter((known) => known.id !== id), run],
      }));
    }
    case "cancel-run":
      return withFacts(state, write.taskId, (facts) => ({
        ...facts,
        runs: facts.runs.map((run) =>
          run.id === write.runId
            ? { ...run, status: "completed", conclusion: "cancelled", updatedAt: at }
            : run,
        ),
      }));
    case "merge-pull": {
      if (outcome.kind === "conflict") {
        return withPull(state, write.taskId, write.pull, (pull) => ({ ...pull, mergeableState: "dirty" }));
      }
      if (outcome.kind !== "merged") return null;
      // The merge commit is the base branch's new head; no check has reported on it yet.
      const base = { ...reads.base, sha: outcome.sha, checkRuns: [], statuses: [] };
      return withPull({ ...state, reads: { ...reads, base } }, write.taskId, write.pull, (pull) => ({
        ...pull,
        state: "closed",
        merged: true,
        mergedAt: at,
        mergeSha: outcome.sha,
      }));
    }
    case "delete-branch": {
      if (write.taskId === REPORT_TASK)
        return { ...state, reads: { ...reads, report: { ...reads.report, branchExists: false } } };
      return {
        ...state,
        reads: { ...reads, branches: reads.branches.filter((branch) => branch !== write.branch) },
      };
    }
    case "commit-file":
      return { ...state, reads: { ...reads, report: { ...reads.report, branchExists: true } } };
    case "open-pull": {
      if (outcome.kind !== "pull") return null;
      const pull: PullFact = {
        number: outcome.number,
        url: outcome.url,
        branch: write.branch,
        baseRef: write.base,
        state: "open",
        draft: false,
        merged: false,
        mergedAt: null,
        mergeSha: null,
        headSha: outcome.headSha,
        baseSha: reads.base.sha,
        mergeableState: null,
        changedFiles: null,
        createdAt: at,
      };
      const facts = reads.report.facts;
      return {
        ...state,
        reads: { ...reads, report: { ...reads.report, facts: { ...facts, pulls: [pull, ...facts.pulls] } } },
      };
    }
    case "rerun-check":
      return outcome.kind === "rerun-refused"
        ? { ...state, reads: { ...reads, rerunRefused: [...reads.rerunRefused, write.checkRunId] } }
        : null;
    case "update-branch":
      return null;
  }
}

function withFacts(state: EngineState, taskId: string, change: (facts: TaskFacts) => TaskFacts): EngineState {
  if (taskId === REPORT_TASK) {
    const report = state.reads.report;
    return { ...state, reads: { ...state.reads, report: { ...report, facts: change(report.facts) } } };
  }
  const { snapshot } = state;
  const facts = snapshot.tasks[taskId] ?? {
    branch: `foreman/${snapshot.plan.number}/${taskId}`,
    pulls: [],
    checkRuns: [],
    statuses: [],
    reviews: [],
    runs: [],
  };
  return { ...state, snapshot: { ...snapshot, tasks: { ...snapshot.tasks, [taskId]: change(facts) } } };
}

function withPull(
  state: EngineState,
  taskId: string,
  number: number,
  change: (pull: PullFact) => PullFact,
): EngineState {
  return withFacts(state, taskId, (facts) => ({
    ...facts,
    pulls: facts.pulls.map((pull) => (pull.number === number ? change(pull) : pull)),
  }));
}
