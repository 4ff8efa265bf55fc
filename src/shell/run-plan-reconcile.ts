import { applyEngineWrite } from "../core/engine/apply-engine-write.ts";
import { decidePlanWithEngine, type ReconcileWrite } from "../core/engine/decide-plan-with-engine.ts";
import type { EngineReads } from "../core/engine/engine-reads.ts";
import type { EngineWrite, EngineWriteOutcome } from "../core/engine/engine-write.ts";
import { applyPlanWrite } from "../core/plan/apply-plan-write.ts";
import { derivePlanView } from "../core/plan/derive-plan-view.ts";
import type { PlanIntent } from "../core/plan/plan-round.ts";
import type { PlanWrite, WriteOutcome } from "../core/plan/plan-write.ts";
import { readFooterMarker } from "../core/plan/read-footer-marker.ts";
import { executeEngineWrite } from "../github/execute-engine-write.ts";
import { executePlanWrite } from "../github/execute-plan-write.ts";
import { loadEngineReads } from "../github/load-engine-reads.ts";
import { statusOfError } from "../github/status-of-error.ts";
import { transientDelay } from "../github/transient-delay.ts";
import { type ClaimSubject, claimRef } from "./claim-ref.ts";
import { type LoadedPlan, loadPlan } from "./load-plan.ts";
import type { PlanShell } from "./plan-shell.ts";
import { runReconcileLoop } from "./run-reconcile-loop.ts";

export type PlanReconcileRequest = {
  planNumber: number;
  intent: PlanIntent;
  /** the plan as just read, to save the first load */
  loaded?: LoadedPlan | null;
  /**
   * writes a command asked for, made before the reconcile's own. Each is a "make it so" write (a label,
   * an issue's state) that is safe to send again, so after a refused write the ones not yet done are.
   */
  first?: readonly PlanWrite[];
};

export type PlanReconcileResult = { loaded: LoadedPlan | null; writes: PlanWrite[] };

/** The plan and, once it is approved and the host runs the engine, the engine's own reads. */
type ReconcileState = LoadedPlan & { engine: EngineReads | null };

/** A write whose result the fold cannot predict: the loop reads the ground truth again at once. */
class ReadAgain extends Error {}

const ENGINE_KINDS: ReadonlySet<string> = new Set<EngineWrite["kind"]>([
  "claim-attempt",
  "dispatch-workflow",
  "post-record",
  "update-record",
  "publish-check",
  "rerun-check",
  "cancel-run",
  "update-branch",
  "merge-pull",
  "delete-branch",
  "commit-file",
  "open-pull",
]);

/** What a write creates an issue for, claimed first so one replica alone creates it. */
function subjectOf(write: ReconcileWrite): ClaimSubject | null {
  if (write.kind === "create-issue") return { kind: "task", id: write.taskId };
  if (write.kind === "create-phase-issue") return { kind: "phase", id: write.phase };
  return null;
}

function isPlanWrite(write: ReconcileWrite): write is PlanWrite {
  return !ENGINE_KINDS.has(write.kind);
}

/** Another replica holds the claim on a task's issue: read again, its issue should be there soon. */
class ClaimTaken extends Error {}
/** A link write met the state another replica had just made (GitHub's 422): read again. */
class WriteRaced extends Error {}

/** Claims of one task lost in a row before its claimant is taken to have died between claim and create. */
const STALE_CLAIM_AFTER = 3;
const CLAIM_PAUSE_MS = 500;
/**
 * How long a claim is surely still its holder's own: a takeover waits out at least the pauses of
 * STALE_CLAIM_AFTER lost claims (3.5 s). A holder slower than this asks GitHub whether it was taken over.
 */
const CLAIM_SURELY_OWN_MS = 1000;
/** Rounds beyond one per task: labels, links, state labels, the tracking comment. */
const SETTLE_ROUNDS = 20;

/**
 * One reconcile of one plan through the host-agnostic loop: the Forge reads and writes, the pure
 * reconcile (the plan's planners, then the engine's) decides, each write's result is folded into the
 * state; a write whose effect GitHub's answer does not show ends the round with a fresh read.
 */
