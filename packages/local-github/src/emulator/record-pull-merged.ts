import { applyIssueUpdate } from "./apply-issue-update.ts";
import type { PullGitFacts } from "./build-pull-request.ts";
import { emitIssueEvent } from "./emit-issue-event.ts";
import type { EmulatorRuntime, PullIssue } from "./emulator-runtime.ts";
import type { IssueRecord, RepositoryRecord } from "./emulator-state.ts";
import type { Actor } from "./operation-types.ts";

/** Issues a merged pull request closes through "Closes #12"-style keywords in its title or body. */
function closingReferences(issue: IssueRecord): number[] {
  const text = `${issue.title}\n${issue.body ?? ""}`;
  const numbers = [...text.matchAll(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/gi)].map(
    (match) => Number(match[1]),
  );
  return [...new Set(numbers)];
}

/**
 * Marks a pull request merged at `sha` once its base branch holds it (by the merge button or a merge
 * queue): closed, `pull_request.closed`, and the issues it closes by keyword when it merged into the
 * default branch. `facts` are the pull request's numbers from before the merge, which git no longer tells.
 */
export async function recordPullMerged(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  issue: PullIssue,
  actor: Actor,
  sha: string,
  facts: PullGitFacts,
): Promise<void> {
  const now = runtime.now();
  issue.pull.merged = true;
  issue.pull.mergedAt = now;
  issue.pull.mergedByLogin = actor.login;
  issue.pull.mergeCommitSha = sha;
  issue.pull.mergedStats = {
    baseSha: facts.baseSha,
    commits: facts.commits,
    additions: facts.additions,
    deletions: facts.deletions,
    changedFiles: facts.changedFiles,
  };
  issue.state = "closed";
  issue.closedAt = now;
  issue.closedByLogin = actor.login;
  issue.updatedAt = now;
  await emitIssueEvent(runtime, repo, issue, { action: "closed" }, actor.login);
  if (issue.pull.baseRef !== repo.defaultBranch) return;
  for (const number of closingReferences(issue)) {
    const referenced = repo.issues.find((candidate) => candidate.number === number);
    if (!referenced || referenced.pull || referenced.state !== "open") continue;
    const events = applyIssueUpdate(runtime, actor, repo, referenced, {
      state: "closed",
      state_reason: "completed",
    });
    for (const event of events) await emitIssueEvent(runtime, repo, referenced, event, actor.login);
  }
}
