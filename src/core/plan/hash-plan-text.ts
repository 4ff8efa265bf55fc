import { createHash } from "node:crypto";

/**
 * The pinned spec: a short hash of the plan text as a writer approved it. Line endings and trailing
 * whitespace are normalised first because GitHub's editor turns `\n` into `\r\n` on save, and an
 * edit that changes nothing visible must not pause a plan.
 */
export function hashPlanText(body: string | null): string {
  const normalised = (body ?? "")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
  return createHash("sha256").update(normalised).digest("hex").slice(0, 12);
}
