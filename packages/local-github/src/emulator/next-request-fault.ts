import type { ApiFault, FaultPlan } from "./fault-plan.ts";
import type { FaultWindow } from "./fault-window.ts";

/**
 * The fault one request meets: the test's window (`Emulator.injectFaults`) when it covers the
 * operation, else the emulator's own plan; null when neither injects anything.
 */
export function nextRequestFault(
  faults: { faults: FaultPlan | null; window: FaultWindow | null },
  operationId: string,
): ApiFault | null {
  return faults.window?.next(operationId) ?? faults.faults?.nextApiFault() ?? null;
}
