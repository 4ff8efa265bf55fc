import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";

const MANIFEST = new URL("../../app.yml", import.meta.url);

const manifestSchema = z.object({
  default_permissions: z.record(z.string(), z.enum(["read", "write", "admin"])),
  default_events: z.array(z.string()),
});
export type AppManifest = z.infer<typeof manifestSchema>;

/** What Foreman's App asks for (`app.yml`): the permissions and events an installation must grant. */
export async function readAppManifest(): Promise<AppManifest> {
  return manifestSchema.parse(parse(await readFile(MANIFEST, "utf8")));
}
