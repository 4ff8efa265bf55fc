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
  const allowed = {
    squash: facts.allow_squash_merge,
    merge: facts.allow_merge_commit,
    rebase: facts.allow_rebase_merge,
  };
  const methods = (["squash", "merge", "rebase"] as const)
    .filter((method) => allowed[method])
    .map(describeMethod);
  const methodsKnown = facts.allow_squash_merge !== undefined;
  const chosen = config.mergeMethod;
  const fixChosen = `Allow ${describeMethod(chosen)} merging (Settings → General → Pull Requests), or set \`mergeMethod:\` in .github/foreman.yml to one the repository allows.`;
  if (methodsKnown && methods.length === 0) {
    return {
      name: NAME,
      outcome: "missing",
      summary: "the repository allows no merge method",
      details: [],
      fix: fixChosen,
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
  const refused = methodsKnown && !allowed[chosen];
  const details = [
    ...(rules.mergeQueue ? [`checks for the queue's merge groups: ${mergeGroupWorkflows.join(", ")}`] : []),
    ...(methodsKnown
      ? [`merge methods allowed: ${methods.join(", ")}`]
      : ["this token cannot see the merge methods"]),
    ...(refused
      ? [`Foreman merges with mergeMethod: ${chosen}, and ${describeMethod(chosen)} merging is off`]
      : []),
  ];
  return {
    name: NAME,
    outcome: refused ? "warning" : "ok",
    summary: `merge: ${config.merge} — ${how}${queue}`,
    details,
    fix: refused ? fixChosen : null,
  };
}

function describeMethod(method: ForemanConfig["mergeMethod"]): string {
  return method === "merge" ? "merge commit" : method;
}
