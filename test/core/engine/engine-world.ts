import { decideEngine } from "../../../src/core/engine/decide-engine.ts";
import { deriveEngineView } from "../../../src/core/engine/derive-engine-view.ts";
import type { EngineConfig } from "../../../src/core/engine/engine-config.ts";
import type { EngineInput, EngineTask } from "../../../src/core/engine/engine-input.ts";
import { REPORT_TASK } from "../../../src/core/engine/engine-reads.ts";
import type { EngineWrite, EngineWriteOutcome } from "../../../src/core/engine/engine-write.ts";
import { formatRunName } from "../../../src/core/engine/format-run-name.ts";
import { formatTimestamp } from "../../../src/core/engine/format-timestamp.ts";
import { readTaskRecords } from "../../../src/core/engine/read-task-records.ts";
import { formatMarker } from "../../../src/core/plan/format-marker.ts";
import type { WriteOutcome } from "../../../src/core/plan/plan-write.ts";
import { readMarkers } from "../../../src/core/plan/read-markers.ts";
import type { CheckRunFact, PullFact, WorkflowRunFact } from "../../../src/core/plan/task-facts.ts";
import { engineConfig, engineInput, engineTask, NOW, PLAN } from "./engine-fixtures.ts";

/**
 * A small model of GitHub, the task workflow and CI for driving the real engine in properties and the
 * makespan benchmark: jobs take their task's duration, push a commit, open the PR and report their
 * cost; CI reports one required check `test` per head. Faults are drawn from a seeded generator. Not
 * a replacement for the local GitHub (which the simulator uses): it checks decisions, not the API.
 */
export type WorldTask = {
  id: string;
  deps: string[];
  files: string[];
  priority?: string | null;
  durationMs: number;
};

export type WorldOptions = {
  tasks: WorldTask[];
  seed: number;
  config?: Partial<EngineConfig>;
  /** a job ends red */
  jobFailRate?: number;
  /** a pushed head fails CI (a re-run fails again) */
  checkFailRate?: number;
  /** a pushed head fails CI once, and passes when re-run */
  flakyRate?: number;
  /** GitHub accepts a dispatch but no run ever starts */
  lostDispatchRate?: number;
  /** the agent says it cannot proceed */
  blockedRate?: number;
  ciMs?: number;
  queueMs?: number;
  /** each attempt's cost, drawn from this range */
  costRange?: [number, number];
  /** the base branch requires up-to-date branches */
  strict?: boolean;
};

export type WorldLog = {
  /** every workflow_dispatch: task, attempt, try, time */
  dispatches: { task: string; attempt: number; try: number; at: number }[];
  merges: { task: string; sha: string; at: number }[];
  /** broken promises seen at the moment a write was executed */
  violations: string[];
  writes: number;
  refused: number;
};

const CI_APP = 15368;
const MINUTE = 60_000;

export class World {
  now = NOW;
  readonly log: WorldLog = { dispatches: [], merges: [], violations: [], writes: 0, refused: 0 };
  private truth: EngineInput;
  private readonly options: Required<Omit<WorldOptions, "config" | "tasks" | "seed">> & WorldOptions;
  private readonly random: () => number;
  private readonly refs = new Set<string>();
  private readonly checks = new Map<string, CheckRunFact[]>();
  private readonly events: { at: number; order: number; run: () => void }[] = [];
  private readonly failingHeads = new Map<string, "fail" | "flaky">();
  private nextId = 1000;
  private order = 0;

  constructor(options: WorldOptions) {
    this.options = {
      jobFailRate: 0,
      checkFailRate: 0,
      flakyRate: 0,
      lostDispatchRate: 0,
      blockedRate: 0,
      ciMs: 2 * MINUTE,
      queueMs: 10_000,
      costRange: [0.1, 0.5],
      strict: false,
      ...options,
    };
    this.random = mulberry32(options.seed);
    const tasks = options.tasks.map((task, index) =>
      engineTask(task.id, {
        deps: task.deps,
        files: task.files,
        priority: task.priority ?? null,
        child: {
          ...(engineTask(task.id).child as NonNullable<EngineTask["child"]>),
          number: 10 + index,
          id: 9010 + index,
        },
      }),
    );
    this.truth = engineInput(tasks, {
      config: engineConfig(options.config),
      requiredChecks: {
        checks: [{ context: "test", integrationId: null }],
        strict: this.options.strict,
        source: "rulesets",
      },
    });
  }

