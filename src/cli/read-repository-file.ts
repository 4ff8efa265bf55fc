import { z } from "zod";
import { statusOfError } from "../github/status-of-error.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";

const fileSchema = z.object({
  type: z.string(),
  content: z.string().optional(),
  encoding: z.string().optional(),
});

/** A file's text on `ref` through the contents API; null when there is no such file (or it is a directory). */
export async function readRepositoryFile(
  connection: GitHubConnection,
  repository: RepositoryReference,
  path: string,
  ref: string,
): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await connection.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repository,
      path,
      ref,
    }));
  } catch (error) {
    if (statusOfError(error) === 404) return null;
    throw error;
  }
  const file = fileSchema.safeParse(data);
  if (!file.success || file.data.type !== "file" || file.data.content === undefined) return null;
  return Buffer.from(file.data.content, file.data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
}
