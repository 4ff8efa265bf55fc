/**
 * Environment that makes git authenticate to an HTTPS remote with the App installation token, as an
 * HTTP header: never on a command line or in .git/config, and only for git commands the Action runs
 * (the agent's commands get none). A local remote (the local GitHub's repositories) needs nothing.
 */
export function gitAuthEnv(remoteUrl: string, token: string): Record<string, string> {
  if (!/^https?:\/\//.test(remoteUrl)) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${new URL(remoteUrl).origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
