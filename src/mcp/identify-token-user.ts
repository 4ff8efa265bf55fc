import { z } from "zod";
import { CliFailure } from "../cli/cli-failure.ts";
import type { GitHubConnection } from "../cli/connect-github.ts";
import { statusOfError } from "../github/status-of-error.ts";

/**
 * The person a token acts for: Foreman obeys people with write access (and allow-listed bots), so a
 * tool that acts in someone's name must know whose. App installation tokens act for nobody.
 */
export async function identifyTokenUser(connection: GitHubConnection, what: string): Promise<string> {
  try {
    const { data } = await connection.request("GET /user");
    return z.object({ login: z.string() }).parse(data).login;
  } catch (error) {
    if (statusOfError(error) !== 403) throw error;
    throw new CliFailure(
      `${what} acts as the person GITHUB_TOKEN belongs to, and this is an App installation token, which belongs to nobody. Use a personal access token (or \`gh auth token\`) of someone with write access.`,
    );
  }
}
