/** The `/foreman …` commands (issue 4); anything else after `/foreman` is an unknown command. */
export const COMMAND_NAMES = [
  "start",
  "status",
  "pause",
  "resume",
  "cancel",
  "replan",
  "retry",
  "skip",
  "help",
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type ForemanCommand =
  | { kind: "command"; name: CommandName; task: string | null; text: string }
  | { kind: "unknown"; text: string };

/** Role of a user on the repository, as `repos/get-collaborator-permission-level` reports it. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";
