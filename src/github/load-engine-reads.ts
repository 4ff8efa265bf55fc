import type { EngineReads } from "../core/engine/engine-reads.ts";
import { readClaimRef } from "../core/engine/read-claim-ref.ts";
import type { PlanView } from "../core/plan/derive-plan-view.ts";
import type { PlanSnapshot } from "../core/plan/plan-snapshot.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import type { TaskFacts } from "../core/plan/task-facts.ts";
import type { EngineForge } from "./engine-forge.ts";
import type { Forge } from "./forge.ts";
import { mapLimited } from "./map-limited.ts";

const CONCURRENCY = 4;
const WRITE_ACCESS = new Set(["admin", "maintain", "write"]);

export type EngineReadRequest = {
  snapshot: PlanSnapshot;
  view: PlanView;
  workflow: string;
  appId: number | null;
};

/**
 * The engine's reads beyond the plan's snapshot, proportional to the started tasks: the claims (one
 * listing), the task branches, the records on the child issues of started tasks, the changed files of
 * open task PRs, the base branch's head (and its checks only while a task PR has a failing check, to
 * tell a pre-existing failure), the permission of each reviewer, whether the task workflow exists
 * (only before any attempt), and the summary report's PR once the summary is posted. Returns the
 * snapshot with the changed files filled in.
 */
export async function loadEngineReads(
  forge: Forge,
  engine: EngineForge,
  request: EngineReadRequest,
): Promise<{ snapshot: PlanSnapshot; reads: EngineReads }> {
  const { snapshot, view } = request;
  const plan = snapshot.plan.number;
  const [claims, branches, defaultBranch] = await Promise.all([
    engine.listRefs(`foreman/${plan}/attempts/`),
    forge.listBranches(`foreman/${plan}/`),
    forge.getDefaultBranch(),
  ]);
  const claimed = new Set(claims.flatMap((ref) => readClaimRef(ref)?.task ?? []));
  const started = [...view.children].filter(([id]) => snapshot.tasks[id] !== undefined || claimed.has(id));
  const comments = await mapLimited(started, CONCURRENCY, ([, child]) =>
    engine.listRecordComments(child.number),
  );
  const childComments = Object.fromEntries(
    started.map(([, child], index) => [child.number, comments[index] ?? []]),
  );

  const tasks: Record<string, TaskFacts> = { ...snapshot.tasks };
  const open = Object.entries(tasks).filter(([, facts]) => facts.pulls[0]?.state === "open");
  const files = await mapLimited(open, CONCURRENCY, ([, facts]) =>
    engine.listPullFiles(facts.pulls[0]?.number ?? 0),
  );
  open.forEach(([id, facts], index) => {
    const [newest, ...rest] = facts.pulls;
    if (newest) tasks[id] = { ...facts, pulls: [{ ...newest, changedFiles: files[index] ?? null }, ...rest] };
  });

  const baseRef = open[0]?.[1].pulls[0]?.baseRef ?? defaultBranch;
  const baseSha = (await forge.getBranchHead(baseRef)) ?? "";
  const failing = open.some(([, facts]) =>
    facts.checkRuns.some((run) => run.status === "completed" && run.conclusion === "failure"),
  );
  const [baseRuns, baseStatuses] =
    failing && baseSha
      ? await Promise.all([forge.listCheckRuns(baseSha), forge.listCommitStatuses(baseSha)])
      : [[], []];

  const reviewers = [...new Set(open.flatMap(([, facts]) => facts.reviews.map((review) => review.author)))];
  const permissions = await mapLimited(reviewers, CONCURRENCY, (login) => forge.getPermission(login));
  const writers = reviewers.filter((_, index) => WRITE_ACCESS.has(permissions[index] ?? "none"));

  const anyRun = Object.values(tasks).some((facts) => facts.runs.length > 0);
  const workflowExists = anyRun || claims.length > 0 ? true : await engine.workflowExists(request.workflow);

  const reportBranch = `foreman-report/${plan}`;
  const summarised = snapshot.comments.some((comment) =>
    readMarkers(comment.body).some((marker) => marker.kind === "summary" && marker.plan === plan),
  );
  const report = summarised ? await loadReport(forge, reportBranch) : emptyReport(reportBranch);

  return {
    snapshot: { ...snapshot, tasks },
    reads: {
      childComments,
      claims,
      branches,
      base: { ref: baseRef, sha: baseSha, checkRuns: baseRuns, statuses: baseStatuses },
      writers,
      workflowExists,
      checkDetails: {},
      mergeGroupHeads: [],
      rerunRefused: [],
      appId: request.appId,
      report,
    },
  };
}

async function loadReport(forge: Forge, branch: string): Promise<EngineReads["report"]> {
  const [head, pulls] = await Promise.all([forge.getBranchHead(branch), forge.listPullsByHead(branch)]);
  const open = pulls[0]?.state === "open" ? pulls[0] : null;
  const [checkRuns, statuses] = open
    ? await Promise.all([forge.listCheckRuns(open.headSha), forge.listCommitStatuses(open.headSha)])
    : [[], []];
  const withFiles = open ? [{ ...open, changedFiles: [] }, ...pulls.slice(1)] : pulls;
  return {
    facts: { branch, pulls: withFiles, checkRuns, statuses, reviews: [], runs: [] },
    branchExists: head !== null,
  };
}

function emptyReport(branch: string): EngineReads["report"] {
  return {
    facts: { branch, pulls: [], checkRuns: [], statuses: [], reviews: [], runs: [] },
    branchExists: false,
  };
}
