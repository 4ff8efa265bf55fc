import type { CommitInfo } from "../git/bare-repo.ts";
import { commitMessage, type Schemas } from "./build-context.ts";

/** The `head_commit` of check suites, workflow runs and push payloads. */
export function buildSimpleCommit(commit: CommitInfo): Schemas["simple-commit"] {
  return {
    id: commit.sha,
    tree_id: commit.tree,
    message: commitMessage(commit.message),
    timestamp: commit.committer.date,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
  };
}
