import { z } from "zod";
import type { TaskState } from "../core/graph/task-state.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { summariseTaskFacts } from "../core/plan/summarise-task-facts.ts";
import { mapLimited } from "../github/map-limited.ts";
import type { OpenedPlan } from "./open-plan-on-github.ts";
import {
  type AttemptStatus,
  type PlanStatus,
  planStatusSchema,
  type TaskStatus,
} from "./plan-status-schema.ts";

const CONCURRENCY = 4;

/**
 * The plan's task table from what GitHub shows: states derived as the app derives them, each task's
 * issue, PR and checks from the snapshot, and its attempts from the markers Foreman and its Action
 * left on the child issue (only Foreman's own comments count: nobody else can forge a cost).
 */
export async function readPlanStatus(opened: OpenedPlan): Promise<PlanStatus> {
  const { view, loaded, forge, reference } = opened;
  const { snapshot } = loaded;
  const planNumber = snapshot.plan.number;
  const logs = await mapLimited(view.tasks, CONCURRENCY, async (task) => {
    const child = view.children.get(task.id);
    return child ? attemptLog(await forge.listOwnComments(child.number), planNumber, task.id) : [];
  });
  const tasks = view.tasks.map((task, index): TaskStatus => {
    const child = view.children.get(task.id);
    const runtime = summariseTaskFacts(snapshot.tasks[task.id]);
    const log = logs[index] ?? [];
    return {
      id: task.id,
      title: task.title,
      state: view.states[task.id] ?? "pending",
      dependsOn: task.deps.map((dependency) => dependency.id),
      issue: child ? { number: child.number, url: child.url, state: child.state } : null,
      pr: runtime.pr
        ? {
            number: runtime.pr.number,
            url: runtime.pr.url,
            state: runtime.pr.state,
            merged: runtime.pr.merged,
          }
        : null,
      checks: runtime.checks,
      attempts: Math.max(runtime.attempts, log.length),
      attemptLog: log,
      costUsd: sum(log.map((attempt) => attempt.costUsd)),
    };
  });
  const byState: Record<string, number> = {};
  for (const task of tasks) byState[task.state] = (byState[task.state] ?? 0) + 1;
  const attempts = tasks.flatMap((task) => task.attemptLog);
  return planStatusSchema.parse({
    repository: `${reference.owner}/${reference.repo}`,
    plan: {
      number: planNumber,
      title: snapshot.plan.title,
      url: snapshot.plan.url,
      status: planStatusOf(view.mode, view.cancelled, view.paused, Object.values(view.states)),
      approvedBy: view.approval?.by ?? null,
      spec: view.approval?.spec ?? null,
      trackingComment: view.comments.get("tracking")?.comment.url ?? null,
      notice: view.mode === "not-started" ? await notStartedNotice(opened) : null,
    },
    tasks,
    totals: {
      tasks: tasks.length,
      byState,
      attempts: tasks.reduce((total, task) => total + task.attempts, 0),
      costUsd: sum(tasks.map((task) => task.costUsd)),
      inputTokens: sum(attempts.map((attempt) => attempt.inputTokens)),
      outputTokens: sum(attempts.map((attempt) => attempt.outputTokens)),
    },
  } satisfies PlanStatus);
}

const commentAuthorsSchema = z.array(
  z.object({
    body: z.string().nullable().optional(),
    user: z.object({ login: z.string(), type: z.string() }).nullable(),
  }),
);

/** Why a plan shows no tasks, and what to do: start it, install the App, or name the App it has. */
async function notStartedNotice(opened: OpenedPlan): Promise<string> {
  const { reference, forge, loaded, config } = opened;
  const { data } = await opened.connection.request(
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    {
      owner: reference.owner,
      repo: reference.repo,
      issue_number: reference.number,
      per_page: 100,
    },
  );
  const otherApp = commentAuthorsSchema
    .parse(data)
    .find(
      (comment) =>
        comment.user?.type === "Bot" &&
        comment.user.login !== forge.selfLogin &&
        readMarkers(comment.body ?? "").some(
          (marker) => "plan" in marker && marker.plan === reference.number,
        ),
    )?.user?.login;
  if (otherApp) {
    return `Foreman's comments on this plan come from ${otherApp}, not ${forge.selfLogin}: pass --app ${otherApp.replace(/\[bot\]$/, "")}.`;
  }
  const label = config.ok ? config.config.label : "foreman";
  if (loaded.snapshot.plan.labels.includes(label)) {
    return `The plan has the \`${label}\` label but Foreman has not answered on it: is the App installed? \`foreman doctor ${reference.owner}/${reference.repo}\` checks.`;
  }
  return `Not started: add the \`${label}\` label or comment \`/foreman start\` (people with write access).`;
}

function planStatusOf(
  mode: OpenedPlan["view"]["mode"],
  cancelled: boolean,
  paused: boolean,
  states: TaskState[],
): PlanStatus["plan"]["status"] {
  if (mode === "not-started") return "not-started";
  if (cancelled) return "cancelled";
  if (mode === "changed") return "plan-changed";
  if (paused) return "paused";
  return states.length > 0 && states.every((state) => state === "done" || state === "skipped")
    ? "done"
    : "running";
}

/** One row per attempt: the Action's outcome marker, or the engine's dispatch marker while it runs. */
function attemptLog(
  comments: ReadonlyArray<{ body: string }>,
  planNumber: number,
  taskId: string,
): AttemptStatus[] {
  const byAttempt = new Map<number, AttemptStatus>();
  for (const marker of comments.flatMap((comment) => readMarkers(comment.body))) {
    if (!("task" in marker) || marker.plan !== planNumber || marker.task !== taskId) continue;
    if (marker.kind === "dispatch" && !byAttempt.has(marker.attempt)) {
      byAttempt.set(marker.attempt, {
        attempt: marker.attempt,
        result: "running",
        run: marker.run ?? null,
        turns: null,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
        durationMs: null,
      });
    }
    if (marker.kind === "attempt") {
      byAttempt.set(marker.attempt, {
        attempt: marker.attempt,
        result: marker.result,
        run: marker.run ?? byAttempt.get(marker.attempt)?.run ?? null,
        turns: marker.turns ?? null,
        inputTokens: marker.input ?? null,
        outputTokens: marker.output ?? null,
        costUsd: marker.cost ?? null,
        durationMs: marker.ms ?? null,
      });
    }
  }
  return [...byAttempt.values()].sort((a, b) => a.attempt - b.attempt);
}

function sum(values: ReadonlyArray<number | null>): number {
  // Cents are what people compare; summing floats should not print 0.30000000000000004.
  return Math.round(values.reduce<number>((total, value) => total + (value ?? 0), 0) * 1e6) / 1e6;
}
