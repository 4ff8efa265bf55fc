import { type BuildContext, repositoryApiUrl, type Schemas } from "./build-context.ts";
import type { RepositoryRecord } from "./emulator-state.ts";

/**
 * Classic branch protection as GitHub reports it: required status checks (the emulator's only rule),
 * enforced for admins too, so no token can merge around a red check.
 */
export function buildBranchProtection(
  context: BuildContext,
  repo: RepositoryRecord,
  branch: string,
): Schemas["branch-protection"] | null {
  const contexts = repo.requiredStatusChecks[branch];
  if (!contexts) return null;
  const url = `${repositoryApiUrl(context, repo)}/branches/${encodeURIComponent(branch)}/protection`;
  return {
    url,
    enabled: true,
    name: branch,
    protection_url: url,
    required_status_checks: {
      url: `${url}/required_status_checks`,
      enforcement_level: "everyone",
      contexts,
      checks: contexts.map((context) => ({ context, app_id: null })),
      contexts_url: `${url}/required_status_checks/contexts`,
      strict: false,
    },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: true },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

/**
 * The same requirement seen through the rulesets API (`GET /repos/{o}/{r}/rules/branches/{branch}`),
 * with the `merge_queue` rule where the branch requires a merge queue.
 */
export function buildBranchRules(
  repo: RepositoryRecord,
  branch: string,
): Array<
  (Schemas["repository-rule-required-status-checks"] | Schemas["repository-rule-merge-queue"]) &
    Schemas["repository-rule-ruleset-info"]
> {
  const source = {
    ruleset_source_type: "Repository" as const,
    ruleset_source: `${repo.owner}/${repo.name}`,
    ruleset_id: repo.id,
  };
  const contexts = repo.requiredStatusChecks[branch];
  return [
    ...(contexts
      ? [
          {
            type: "required_status_checks" as const,
            parameters: {
              required_status_checks: contexts.map((context) => ({ context })),
              strict_required_status_checks_policy: false,
              do_not_enforce_on_create: false,
            },
            ...source,
          },
        ]
      : []),
    ...(repo.mergeQueueBranches.includes(branch)
      ? [
          {
            type: "merge_queue" as const,
            parameters: {
              check_response_timeout_minutes: 60,
              grouping_strategy: "ALLGREEN" as const,
              max_entries_to_build: 1,
              max_entries_to_merge: 1,
              merge_method: "SQUASH" as const,
              min_entries_to_merge: 1,
              min_entries_to_merge_wait_minutes: 0,
            },
            ...source,
          },
        ]
      : []),
  ];
}
