import { z } from "zod";
import { statusOfError } from "../github/status-of-error.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";

export type BranchRules = {
  /** required check names, from the branch's rulesets and from classic protection */
  requiredChecks: { rulesets: string[]; protection: string[] };
  /** approving reviews a pull request needs before it may merge */
  requiredReviews: number;
  mergeQueue: boolean;
};

const ruleSchema = z.looseObject({
  type: z.string(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
const contextsSchema = z.object({
  required_status_checks: z.array(z.object({ context: z.string() })).optional(),
  required_approving_review_count: z.number().optional(),
});
const branchSchema = z.object({
  protection: z
    .object({
      required_status_checks: z
        .object({
          contexts: z.array(z.string()).optional(),
          checks: z.array(z.object({ context: z.string() })).optional(),
        })
        .optional(),
    })
    .optional(),
});

/**
 * What the default branch demands of a merge, as any reader sees it: the rules that apply to it
 * (every active ruleset, repository and organization) and classic protection's required checks.
 */
export async function readBranchRules(
  connection: GitHubConnection,
  repository: RepositoryReference,
  branch: string,
): Promise<BranchRules> {
  const rules: Array<z.infer<typeof ruleSchema>> = [];
  for (let page = 1; page <= 10; page++) {
    const { data } = await connection.request("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
      ...repository,
      branch,
      per_page: 100,
      page,
    });
    const parsed = z.array(ruleSchema).parse(data);
    rules.push(...parsed);
    if (parsed.length < 100) break;
  }
  const parameters = (type: string) =>
    rules.filter((rule) => rule.type === type).map((rule) => contextsSchema.parse(rule.parameters ?? {}));
  let protection: string[] = [];
  try {
    const { data } = await connection.request("GET /repos/{owner}/{repo}/branches/{branch}", {
      ...repository,
      branch,
    });
    const checks = branchSchema.parse(data).protection?.required_status_checks;
    protection = [
      ...new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((check) => check.context)]),
    ];
  } catch (error) {
    if (statusOfError(error) !== 404) throw error;
  }
  return {
    requiredChecks: {
      rulesets: [
        ...new Set(
          parameters("required_status_checks").flatMap((rule) =>
            (rule.required_status_checks ?? []).map((check) => check.context),
          ),
        ),
      ],
      protection,
    },
    requiredReviews: Math.max(
      0,
      ...parameters("pull_request").map((rule) => rule.required_approving_review_count ?? 0),
    ),
    mergeQueue: rules.some((rule) => rule.type === "merge_queue"),
  };
}
