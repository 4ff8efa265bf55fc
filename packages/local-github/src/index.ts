/**
 * The local GitHub: a REST API checked against GitHub's OpenAPI description, real bare git repositories,
 * signed webhooks, a local Actions runner and a local CI. The product and its tests use only what this
 * file exports; everything else in the package is private to it.
 */
import type { Emulator, EmulatorOptions } from "./emulator/start-emulator.ts";

export { ADMIN_LOGIN, type Permission } from "./emulator/emulator-state.ts";
export { FaultSpecError, parseFaultSpec } from "./emulator/fault-plan.ts";
export type { RequestLogEntry } from "./emulator/request-accounting.ts";
export type {
  Emulator,
  EmulatorDelivery,
  EmulatorOptions,
  EmulatorStats,
} from "./emulator/start-emulator.ts";
export type { DeliveryMode, ReplicaDelivery } from "./emulator/webhook-dispatcher.ts";
export { BareRepo, type CommitInfo, type GitIdentity, type RefUpdate } from "./git/bare-repo.ts";
export { commandJob, type JobContext, type WorkflowJob } from "./runner/local-runner.ts";

/**
 * Starts a local GitHub (see `start-emulator.ts`). The emulator's modules, GitHub's 13 MB API description
 * and its validators load on the first start, so a command that only parses a fault spec stays fast.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { startEmulator: start } = await import("./emulator/start-emulator.ts");
  return start(options);
}
export {
  type MessagesApi,
  type MessagesApiOptions,
  type MessagesRequestBody,
  type MessagesScript,
  type RecordedRequest,
  type ScriptedBlock,
  type ScriptedError,
  type ScriptedMessage,
  type ScriptedTurn,
  type ScriptedUsage,
  startMessagesApi,
} from "./messages-api/index.ts";
