import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { statusOfError } from "../github/status-of-error.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";
import { readRepositoryFile } from "./read-repository-file.ts";

const WORKFLOWS_DIR = ".github/workflows";
const entriesSchema = z.array(z.object({ type: z.string(), path: z.string(), name: z.string() }));

/**
 * The workflow files on `ref` whose `on:` names `merge_group`: with a merge queue, the required checks
 * must run on the queue's merge groups too, or every queued PR waits for checks that never come. A file
 * that does not parse counts as not running on it (the task workflow check reports such files).
 */
export async function readMergeGroupWorkflows(
  connection: GitHubConnection,
  repository: RepositoryReference,
  ref: string,
): Promise<string[]> {
  let data: unknown;
  try {
    ({ data } = await connection.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repository,
      path: WORKFLOWS_DIR,
      ref,
    }));
  } catch (error) {
    if (statusOfError(error) === 404) return [];
    throw error;
  }
  const entries = entriesSchema.safeParse(data);
  if (!entries.success) return [];
  const files = entries.data.filter((entry) => entry.type === "file" && /\.ya?ml$/i.test(entry.name));
  const found: string[] = [];
  for (const file of files) {
    const text = await readRepositoryFile(connection, repository, file.path, ref);
    if (text !== null && triggers(text).includes("merge_group")) found.push(file.path);
  }
  return found;
}

/** The event names a workflow's `on:` lists, in any of its three shapes (a name, a list, a map). */
function triggers(text: string): string[] {
  let workflow: unknown;
  try {
    workflow = parseYaml(text);
  } catch {
    return [];
  }
  if (typeof workflow !== "object" || workflow === null) return [];
  const on = (workflow as Record<string, unknown>).on;
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((name): name is string => typeof name === "string");
  if (typeof on === "object" && on !== null) return Object.keys(on);
  return [];
}
