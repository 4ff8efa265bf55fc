import { CliFailure } from "./cli-failure.ts";
import { EXIT_USAGE } from "./cli-io.ts";

export type RepositoryReference = { owner: string; repo: string };
export type PlanReference = RepositoryReference & { number: number };

const PATTERN = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})(?:#(\d{1,9}))?$/;

/**
 * `OWNER/REPO` or `OWNER/REPO#N`, as people write them on GitHub. `want` says whether the plan
 * number must be there (status, report) or must not (doctor).
 */
export function parseRepositoryReference(text: string | undefined, want: "plan"): PlanReference;
export function parseRepositoryReference(text: string | undefined, want: "repository"): RepositoryReference;
export function parseRepositoryReference(
  text: string | undefined,
  want: "plan" | "repository",
): PlanReference | RepositoryReference {
  const example = want === "plan" ? "OWNER/REPO#N, e.g. acme/demo#12" : "OWNER/REPO, e.g. acme/demo";
  const match = text === undefined ? null : PATTERN.exec(text.trim());
  const [, owner = "", repo = "", number] = match ?? [];
  if (!match || repo === "." || repo === "..") {
    throw new CliFailure(
      text === undefined ? `missing ${example}` : `'${text}' is not ${example}`,
      EXIT_USAGE,
    );
  }
  if (want === "plan") {
    if (number === undefined)
      throw new CliFailure(`'${text}' names no plan issue: use ${example}`, EXIT_USAGE);
    return { owner, repo, number: Number(number) };
  }
  if (number !== undefined) {
    throw new CliFailure(`'${text}' names an issue; give the repository only: ${example}`, EXIT_USAGE);
  }
  return { owner, repo };
}
