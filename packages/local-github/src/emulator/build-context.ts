import type { components } from "@octokit/openapi-types";
import type { AccountRecord, EmulatorState, Permission, RepositoryRecord } from "./emulator-state.ts";

export type Schemas = components["schemas"];

/** What every builder needs: where the API lives and the state to read accounts from. */
export interface BuildContext {
  apiUrl: string;
  state: EmulatorState;
  /** The account for a login, created on first sight (a user type follows GitHub's `[bot]` suffix rule). */
  account(login: string): AccountRecord;
}

/** GitHub's node ids are opaque base64; clients only compare them, so kind + id is enough. */
export function buildNodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

/** GitHub's timestamps have second precision and a `Z` suffix. */
export function formatTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function repositoryApiUrl(context: BuildContext, repo: RepositoryRecord): string {
  return `${context.apiUrl}/repos/${repo.owner}/${repo.name}`;
}

export function repositoryHtmlUrl(context: BuildContext, repo: RepositoryRecord): string {
  return `${context.apiUrl}/${repo.owner}/${repo.name}`;
}

/** How GitHub labels a login's relationship to a repository (`author_association`). */
export function authorAssociation(
  context: BuildContext,
  repo: RepositoryRecord,
  login: string,
): Schemas["author-association"] {
  if (login === repo.owner) return "OWNER";
  const permission: Permission | undefined = repo.collaborators[login];
  if (!permission) return "NONE";
  const ownerIsOrganization = context.account(repo.owner).type === "Organization";
  return ownerIsOrganization && permission !== "read" && permission !== "triage" ? "MEMBER" : "COLLABORATOR";
}

/** GitHub shows commit messages without git's trailing newline. */
export function commitMessage(message: string): string {
  return message.replace(/\n+$/, "");
}