export async function runPlanReconcile(
  shell: PlanShell,
  request: PlanReconcileRequest,
): Promise<PlanReconcileResult> {
  const { planNumber, intent } = request;
  let pending = [...(request.first ?? [])];
  // A task's issue is created once per reconcile: a second create means the snapshot lost track of the
  // first one (a misread marker, an issue GitHub hides from the listing), and going on would repeat it
  // on every round. The reconcile stops instead; the next event starts from a fresh read.
  const created = new Set<string>();
  const claimsLost = new Map<string, number>();
  const generations = new Map<string, number>();
  /** claim key (`task T1`, `phase 2`) → when this replica asked for the claim it holds */
  const claimed = new Map<string, number>();
  /** claim keys whose issue this replica created while another may have taken the claim over */
  const contested = new Set<string>();
  // A refused re-run stays refused for the reconcile, also after a fresh read: asked again, GitHub says no again.
  const rerunRefused = new Set<number>();
  let claimBase: Promise<string | null> | undefined;

  /**
   * Each task's issue is created by one replica only: the one whose `POST /git/refs` of the task's claim
   * ref succeeds (GitHub answers 422 to the others). A claim whose issue never appears — its claimant
   * crashed between the two writes, or its own claim's answer was lost — is taken over after a few reads
   * by claiming the next generation's ref: a new name, so again exactly one replica wins it.
   */
  const keyOf = (subject: ClaimSubject) => `${subject.kind} ${subject.id}`;
  const claim = async (subject: ClaimSubject): Promise<void> => {
    claimBase ??= shell.forge.getDefaultBranch().then((branch) => shell.forge.getBranchHead(branch));
    const sha = await claimBase;
    const key = keyOf(subject);
    if (sha === null || claimed.has(key)) return;
    const generation = generations.get(key) ?? 0;
    const askedAt = shell.now().getTime();
    if ((await shell.forge.createRef(claimRef(planNumber, subject, generation), sha)) === "created") {
      claimed.set(key, askedAt);
      return;
    }
    const lost = (claimsLost.get(key) ?? 0) + 1;
    claimsLost.set(key, lost);
    if (lost <= STALE_CLAIM_AFTER) throw new ClaimTaken(`${key}: another replica claimed its issue`);
    shell.log(`plan #${planNumber}: the claim on the issue of ${key} is stale; claiming it anew`);
    generations.set(key, generation + 1);
    claimsLost.set(key, 0);
    const takeoverAskedAt = shell.now().getTime();
    if ((await shell.forge.createRef(claimRef(planNumber, subject, generation + 1), sha)) === "exists")
      throw new ClaimTaken(`${key}: another replica took the stale claim over`);
    claimed.set(key, takeoverAskedAt);
  };
  /**
   * Whether a claim this replica holds may have been taken over: only a holder slower than a takeover
   * can be, and then GitHub shows the next generation's ref. A takeover's own winner always counts as
   * contested, since the holder it replaced may only be slow and create its issue later.
   */
  const takenOver = async (subject: ClaimSubject): Promise<boolean> => {
    const key = keyOf(subject);
    const askedAt = claimed.get(key);
    if (askedAt === undefined || shell.now().getTime() - askedAt < CLAIM_SURELY_OWN_MS) return false;
    const next = claimRef(planNumber, subject, (generations.get(key) ?? 0) + 1);
    return shell.forge.refExists(next);
  };
  /** Before creating: a claim taken over is given up, and the next generation's holder is waited for. */
  const confirmClaim = async (subject: ClaimSubject): Promise<void> => {
    if (!(await takenOver(subject))) return;
    const key = keyOf(subject);
    claimed.delete(key);
    generations.set(key, (generations.get(key) ?? 0) + 1);
    throw new ClaimTaken(`${key}: this replica was slow and its claim was taken over`);
  };
  const withEngine = async (loaded: LoadedPlan | null): Promise<ReconcileState | null> => {
    if (!loaded) return null;
    const view = derivePlanView(loaded.snapshot, loaded.document);
    if (!shell.engine || !shell.config.ok || view.mode === "not-started") return { ...loaded, engine: null };
    const read = await loadEngineReads(shell.forge, shell.engine.forge, {
      snapshot: loaded.snapshot,
      view,
      workflow: shell.config.config.workflow,
      appId: shell.engine.appId,
    });
    return { ...loaded, snapshot: read.snapshot, engine: { ...read.reads, rerunRefused: [...rerunRefused] } };
  };
  const result = await runReconcileLoop<ReconcileState, ReconcileWrite, EngineWriteOutcome | WriteOutcome>(
    {
      load: async () => withEngine(await loadPlan(shell.forge, shell.config, planNumber)),
      decide: (state) =>
        pending.length > 0
          ? pending
          : decidePlanWithEngine({
              ...state,
              config: shell.config,
              texts: shell.texts,
              intent,
              now: shell.now().toISOString(),
            }),
      write: async (write) => {
        if (!isPlanWrite(write)) {
          if (!shell.engine) throw new Error(`${write.kind} needs the engine's calls`);
          const outcome = await executeEngineWrite(shell.forge, shell.engine.forge, write);
          if (write.kind === "rerun-check" && outcome.kind === "rerun-refused")
            rerunRefused.add(write.checkRunId);
          return outcome;
        }
        const subject = subjectOf(write);
        if (subject) {
          if (created.has(keyOf(subject)))
            throw new Error(
              `plan #${planNumber}: asked to create the issue of ${keyOf(subject)} a second time; stopping`,
            );
          await claim(subject);
          await confirmClaim(subject);
        }
        try {
          const outcome = await executePlanWrite(shell.forge, write);
          if (subject) {
            const key = keyOf(subject);
            created.add(key);
            if ((generations.get(key) ?? 0) > 0 || (await takenOver(subject))) contested.add(key);
          }
          return outcome;
        } catch (error) {
          const link = write.kind === "add-sub-issue" || write.kind === "add-blocked-by";
          if (link && statusOfError(error) === 422)
            throw new WriteRaced(`${write.kind} #${write.number}: ${String(error)}`);
          throw error;
        }
      },
      fold: (state, write, outcome) => {
        pending = pending.filter((item) => item !== write);
        if (
          isPlanWrite(write) &&
          outcome.kind !== "refused" &&
          (outcome.kind === "issue" || outcome.kind === "comment" || outcome.kind === "done")
        ) {
          // Two replicas may both have created this issue: a fresh read finds both, and the reconcile
          // keeps the lower number and closes the other as a duplicate (`resolveChildren`).
          const subject = subjectOf(write);
          if (subject && contested.delete(keyOf(subject)))
            throw new ReadAgain(`${keyOf(subject)}'s claim was contested: reading again for duplicates`);
          // Replicas handling one event may each post the same once-per-plan comment (the approval, the
          // tracking comment, a note); the later of two posts is followed by its poster's read, which sees
          // both, so the copy is removed in this reconcile, not at the plan's next event.
          if (write.kind === "create-comment" && readFooterMarker(write.body) !== null)
            throw new ReadAgain("a comment is posted: reading again for a copy another replica posted");
          const snapshot = applyPlanWrite(state.snapshot, write, outcome);
          // Just approved: the engine's reads are taken now, so the first tasks start in this reconcile.
          const approvedNow =
            shell.engine &&
            state.engine === null &&
            derivePlanView(snapshot, state.document).mode !== "not-started";
          if (approvedNow) throw new ReadAgain("the plan is approved: reading what the engine needs");
          return { ...state, snapshot };
        }
        const folded =
          state.engine && !isPlanWrite(write)
            ? applyEngineWrite(
                { snapshot: state.snapshot, reads: state.engine },
                write,
                outcome,
                shell.now().getTime(),
              )
            : null;
        if (!folded) throw new ReadAgain(`${write.kind}: reading again`);
        return { ...state, snapshot: folded.snapshot, engine: folded.reads };
      },
      pauseAfter: (error, failures) =>
        error instanceof ReadAgain
          ? 0
          : error instanceof ClaimTaken || error instanceof WriteRaced
            ? CLAIM_PAUSE_MS * 2 ** (failures - 1)
            : transientDelay(error, failures),
      sleep: shell.sleep,
      log: (message) => shell.log(`plan #${planNumber}: ${message}`),
      // A task's issue is created in the round after its dependencies' (its body links them).
      maxRounds: (state) => state.document.graph.tasks.length + SETTLE_ROUNDS,
    },
    request.loaded === undefined ? undefined : await withEngine(request.loaded),
  );
  return {
    loaded: result.state && { snapshot: result.state.snapshot, document: result.state.document },
    writes: result.writes.filter(isPlanWrite),
  };
}
