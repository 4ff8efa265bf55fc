import { CONFIG_PATH } from "../core/config/config-schema.ts";
import { type ConfigResult, parseConfig } from "../core/config/parse-config.ts";
import { statusOfError } from "../github/status-of-error.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";

export type LoadedConfig = {
  result: ConfigResult;
  /** the plan label: the configured one, or what the file tried to set, or the default */
  label: string;
};

/**
 * `.github/foreman.yml` from the default branch, through Probot's `context.config` (which also
 * follows `_extends`). A file that cannot be used (not YAML, a directory) becomes a problem like an
 * invalid key, so the plan gets a comment instead of a silent failure; API errors still throw.
 */
export async function loadForemanConfig(context: Pick<ForemanEventContext, "config">): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await context.config("foreman.yml");
  } catch (error) {
    // API trouble is not a config problem: the caller retries it or fails the delivery.
    if (!(error instanceof Error) || statusOfError(error) !== undefined) throw error;
    const message =
      error.cause instanceof Error
        ? `is not valid YAML: ${error.cause.message}`
        : `cannot be read: ${error.message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "")}`;
    return {
      result: { ok: false, problems: [{ key: "", message: `${CONFIG_PATH} ${message}` }] },
      label: "foreman",
    };
  }
  const result = parseConfig(raw);
  if (result.ok) return { result, label: result.config.label };
  const attempted = typeof raw === "object" && raw !== null && "label" in raw ? raw.label : undefined;
  return {
    result,
    label: typeof attempted === "string" && attempted.trim() !== "" ? attempted.trim() : "foreman",
  };
}