  /** GitHub as a fresh read would show it now. */
  read(): EngineInput {
    // Copies of everything the world changes in place later, so an earlier read stays as it was.
    const copyFacts = (facts: EngineTask["facts"]) => {
      const head = facts.pulls[0]?.headSha;
      return {
        ...facts,
        pulls: facts.pulls.map((pull) => ({ ...pull })),
        runs: facts.runs.map((run) => ({ ...run })),
        checkRuns: head ? (this.checks.get(head) ?? []).map((run) => ({ ...run })) : [],
      };
    };
    const tasks = this.truth.tasks.map((task) => ({
      ...task,
      child: task.child && { ...task.child, labels: [...task.child.labels] },
      claims: [...task.claims],
      records: [...task.records],
      facts: copyFacts(task.facts),
    }));
    const truth = this.truth;
    return {
      ...truth,
      plan: { ...truth.plan },
      base: { ...truth.base },
      notices: [...truth.notices],
      tasks,
      report: { ...truth.report, facts: copyFacts(truth.report.facts) },
      now: this.now,
    };
  }

  /** Advance to the next event; false when nothing is left to happen. */
  step(): boolean {
    this.events.sort((a, b) => a.at - b.at || a.order - b.order);
    const event = this.events.shift();
    if (!event) return false;
    this.now = Math.max(this.now, event.at);
    event.run();
    return true;
  }

  /** Schedules a tick: lets time pass when nothing else happens (a periodic resync). */
  tick(afterMs: number): void {
    this.at(afterMs, () => {});
  }

  pending(): number {
    return this.events.length;
  }

  execute(write: EngineWrite): EngineWriteOutcome | WriteOutcome {
    this.log.writes++;
    const outcome = this.apply(write);
    if (outcome.kind === "refused") this.log.refused++;
    return outcome;
  }

  private apply(write: EngineWrite): EngineWriteOutcome | WriteOutcome {
    const at = formatTimestamp(this.now);
    switch (write.kind) {
      case "claim-attempt":
        if (this.refs.has(write.ref)) return { kind: "refused", status: 422 };
        this.refs.add(write.ref);
        this.task(write.taskId).claims.push({ attempt: write.attempt, try: write.try });
        return { kind: "done" };
      case "dispatch-workflow":
        return this.dispatch(write);
      case "post-record":
      case "update-record": {
        const id = write.kind === "update-record" ? write.commentId : this.nextId++;
        const comment = {
          id,
          url: `https://github.com/acme/demo/issues/c${id}`,
          updatedAt: at,
          body: write.body,
        };
        const task = this.task(write.taskId);
        task.records = [
          ...task.records.filter((record) => record.id !== id),
          ...readTaskRecords([comment], PLAN, task.id),
        ];
        return { kind: "record", id, url: comment.url, updatedAt: at };
      }
      case "create-comment":
      case "update-comment": {
        const id = write.kind === "update-comment" ? write.commentId : this.nextId++;
        const marker = readMarkers(write.body)[0];
        if (marker?.kind === "summary") this.truth.summary = { commentId: id, body: write.body };
        if (marker?.kind === "notice")
          this.truth.notices.push({ topic: marker.topic, commentId: id, body: write.body });
        const url = `https://github.com/acme/demo/issues/1#issuecomment-${id}`;
        return { kind: "comment", comment: { id, body: write.body, author: "foreman[bot]", url } };
      }
      case "update-issue": {
        if (write.number === PLAN) {
          this.truth.plan.state = write.patch.state ?? this.truth.plan.state;
          return { kind: "done" };
        }
        const task = this.truth.tasks.find((candidate) => candidate.child?.number === write.number);
        if (task?.child) Object.assign(task.child, write.patch);
        return { kind: "done" };
      }
      case "add-labels": {
        const task = this.truth.tasks.find((candidate) => candidate.child?.number === write.number);
        if (task?.child) task.child.labels = [...new Set([...task.child.labels, ...write.labels])];
        return { kind: "done" };
      }
      case "publish-check": {
        const runs = this.checks.get(write.headSha) ?? [];
        const id = write.checkRunId ?? this.nextId++;
        const run: CheckRunFact = {
          id,
          name: write.name,
          appId: this.truth.appId,
          headSha: write.headSha,
          status: write.status,
          conclusion: write.conclusion,
          url: "",
          startedAt: at,
          completedAt: write.status === "completed" ? at : null,
          title: write.title,
          summary: write.summary,
        };
        this.checks.set(write.headSha, [...runs.filter((known) => known.id !== id), run]);
        return { kind: "check", id };
      }
      case "rerun-check": {
        const head = [...this.checks].find(([, runs]) =>
          runs.some((run) => run.id === write.checkRunId),
        )?.[0];
        if (head) this.runCi(head, true);
        return { kind: "done" };
      }
      case "cancel-run": {
        const run = this.task(write.taskId).facts.runs.find((candidate) => candidate.id === write.runId);
        if (run && run.status !== "completed")
          Object.assign(run, { status: "completed", conclusion: "cancelled", updatedAt: at });
        return { kind: "done" };
      }
      case "update-branch": {
        const pull = this.pullOf(write.taskId, write.pull);
        if (!pull || pull.headSha !== write.headSha || pull.state !== "open")
          return { kind: "refused", status: 422 };
        this.push(pull);
        return { kind: "done" };
      }
      case "merge-pull":
        return this.merge(write);
      case "delete-branch":
        if (write.taskId === REPORT_TASK) this.truth.report.branchExists = false;
        else this.task(write.taskId).branchExists = false;
        return { kind: "done" };
      case "commit-file":
        this.truth.report.branchExists = true;
        return { kind: "done" };
      case "open-pull": {
        const number = this.nextId++;
        const pull = this.newPull(number, write.branch, [`.foreman/reports/plan-${PLAN}.md`]);
        this.truth.report.facts.pulls.unshift(pull);
        this.runCi(pull.headSha, false);
        return { kind: "pull", number, url: pull.url, headSha: pull.headSha };
      }
    }
  }

