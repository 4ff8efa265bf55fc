import { readMarkers } from "../plan/read-markers.ts";
import type { CheckRunFact, TaskFacts } from "../plan/task-facts.ts";
import type { EngineInput, EngineTask, NoticeTopic } from "./engine-input.ts";
import type { EngineWrite, EngineWriteOutcome } from "./engine-write.ts";
import { formatRunName } from "./format-run-name.ts";
import { formatTimestamp } from "./format-timestamp.ts";
import { readTaskRecords } from "./read-task-records.ts";

/**
 * The engine's input as it is after `write` succeeded with `outcome` — what reading GitHub again would
 * show, without the reads — or null when GitHub's answer does not say (a branch update, a re-run, a
 * refused write): the shell then reads the ground truth again instead of guessing.
 */
export function applyEngineWrite(
  input: EngineInput,
  write: EngineWrite,
  outcome: EngineWriteOutcome,
): EngineInput | null {
  if (outcome.kind === "refused") return null;
  const at = formatTimestamp(input.now);
  switch (write.kind) {
    case "claim-attempt":
      return withTask(input, write.taskId, (task) => ({
        ...task,
        claims: [...task.claims, { attempt: write.attempt, try: write.try }],
      }));
    case "dispatch-workflow": {
      if (outcome.kind === "workflow-missing") return { ...input, workflowExists: false };
      if (outcome.kind !== "run" || outcome.runId === null) return { ...input, workflowExists: true };
      const run = {
        id: outcome.runId,
        branch: write.ref,
        event: "workflow_dispatch",
        status: "queued" as const,
        conclusion: null,
        runAttempt: 1,
        displayTitle: formatRunName(input.plan.number, write.taskId, write.attempt),
        url: outcome.url ?? "",
        createdAt: at,
        updatedAt: at,
        startedAt: null,
      };
      return withFacts({ ...input, workflowExists: true }, write.taskId, (facts) => ({
        ...facts,
        runs: [...facts.runs, run],
      }));
    }
    case "create-comment":
    case "update-comment": {
      if (outcome.kind !== "comment") return null;
      const comment = { id: outcome.id, url: outcome.url, updatedAt: at, body: write.body };
      if (write.taskId !== null) {
        return withTask(input, write.taskId, (task) => ({
          ...task,
          records: [
            ...task.records.filter((record) => record.id !== comment.id),
            ...readTaskRecords([comment], input.plan.number, task.id),
          ],
        }));
      }
      const marker = readMarkers(write.body)[0];
      if (marker?.kind === "summary")
        return { ...input, summary: { commentId: comment.id, body: write.body } };
      if (marker?.kind !== "notice") return input;
      const topic: NoticeTopic = marker.topic;
      return {
        ...input,
        notices: [
          ...input.notices.filter((notice) => notice.topic !== topic),
          { topic, commentId: comment.id, body: write.body },
        ],
      };
    }
    case "update-issue": {
      if (write.number === input.plan.number) {
        return { ...input, plan: { ...input.plan, state: write.patch.state ?? input.plan.state } };
      }
      return withChild(input, write.number, (child) => ({
        ...child,
        ...(write.patch.state ? { state: write.patch.state } : {}),
        ...(write.patch.stateReason ? { stateReason: write.patch.stateReason } : {}),
        ...(write.patch.labels ? { labels: write.patch.labels } : {}),
      }));
    }
    case "add-labels":
      return withChild(input, write.number, (child) => ({
        ...child,
        labels: [...new Set([...child.labels, ...write.labels])],
      }));
    case "publish-check": {
      if (write.taskId === null) {
        return { ...input, mergeGroupHeads: input.mergeGroupHeads.filter((head) => head !== write.headSha) };
      }
      const id = outcome.kind === "check" ? outcome.id : write.checkRunId;
      if (id === null) return null;
      const run: CheckRunFact = {
        id,
        name: write.name,
        appId: input.appId,
        headSha: write.headSha,
        status: write.status,
        conclusion: write.conclusion,
        url: "",
        startedAt: at,
        completedAt: write.status === "completed" ? at : null,
        title: write.title,
        summary: write.summary,
      };
      return withFacts(input, write.taskId, (facts) => ({
        ...facts,
        checkRuns: [...facts.checkRuns.filter((known) => known.id !== id), run],
      }));
    }
    case "cancel-run":
      return withFacts(input, write.taskId, (facts) => ({
        ...facts,
        runs: facts.runs.map((run) =>
          run.id === write.runId
            ? { ...run, status: "completed", conclusion: "cancelled", updatedAt: at }
            : run,
        ),
      }));
    case "merge-pull": {
      if (outcome.kind === "conflict") {
        return withPull(input, write.taskId, write.pull, (pull) => ({ ...pull, mergeableState: "dirty" }));
      }
      if (outcome.kind !== "merged") return null;
      // The merge commit is the base branch's new head; no check has reported on it yet.
      const base = { ...input.base, sha: outcome.sha, checkRuns: [], statuses: [] };
      return withPull({ ...input, base }, write.taskId, write.pull, (pull) => ({
        ...pull,
        state: "closed",
        merged: true,
        mergedAt: at,
        mergeSha: outcome.sha,
      }));
    }
    case "delete-branch":
      if (write.taskId === "report") return { ...input, report: { ...input.report, branchExists: false } };
      return withTask(input, write.taskId, (task) => ({ ...task, branchExists: false }));
    case "commit-file":
      return { ...input, report: { ...input.report, branchExists: true } };
    case "open-pull": {
      if (outcome.kind !== "pull") return null;
      const pull = {
        number: outcome.number,
        url: outcome.url,
        branch: write.branch,
        baseRef: write.base,
        state: "open" as const,
        draft: false,
        merged: false,
        mergedAt: null,
        mergeSha: null,
        headSha: outcome.headSha,
        baseSha: input.base.sha,
        mergeableState: null,
        changedFiles: null,
        createdAt: at,
      };
      const facts = input.report.facts;
      return { ...input, report: { ...input.report, facts: { ...facts, pulls: [pull, ...facts.pulls] } } };
    }
    case "rerun-check":
    case "update-branch":
      return null;
  }
}

function withTask(input: EngineInput, taskId: string, change: (task: EngineTask) => EngineTask): EngineInput {
  return { ...input, tasks: input.tasks.map((task) => (task.id === taskId ? change(task) : task)) };
}

function withFacts(input: EngineInput, taskId: string, change: (facts: TaskFacts) => TaskFacts): EngineInput {
  return withTask(input, taskId, (task) => ({ ...task, facts: change(task.facts) }));
}

function withChild(
  input: EngineInput,
  number: number,
  change: (child: NonNullable<EngineTask["child"]>) => NonNullable<EngineTask["child"]>,
): EngineInput {
  return {
    ...input,
    tasks: input.tasks.map((task) =>
      task.child?.number === number ? { ...task, child: change(task.child) } : task,
    ),
  };
}

function withPull(
  input: EngineInput,
  taskId: string,
  number: number,
  change: (pull: TaskFacts["pulls"][number]) => TaskFacts["pulls"][number],
): EngineInput {
  if (taskId === "report") {
    const facts = input.report.facts;
    const pulls = facts.pulls.map((pull) => (pull.number === number ? change(pull) : pull));
    return { ...input, report: { ...input.report, facts: { ...facts, pulls } } };
  }
  return withFacts(input, taskId, (facts) => ({
    ...facts,
    pulls: facts.pulls.map((pull) => (pull.number === number ? change(pull) : pull)),
  }));
}
