import type { Probot } from "probot";
import { appSchema } from "../github/github-schemas.ts";

/**
 * Foreman's own login, `<app-slug>[bot]`: what GitHub shows as the author of everything the app
 * writes. Asked once as the app itself (JWT), since installation tokens cannot read `GET /app`.
 */
export async function lookUpSelfLogin(app: Pick<Probot, "auth">): Promise<string> {
  const octokit = await app.auth();
  const { data } = await octokit.request("GET /app");
  return `${appSchema.parse(data).slug}[bot]`;
}
