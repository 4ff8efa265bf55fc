import { connectGitHub, type GitHubConnection } from "./connect-github.ts";
import { DEFAULT_APP_SLUG } from "./open-plan-on-github.ts";

/** The options every command that talks to GitHub takes, for `parseArgs`. */
export const GITHUB_OPTIONS = {
  "api-url": { type: "string" },
  app: { type: "string" },
} as const;

export const GITHUB_OPTIONS_USAGE = `  --api-url URL   GitHub's REST API (default $GITHUB_API_URL, else https://api.github.com); for GitHub
                  Enterprise Server https://HOST/api/v3, for the local GitHub the URL \`foreman emulator\` prints
  --app SLUG      the slug of your Foreman GitHub App, whose comments are Foreman's (default ${DEFAULT_APP_SLUG})
The token comes from GITHUB_TOKEN (a personal access token, \`gh auth token\`, or an App installation token).`;

/** The connection and App slug from the parsed options and the environment, read in this one place. */
export function readGitHubOptions(
  values: { "api-url"?: string | undefined; app?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): { connection: GitHubConnection; appSlug: string } {
  return {
    connection: connectGitHub({ token: env.GITHUB_TOKEN, apiUrl: values["api-url"] ?? env.GITHUB_API_URL }),
    appSlug: values.app?.trim() || DEFAULT_APP_SLUG,
  };
}