  private dispatch(write: Extract<EngineWrite, { kind: "dispatch-workflow" }>): EngineWriteOutcome {
    const view = deriveEngineView(this.read());
    const task = this.task(write.taskId);
    const claim = task.claims.filter((known) => known.attempt === write.attempt).at(-1);
    this.log.dispatches.push({ task: task.id, attempt: write.attempt, try: claim?.try ?? 0, at: this.now });
    for (const dep of task.deps) {
      if (view.states[dep] !== "done" && view.states[dep] !== "skipped") {
        this.log.violations.push(
          `deps: ${task.id} dispatched while its dependency ${dep} is ${view.states[dep]}`,
        );
      }
    }
    if (!claim)
      this.log.violations.push(`claim: ${task.id} attempt ${write.attempt} dispatched without a claim`);
    const active = this.truth.tasks.filter((other) =>
      other.facts.runs.some((run) => run.status !== "completed" && !(other.id === task.id)),
    ).length;
    const dispatching = [...view.work.values()].filter(
      (work) =>
        work.taskId !== task.id && (work.phase.kind === "claimed" || work.phase.kind === "dispatching"),
    ).length;
    if (active + dispatching >= this.truth.config.concurrency) {
      this.log.violations.push(
        `concurrency: ${task.id} dispatched with ${active + dispatching} attempts already active`,
      );
    }
    for (const other of this.truth.tasks) {
      const phase = view.work.get(other.id)?.phase.kind ?? "idle";
      const holds = ["claimed", "dispatching", "running", "verifying", "verified"].includes(phase);
      if (other.id !== task.id && holds && other.files.some((file) => task.files.includes(file))) {
        this.log.violations.push(
          `locks: ${task.id} dispatched while ${other.id} holds a lock on the same files`,
        );
      }
    }
    if (write.attempt - task.retryFrom > this.truth.config.maxAttempts) {
      this.log.violations.push(`attempts: ${task.id} dispatched attempt ${write.attempt} beyond maxAttempts`);
    }
    if (this.random() < this.options.lostDispatchRate) return { kind: "run", runId: null, url: null };
    const id = this.nextId++;
    const run: WorkflowRunFact = {
      id,
      branch: "main",
      event: "workflow_dispatch",
      status: "queued",
      conclusion: null,
      runAttempt: 1,
      displayTitle: formatRunName(PLAN, task.id, write.attempt),
      url: `https://github.com/acme/demo/actions/runs/${id}`,
      createdAt: formatTimestamp(this.now),
      updatedAt: formatTimestamp(this.now),
      startedAt: null,
    };
    task.facts.runs.push(run);
    const duration = this.options.tasks.find((spec) => spec.id === task.id)?.durationMs ?? MINUTE;
    this.at(this.options.queueMs, () => {
      if (run.status !== "queued") return;
      Object.assign(run, { status: "in_progress", startedAt: formatTimestamp(this.now) });
      this.at(duration, () => this.finishJob(task.id, run, write.attempt));
    });
    return { kind: "run", runId: id, url: run.url };
  }

