import type { ForemanConfig } from "../core/config/config-schema.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import type { BranchRules } from "./read-branch-rules.ts";
import type { RepositoryFacts } from "./read-repository.ts";

const NAME = "merging";

/**
 * The repository lets Foreman land verified work the way `merge` in the config says: a merge method
 * it may use, a merge queue when the branch has one (and checks that run on its merge groups), and no
 * review requirement that `merge: auto` would wait on forever. `mergeGroupWorkflows` are the workflow
 * files that run on `merge_group` (read only when the branch has a queue).
 */
export function checkMergeSettings(
  rules: BranchRules,
  config: ForemanConfig,
  facts: RepositoryFacts,
  branch: string,
  mergeGroupWorkflows: readonly string[] = [],
): DoctorCheck {
  const methods = [
    facts.allow_squash_merge ? "squash" : "",
    facts.allow_merge_commit ? "merge commit" : "",
    facts.allow_rebase_merge ? "rebase" : "",
  ].filter(Boolean);
  const methodsKnown = facts.allow_squash_merge !== undefined;
  if (methodsKnown && methods.length === 0) {
    return {
      name: NAME,
      outcome: "missing",
      summary: "the repository allows no merge method",
      details: [],
      fix: "Allow squash merging (Settings → General → Pull Requests).",
    };
  }
  if (rules.mergeQueue && mergeGroupWorkflows.length === 0) {
    return {
      name: NAME,
      outcome: "missing",
      summary: `${branch} has a merge queue, but no workflow on ${branch} runs on merge_group: queued PRs would wait for required checks that never come`,
      details: [],
      fix: "Add `merge_group:` to the `on:` of the workflow that reports your required checks.",
    };
  }
  if (config.merge === "auto" && rules.requiredReviews > 0) {
    return {
      name: NAME,
      outcome: "warning",
      summary: `merge: auto, but ${branch} requires ${rules.requiredReviews} approving review${rules.requiredReviews === 1 ? "" : "s"}: verified PRs wait for a person`,
      details: [],
      fix: "Set `merge: review` in .github/foreman.yml to say so, or let the Foreman App bypass the review rule in the ruleset.",
    };
  }
  const how =
    config.merge === "auto"
      ? "Foreman merges each verified PR"
      : "Foreman merges each verified PR once a writer approved it";
  const queue = rules.mergeQueue ? ` through ${branch}'s merge queue` : "";
  const details = [
    ...(rules.mergeQueue ? [`checks for the queue's merge groups: ${mergeGroupWorkflows.join(", ")}`] : []),
    ...(methodsKnown
      ? [`merge methods allowed: ${methods.join(", ")}`]
      : ["this token cannot see the merge methods"]),
    ...(methodsKnown && !facts.allow_squash_merge
      ? ["Foreman squashes by default; squash merging is off"]
      : []),
  ];
  return {
    name: NAME,
    outcome: methodsKnown && !facts.allow_squash_merge ? "warning" : "ok",
    summary: `merge: ${config.merge} — ${how}${queue}`,
    details,
    fix:
      methodsKnown && !facts.allow_squash_merge
        ? "Allow squash merging (Settings → General → Pull Requests)."
        : null,
  };
}
