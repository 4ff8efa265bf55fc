export type {
  MessagesRequestBody,
  MessagesScript,
  RecordedRequest,
  ScriptedBlock,
  ScriptedError,
  ScriptedMessage,
  ScriptedTurn,
  ScriptedUsage,
} from "./script-types.ts";
export type { MessagesApi, MessagesApiOptions } from "./start-messages-api.ts";
export { startMessagesApi } from "./start-messages-api.ts";
