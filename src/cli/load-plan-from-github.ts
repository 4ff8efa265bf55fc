// The one place the CLI and the MCP server reach into the app's plan loading; it is moving to
// src/shell, and this import is the line that follows it.
import { type LoadedPlan, loadPlan } from "../app/load-plan.ts";
import { loadTemplates } from "../app/load-templates.ts";
import type { ConfigResult } from "../core/config/parse-config.ts";
import type { Forge } from "../github/forge.ts";

/** A plan's text and ground truth, read exactly as the app reads it before a reconcile. */
export async function loadPlanFromGitHub(
  forge: Forge,
  config: ConfigResult,
  planNumber: number,
): Promise<LoadedPlan | null> {
  return loadPlan(
    { forge, config, templates: await loadTemplates(), formatReferenceUrl: "", log: () => {} },
    planNumber,
  );
}