  private finishJob(taskId: string, run: WorkflowRunFact, attempt: number): void {
    if (run.status === "completed") return;
    const task = this.task(taskId);
    const [low, high] = this.options.costRange;
    const cost = Number((low + this.random() * (high - low)).toFixed(4));
    const roll = this.random();
    const result =
      roll < this.options.blockedRate
        ? "needs-human"
        : roll < this.options.blockedRate + this.options.jobFailRate
          ? "failed"
          : "success";
    if (result === "success") {
      const pull = task.facts.pulls.find((candidate) => candidate.state === "open");
      if (pull) this.push(pull);
      else {
        const created = this.newPull(this.nextId++, task.facts.branch, task.files);
        task.facts.pulls.unshift(created);
        this.runCi(created.headSha, false);
      }
      task.branchExists = true;
    }
    const id = this.nextId++;
    const body = formatMarker({
      kind: "attempt",
      plan: PLAN,
      task: taskId,
      attempt,
      result,
      run: run.id,
      turns: 7,
      input: 1000,
      output: 200,
      cost,
      ms: this.now - (Date.parse(run.startedAt ?? run.createdAt) || this.now),
    });
    task.records.push(
      ...readTaskRecords([{ id, url: "", updatedAt: formatTimestamp(this.now), body }], PLAN, taskId),
    );
    Object.assign(run, {
      status: "completed",
      conclusion: result === "success" ? "success" : "failure",
      updatedAt: formatTimestamp(this.now),
    });
  }

  /** A new head on the PR (a job's commit or a branch update): CI runs on it. */
  private push(pull: PullFact): void {
    pull.headSha = `h${this.nextId++}`;
    pull.baseSha = this.truth.base.sha;
    pull.mergeableState = "clean";
    this.runCi(pull.headSha, false);
  }

  private runCi(head: string, rerun: boolean): void {
    if (!rerun && !this.failingHeads.has(head)) {
      const roll = this.random();
      if (roll < this.options.checkFailRate) this.failingHeads.set(head, "fail");
      else if (roll < this.options.checkFailRate + this.options.flakyRate)
        this.failingHeads.set(head, "flaky");
    }
    const run: CheckRunFact = {
      id: this.nextId++,
      name: "test",
      appId: CI_APP,
      headSha: head,
      status: "queued",
      conclusion: null,
      url: `https://github.com/acme/demo/runs/${this.nextId}`,
      startedAt: formatTimestamp(this.now),
      completedAt: null,
      title: null,
      summary: null,
    };
    this.checks.set(head, [...(this.checks.get(head) ?? []), run]);
    this.at(this.options.ciMs, () => {
      const verdict = this.failingHeads.get(head);
      const fails = verdict === "fail" || (verdict === "flaky" && !rerun);
      Object.assign(run, {
        status: "completed",
        conclusion: fails ? "failure" : "success",
        completedAt: formatTimestamp(this.now),
        title: fails ? "1 test failed" : "all tests passed",
        summary: fails ? `expected ${head} to pass` : null,
      });
    });
  }

