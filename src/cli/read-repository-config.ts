import { parse } from "yaml";
import { CONFIG_PATH } from "../core/config/config-schema.ts";
import { type ConfigResult, parseConfig } from "../core/config/parse-config.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";
import { readRepositoryFile } from "./read-repository-file.ts";

export type RepositoryConfig = { result: ConfigResult; present: boolean };

/**
 * `.github/foreman.yml` on the default branch, read and checked the way the app reads it: absent
 * means the defaults; YAML that does not parse is a problem with the file, not a crash.
 */
export async function readRepositoryConfig(
  connection: GitHubConnection,
  repository: RepositoryReference,
  defaultBranch: string,
): Promise<RepositoryConfig> {
  const text = await readRepositoryFile(connection, repository, CONFIG_PATH, defaultBranch);
  if (text === null) return { result: parseConfig(null), present: false };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      present: true,
      result: { ok: false, problems: [{ key: "", message: `${CONFIG_PATH} is not valid YAML: ${reason}` }] },
    };
  }
  return { result: parseConfig(raw), present: true };
}
