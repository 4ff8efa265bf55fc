import type { RequiredCheck, RequiredChecksFact } from "../plan/task-facts.ts";
import type { EngineConfig } from "./engine-config.ts";
import { VERIFY_CHECK_NAME } from "./verify-task.ts";

/**
 * The checks a task PR must pass: `requiredChecks` from the config when it lists names, otherwise the
 * base branch's rules as GitHub reports them (rulesets ∪ classic protection, pinned to an app when
 * GitHub says so). `foreman/verify` is left out: it shows Foreman's verdict, it cannot be evidence for it.
 */
export function resolveRequiredChecks(
  setting: EngineConfig["requiredChecks"],
  fact: RequiredChecksFact,
): RequiredCheck[] {
  const checks =
    setting === "auto" ? fact.checks : setting.map((context) => ({ context, integrationId: null }));
  const seen = new Set<string>();
  return checks.filter((check) => {
    const key = `${check.context}\u0000${check.integrationId ?? ""}`;
    if (check.context === VERIFY_CHECK_NAME || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
