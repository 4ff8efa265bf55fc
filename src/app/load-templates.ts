import { readFile } from "node:fs/promises";
import type { PlanTemplates } from "../core/plan/plan-texts.ts";

const TEMPLATES = new URL("../../templates/", import.meta.url);

/** The user-visible texts Foreman renders, from `templates/` beside the code. */
export async function loadTemplates(): Promise<PlanTemplates> {
  const [childIssue, trackingComment] = await Promise.all([
    readFile(new URL("child-issue.md", TEMPLATES), "utf8"),
    readFile(new URL("tracking-comment.md", TEMPLATES), "utf8"),
  ]);
  return { childIssue, trackingComment };
}
