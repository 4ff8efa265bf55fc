import type { ApiFault, FaultPlan } from "./fault-plan.ts";

/**
 * Faults a test turns on while the emulator runs (`Emulator.injectFaults`): a fault plan for some
 * operations only, at most `limit` faults per operation — so `api=5xx:1` with a limit of 1 fails the
 * first request of each named operation and no other. The emulator's own plan (`faults` at start) keeps its PRNG
 * stream: requests this window covers do not draw from it.
 */
export class FaultWindow {
  readonly #plan: FaultPlan;
  readonly #operations: ReadonlySet<string> | null;
  readonly #limit: number;
  readonly #faulted = new Map<string, number>();

  constructor(plan: FaultPlan, operations: readonly string[] | null, limit: number) {
    this.#plan = plan;
    this.#operations = operations === null ? null : new Set(operations);
    this.#limit = limit;
  }

  /** The fault for one request of `operationId`; null when the window does not cover the operation. */
  next(operationId: string): ApiFault | null {
    if (this.#operations !== null && !this.#operations.has(operationId)) return null;
    const faulted = this.#faulted.get(operationId) ?? 0;
    if (faulted >= this.#limit) return { kind: "none", latencyMs: 0 };
    const fault = this.#plan.nextApiFault();
    if (fault.kind !== "none") this.#faulted.set(operationId, faulted + 1);
    return fault;
  }
}
