import { z } from "zod";
import { draftMarkerSchemas } from "../planner/draft-marker-schemas.ts";

/**
 * Hidden `<!-- foreman:KIND key=value … -->` markers: how Foreman finds its own issues and comments
 * again (GitHub is the database). Values are URI-encoded so any task id survives the round trip.
 */
const planNumber = z.coerce.number().int().positive();
/** attempt numbers count from 1 */
const count = z.coerce.number().int().positive();
/**
 * `99,45`: issue numbers. Read leniently (anything else in the list is dropped), since a marker that
 * fails to parse would make Foreman lose track of its own issue.
 */
const issueNumbers = z.string().transform((text) => [
  ...new Set(
    text
      .split(",")
      .filter((item) => /^\d+$/.test(item))
      .map(Number),
  ),
]);

export const planMarkerSchema = z.discriminatedUnion("kind", [
  /**
   * a child issue: which plan, which task, the hash of the task's approved content, and the issues
   * outside the plan Foreman linked as its blockers (only those are Foreman's to remove again)
   */
  z.object({
    kind: z.literal("task"),
    plan: planNumber,
    task: z.string().min(1),
    spec: z.string().min(1),
    external: issueNumbers.optional(),
  }),
  /** the plan's status view, rebuilt on every reconcile */
  z.object({ kind: z.literal("tracking"), plan: planNumber }),
  /** who approved which plan text (hash); the pinned spec */
  z.object({ kind: z.literal("approval"), plan: planNumber, spec: z.string().min(1), by: z.string().min(1) }),
  /**
   * a writer's start that was not applied because the text changed between the approving event and
   * the reconcile: `spec` is the text they approved, which is no longer the issue's
   */
  z.object({ kind: z.literal("approval-stale"), plan: planNumber }),
  /** the list of problems that keep an invalid plan from starting */
  z.object({ kind: z.literal("invalid"), plan: planNumber }),
  /** the task-level diff shown while an edited plan waits for `/foreman replan` */
  z.object({ kind: z.literal("plan-changed"), plan: planNumber }),
  /** problems in `.github/foreman.yml` that keep the plan from starting */
  z.object({ kind: z.literal("config-error"), plan: planNumber }),
  /** the answer to someone without write access who added the plan label */
  z.object({ kind: z.literal("label-refused"), plan: planNumber, by: z.string().min(1) }),
  /**
   * the engine's record of one dispatch, on the child issue: which attempt, and the workflow run it
   * started once GitHub said (the contract between the engine and the Action, DESIGN.md)
   */
  z.object({
    kind: z.literal("dispatch"),
    plan: planNumber,
    task: z.string().min(1),
    attempt: count,
    run: z.coerce.number().int().positive().optional(),
  }),
  /**
   * the Action's record of how one attempt ended, on the child issue: the figures the engine's
   * budget ledger sums and the reports show
   */
  z.object({
    kind: z.literal("attempt"),
    plan: planNumber,
    task: z.string().min(1),
    attempt: count,
    result: z.enum(["success", "failed", "needs-human"]),
    run: z.coerce.number().int().positive().optional(),
    pr: z.coerce.number().int().positive().optional(),
    /** the commit the attempt pushed */
    head: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    turns: z.coerce.number().int().nonnegative().optional(),
    input: z.coerce.number().int().nonnegative().optional(),
    output: z.coerce.number().int().nonnegative().optional(),
    cost: z.coerce.number().nonnegative().optional(),
    ms: z.coerce.number().int().nonnegative().optional(),
  }),
  /**
   * what the engine tells the next attempt (failing checks, review comments), on the child issue, with
   * the head it judged and a signature of the failures (the no-progress guard compares them)
   */
  z.object({
    kind: z.literal("feedback"),
    plan: planNumber,
    task: z.string().min(1),
    attempt: count,
    head: z.string().min(1).optional(),
    failures: z.string().min(1).optional(),
  }),
  /** the engine called a person in after this attempt (`foreman:needs-human`), on the child issue */
  z.object({ kind: z.literal("escalation"), plan: planNumber, task: z.string().min(1), attempt: count }),
  /** a plan-level notice the engine posts once: budget spent, task workflow missing, no required checks */
  z.object({
    kind: z.literal("notice"),
    plan: planNumber,
    topic: z.enum(["budget", "workflow-missing", "no-required-checks"]),
  }),
  /** the completion summary posted when every task is done or skipped */
  z.object({ kind: z.literal("summary"), plan: planNumber }),
  /** Foreman's answer to one command comment, so a redelivered command is answered once */
  z.object({ kind: z.literal("reply"), comment: z.coerce.number().int().positive() }),
  ...draftMarkerSchemas,
]);
export type PlanMarker = z.infer<typeof planMarkerSchema>;
export type PlanMarkerKind = PlanMarker["kind"];
