/** Variables passed through from the job when set: where the API is and how to reach it. */
const PASSED_THROUGH = [
  "ANTHROPIC_BASE_URL",
  "CLAUDE_CODE_MAX_RETRIES",
  "API_TIMEOUT_MS",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "LANG",
  "TMPDIR",
];

/**
 * The Claude Code process's whole environment (the SDK replaces it, it does not merge): `PATH`, a
 * `HOME` of its own, the one credential it needs, no telemetry or self-update — and nothing else from
 * the job, so the GitHub token never reaches the agent or the commands it runs.
 */
export function buildSessionEnv(
  jobEnv: Readonly<Record<string, string | undefined>>,
  options: { home: string; anthropicApiKey: string; claudeCodeOauthToken: string },
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: jobEnv.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: options.home,
    CI: "true",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
  for (const name of PASSED_THROUGH) {
    const value = jobEnv[name];
    if (value !== undefined && value !== "") env[name] = value;
  }
  if (options.anthropicApiKey !== "") env.ANTHROPIC_API_KEY = options.anthropicApiKey;
  else env.CLAUDE_CODE_OAUTH_TOKEN = options.claudeCodeOauthToken;
  return env;
}
