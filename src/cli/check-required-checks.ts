import type { ForemanConfig } from "../core/config/config-schema.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import type { BranchRules } from "./read-branch-rules.ts";

const NAME = "required checks";

/**
 * Foreman's verifier is the repository's own required checks: without any, a task would be "done"
 * on the agent's word, so Foreman would have nothing to verify with.
 */
export function checkRequiredChecks(rules: BranchRules, config: ForemanConfig, branch: string): DoctorCheck {
  const found = [...new Set([...rules.requiredChecks.rulesets, ...rules.requiredChecks.protection])];
  const sources = [
    rules.requiredChecks.rulesets.length > 0 ? "rulesets" : "",
    rules.requiredChecks.protection.length > 0 ? "branch protection" : "",
  ].filter(Boolean);
  if (config.requiredChecks !== "auto") {
    const unprotected = config.requiredChecks.filter((name) => !found.includes(name));
    return {
      name: NAME,
      outcome: unprotected.length > 0 ? "warning" : "ok",
      summary: `Foreman waits for ${config.requiredChecks.join(", ")} (requiredChecks in .github/foreman.yml)`,
      details:
        unprotected.length > 0
          ? [`${branch} does not require ${unprotected.join(", ")}: people can still merge without them`]
          : [],
      fix: unprotected.length > 0 ? `Require them on ${branch} too (Settings → Rules → Rulesets).` : null,
    };
  }
  if (found.length === 0) {
    return {
      name: NAME,
      outcome: "missing",
      summary: `${branch} requires no status checks, so Foreman has nothing to verify tasks with`,
      details: [],
      fix: `Add a branch ruleset on ${branch} that requires your CI's check (Settings → Rules → Rulesets → New branch ruleset → Require status checks to pass), or name the checks in .github/foreman.yml: \`requiredChecks: [test]\`.`,
    };
  }
  return {
    name: NAME,
    outcome: "ok",
    summary: `${branch} requires ${found.join(", ")} (${sources.join(" and ")})`,
    details: [],
    fix: null,
  };
}
