import { z } from "zod";
import { statusOfError } from "../github/status-of-error.ts";
import { CliFailure } from "./cli-failure.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";

const repositorySchema = z.object({
  full_name: z.string(),
  html_url: z.string(),
  default_branch: z.string(),
  owner: z.object({ login: z.string(), type: z.string() }),
  allow_auto_merge: z.boolean().optional(),
  allow_squash_merge: z.boolean().optional(),
  allow_merge_commit: z.boolean().optional(),
  allow_rebase_merge: z.boolean().optional(),
  permissions: z.object({ admin: z.boolean(), push: z.boolean(), pull: z.boolean() }).partial().optional(),
});
export type RepositoryFacts = z.infer<typeof repositorySchema>;

/** The repository's settings; a 404 becomes the sentence a person needs (GitHub hides private repositories). */
export async function readRepository(
  connection: GitHubConnection,
  repository: RepositoryReference,
): Promise<RepositoryFacts> {
  try {
    const { data } = await connection.request("GET /repos/{owner}/{repo}", { ...repository });
    return repositorySchema.parse(data);
  } catch (error) {
    if (statusOfError(error) === 404) {
      throw new CliFailure(
        `${repository.owner}/${repository.repo}: no such repository at ${connection.apiUrl}, or GITHUB_TOKEN cannot see it.`,
      );
    }
    throw error;
  }
}
