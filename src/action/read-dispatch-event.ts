import { readFile } from "node:fs/promises";
import { z } from "zod";

const eventSchema = z
  .object({
    sender: z.object({ login: z.string() }).loose().optional(),
    repository: z.object({ default_branch: z.string() }).loose().optional(),
  })
  .loose();

export type DispatchEvent = z.infer<typeof eventSchema>;

/** The parts of the triggering event the Action reads: who dispatched it, and the default branch. */
export async function readDispatchEvent(path: string | undefined): Promise<DispatchEvent> {
  if (path === undefined) return {};
  try {
    return eventSchema.parse(JSON.parse(await readFile(path, "utf8")));
  } catch {
    return {};
  }
}
