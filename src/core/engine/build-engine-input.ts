import type { PlanView } from "../plan/derive-plan-view.ts";
import type { PlanSnapshot } from "../plan/plan-snapshot.ts";
import type { PlanDocument } from "../plan/prepare-plan-document.ts";
import { readMarkers } from "../plan/read-markers.ts";
import type { TaskFacts } from "../plan/task-facts.ts";
import type { EngineConfig } from "./engine-config.ts";
import type { EngineInput, EngineTask, NoticeTopic, PlanNotice, TaskRecord } from "./engine-input.ts";
import type { EngineReads } from "./engine-reads.ts";
import { NEEDS_HUMAN_LABEL } from "./needs-human-label.ts";
import { readClaimRef } from "./read-claim-ref.ts";
import { readTaskRecords } from "./read-task-records.ts";

export type EngineSource = {
  snapshot: PlanSnapshot;
  document: PlanDocument;
  view: PlanView;
  reads: EngineReads;
  config: EngineConfig;
  /** epoch milliseconds */
  now: number;
};

/**
 * The engine's input from the plan's snapshot and view (the approved tasks, their child issues and
 * branch facts, Foreman's comments on the plan) and the engine's own reads. The plan runs only while
 * its text is the approved one: a changed or paused plan finishes what runs and starts nothing.
 */
export function buildEngineInput(source: EngineSource): EngineInput {
  const { snapshot, document, view, reads } = source;
  const planNumber = snapshot.plan.number;
  const tasks = document.graph.tasks.map((task): EngineTask => {
    const child = view.children.get(task.id) ?? null;
    const branch = `foreman/${planNumber}/${task.id}`;
    const records = child
      ? readTaskRecords(reads.childComments[child.number] ?? [], planNumber, task.id)
      : [];
    return {
      id: task.id,
      title: task.title,
      deps: task.deps.map((dependency) => dependency.id),
      files: task.files,
      priority: task.priority,
      acceptance: task.acceptance,
      status: task.status,
      child,
      closedBy: null,
      facts: snapshot.tasks[task.id] ?? emptyFacts(branch),
      branchExists: reads.branches.includes(branch),
      claims: reads.claims.flatMap((ref) => {
        const claim = readClaimRef(ref);
        return claim && claim.plan === planNumber && claim.task === task.id
          ? [{ attempt: claim.attempt, try: claim.try }]
          : [];
      }),
      records,
      checkDetails: reads.checkDetails,
      retryFrom: retryFrom(records, child?.labels ?? []),
    };
  });
  const notices: PlanNotice[] = [];
  let summary: EngineInput["summary"] = null;
  for (const comment of snapshot.comments) {
    for (const marker of readMarkers(comment.body)) {
      if (marker.kind === "notice" && marker.plan === planNumber) {
        const topic: NoticeTopic = marker.topic;
        notices.push({ topic, commentId: comment.id, body: comment.body });
      }
      if (marker.kind === "summary" && marker.plan === planNumber && summary === null) {
        summary = { commentId: comment.id, body: comment.body };
      }
    }
  }
  return {
    plan: {
      number: planNumber,
      author: snapshot.plan.author,
      url: snapshot.plan.url,
      state: snapshot.plan.state,
    },
    mode: view.cancelled ? "cancelled" : view.paused || view.mode !== "approved" ? "paused" : "running",
    tasks,
    issues: view.issues,
    base: reads.base,
    requiredChecks: snapshot.requiredChecks,
    writers: reads.writers,
    workflowExists: reads.workflowExists,
    notices,
    summary,
    report: reads.report,
    mergeGroupHeads: reads.mergeGroupHeads,
    rerunRefused: reads.rerunRefused,
    appId: reads.appId,
    config: source.config,
    now: source.now,
  };
}

function emptyFacts(branch: string): TaskFacts {
  return { branch, pulls: [], checkRuns: [], statuses: [], reviews: [], runs: [] };
}

/**
 * Attempts a person forgave with `/foreman retry` (which takes the `foreman:needs-human` label off):
 * everything up to the latest escalation once the label is gone, else up to the one before it.
 */
function retryFrom(records: readonly TaskRecord[], labels: readonly string[]): number {
  const escalations = records
    .flatMap((record) => (record.kind === "escalation" ? [record.attempt] : []))
    .sort((a, b) => b - a);
  const [latest = 0, earlier = 0] = [...new Set(escalations)];
  return labels.includes(NEEDS_HUMAN_LABEL) ? earlier : latest;
}