  private merge(write: Extract<EngineWrite, { kind: "merge-pull" }>): EngineWriteOutcome {
    const pull = this.pullOf(write.taskId, write.pull);
    if (pull?.state !== "open" || pull.headSha !== write.sha) return { kind: "refused", status: 409 };
    if (this.options.strict && pull.baseSha !== this.truth.base.sha) return { kind: "refused", status: 405 };
    const latest = (this.checks.get(pull.headSha) ?? []).filter((run) => run.name === "test").at(-1);
    if (latest?.conclusion !== "success") {
      this.log.violations.push(
        `verify: ${write.taskId} merged with test ${latest?.conclusion ?? "missing"} on ${pull.headSha}`,
      );
    }
    const sha = `m${this.nextId++}`;
    Object.assign(pull, {
      state: "closed",
      merged: true,
      mergedAt: formatTimestamp(this.now),
      mergeSha: sha,
    });
    this.truth.base.sha = sha;
    this.log.merges.push({ task: write.taskId, sha: pull.headSha, at: this.now });
    return { kind: "merged", sha };
  }

  private newPull(number: number, branch: string, files: string[]): PullFact {
    return {
      number,
      url: `https://github.com/acme/demo/pull/${number}`,
      branch,
      baseRef: "main",
      state: "open",
      draft: false,
      merged: false,
      mergedAt: null,
      mergeSha: null,
      headSha: `h${this.nextId++}`,
      baseSha: this.truth.base.sha,
      mergeableState: "clean",
      changedFiles: files,
      createdAt: formatTimestamp(this.now),
    };
  }

  private pullOf(taskId: string, number: number): PullFact | undefined {
    const facts = taskId === REPORT_TASK ? this.truth.report.facts : this.task(taskId).facts;
    return facts.pulls.find((pull) => pull.number === number);
  }

  private task(id: string): EngineTask {
    const task = this.truth.tasks.find((candidate) => candidate.id === id);
    if (!task) throw new Error(`no task ${id}`);
    return task;
  }

  private at(afterMs: number, run: () => void): void {
    this.events.push({ at: this.now + afterMs, order: this.order++, run });
  }
}

/**
 * One reconcile: decide, execute, read again, until nothing is asked; a refused write ends the round
 * (the shell's fold of each write is tested with the shell).
 * `stale` starts from an older read, as a replica that received the same event a little earlier.
 */
export function reconcileWorld(world: World, stale?: EngineInput): number {
  let input = stale ? { ...stale, now: world.now } : world.read();
  let writes = 0;
  for (let round = 0; round < 200; round++) {
    const wanted = decideEngine(input);
    if (wanted.length === 0) return writes;
    for (const write of wanted) {
      writes++;
      if (world.execute(write).kind === "refused") break;
    }
    input = world.read();
  }
  throw new Error("the engine did not settle within 200 rounds");
}

export type FaultOptions = {
  seed: number;
  /** a reconcile triggered by an event is lost (a dropped webhook) */
  drop?: number;
  /** an event triggers a second reconcile (a duplicated delivery) */
  duplicate?: number;
  /** a second replica reconciles from a read taken before the first replica's writes */
  replica?: number;
  /** the periodic resync */
  resyncMs?: number;
  /** give up after this much simulated time */
  limitMs?: number;
};

/** Runs the world to the end: events in time order, each triggering a reconcile, with faults. */
export function runWorld(world: World, faults: FaultOptions): void {
  const random = mulberry32(faults.seed ^ 0x5eed);
  const resync = faults.resyncMs ?? 15 * MINUTE;
  const limit = world.now + (faults.limitMs ?? 30 * 24 * 60 * MINUTE);
  reconcileWorld(world);
  let idleTicks = 0;
  while (world.now < limit) {
    if (world.pending() === 0) {
      // Nothing will happen by itself: the resync is the last chance for the engine to act.
      const before = world.log.writes;
      world.tick(resync);
      world.step();
      reconcileWorld(world);
      idleTicks = world.log.writes === before && world.pending() === 0 ? idleTicks + 1 : 0;
      if (idleTicks > 6) return;
      continue;
    }
    const earlier = random() < (faults.replica ?? 0) ? world.read() : undefined;
    world.step();
    if (random() < (faults.drop ?? 0)) continue;
    reconcileWorld(world);
    if (earlier) reconcileWorld(world, earlier);
    if (random() < (faults.duplicate ?? 0)) reconcileWorld(world);
  }
}

/** A small seeded generator, so every run of a property or benchmark can be replayed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
