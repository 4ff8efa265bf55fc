import { isAbsolute, join } from "node:path";
import type { RecordedSession, RecordedTurn } from "./recorded-session.ts";

/**
 * The turns of a recording as the fake Messages API plays them in `workspace`: every tool input's
 * `file_path` made absolute (Claude Code's file tools refuse relative paths). The last turn must end
 * the session, so a recording that ends on a tool call is an error here rather than a hung replay.
 */
export function resolveRecordedSession(session: RecordedSession, workspace: string): RecordedTurn[] {
  if (!isAbsolute(workspace)) throw new Error(`workspace must be an absolute path, got "${workspace}"`);
  const last = session.turns.at(-1);
  if (last?.blocks.some((block) => block.type === "tool_use"))
    throw new Error(
      `${session.task} attempt ${session.attempt}: the last turn calls a tool; end the recording with a text-only turn`,
    );
  return session.turns.map((turn) => ({
    ...turn,
    blocks: turn.blocks.map((block) => {
      if (block.type !== "tool_use" || typeof block.input.file_path !== "string") return block;
      const path = block.input.file_path;
      if (isAbsolute(path) || path.split(/[\\/]/).includes(".."))
        throw new Error(
          `${session.task} attempt ${session.attempt}: ${block.name} path "${path}" must stay inside the workspace (write it relative to the repository root)`,
        );
      return { ...block, input: { ...block.input, file_path: join(workspace, path) } };
    }),
  }));
}
