import * as core from "@actions/core";
import type { z } from "zod";

const SECRET_INPUTS = ["github-token", "anthropic-api-key", "claude-code-oauth-token"];

/**
 * Reads every input once, masks the secrets the moment they are read (before anything can print
 * them), and validates the lot: a bad input is one error naming each input, what it must be and what
 * it was.
 */
export function readActionInputs<Schema extends z.ZodObject>(
  schema: Schema,
): { ok: true; inputs: z.infer<Schema> } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    raw[name] = core.getInput(name);
    if (SECRET_INPUTS.includes(name) && raw[name] !== "") core.setSecret(raw[name]);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, inputs: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "inputs");
    const shown = SECRET_INPUTS.includes(name) ? "" : ` (got "${raw[name] ?? ""}")`;
    return `- input \`${name}\`: ${issue.message}${issue.message.includes("got") ? "" : shown}`;
  });
  return { ok: false, message: `The Foreman Action's inputs are not valid:\n${problems.join("\n")}` };
}
