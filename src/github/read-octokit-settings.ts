import { z } from "zod";
import { type ForemanOctokitSettings, PRODUCTION_SETTINGS } from "./create-foreman-octokit.ts";

const environmentSchema = z.object({
  FOREMAN_WRITE_SPACING_MS: z.coerce
    .number({ error: "FOREMAN_WRITE_SPACING_MS must be a number of milliseconds" })
    .int()
    .nonnegative()
    .optional(),
});

/** The client settings for `npm start`: GitHub's pace, unless `FOREMAN_WRITE_SPACING_MS` says otherwise. */
export function readOctokitSettings(environment: Record<string, string | undefined>): ForemanOctokitSettings {
  const parsed = environmentSchema.parse(environment);
  return {
    ...PRODUCTION_SETTINGS,
    writeSpacingMs: parsed.FOREMAN_WRITE_SPACING_MS ?? PRODUCTION_SETTINGS.writeSpacingMs,
  };
}
