import type { ConfigResult } from "../core/config/parse-config.ts";
import type { Forge } from "../github/forge.ts";
import { type LoadedPlan, loadPlan } from "../shell/load-plan.ts";

/**
 * A plan's text and ground truth, read exactly as the shell reads it before a reconcile: the one
 * place the CLI and the MCP server reach into plan loading.
 */
export async function loadPlanFromGitHub(
  forge: Forge,
  config: ConfigResult,
  planNumber: number,
): Promise<LoadedPlan | null> {
  return loadPlan(forge, config, planNumber);
}
