import { z } from "zod";
import { statusOfError } from "../github/status-of-error.ts";
import { compareAppInstallation } from "./compare-app-installation.ts";
import { connectGitHub, type GitHubConnection } from "./connect-github.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";
import type { AppManifest } from "./read-app-manifest.ts";
import type { RepositoryFacts } from "./read-repository.ts";
import { signAppJwt } from "./sign-app-jwt.ts";

export type AppCredentials = { appId: string; privateKey: string };

const installationSchema = z.object({
  app_slug: z.string(),
  permissions: z.record(z.string(), z.string().optional()),
  events: z.array(z.string()),
  repository_selection: z.enum(["all", "selected"]),
  suspended_at: z.string().nullable().optional(),
  html_url: z.string().optional(),
});
type Installation = z.infer<typeof installationSchema>;

const NAME = "GitHub App";

/**
 * The App is installed on the repository with what `app.yml` asks. Seen exactly as the App when its
 * credentials are given (APP_ID and PRIVATE_KEY, as for `npm start`); otherwise through the
 * organization's installation list, which takes an owner's token.
 */
export async function checkAppInstallation(options: {
  connection: GitHubConnection;
  repository: RepositoryReference;
  facts: RepositoryFacts;
  appSlug: string;
  credentials: AppCredentials | null;
  manifest: AppManifest;
  now: number;
}): Promise<DoctorCheck> {
  const { repository, appSlug, manifest } = options;
  const where = `${repository.owner}/${repository.repo}`;
  if (options.credentials) {
    const app = connectGitHub({
      token: signAppJwt(options.credentials.appId, options.credentials.privateKey, options.now),
      apiUrl: options.connection.apiUrl,
    });
    let slug: string;
    let appUrl: string;
    try {
      const { data } = await app.request("GET /app");
      ({ slug, html_url: appUrl } = z.object({ slug: z.string(), html_url: z.string() }).parse(data));
    } catch {
      return {
        name: NAME,
        outcome: "missing",
        summary: `GitHub refused APP_ID ${options.credentials.appId} with this PRIVATE_KEY`,
        details: [],
        fix: "Use the App's id and a private key generated on its settings page (Settings → Developer settings → GitHub Apps).",
      };
    }
    try {
      const { data } = await app.request("GET /repos/{owner}/{repo}/installation", { ...repository });
      return judge(installationSchema.parse(data), manifest, where, `${appUrl}/installations/new`);
    } catch (error) {
      if (statusOfError(error) !== 404) throw error;
      return notInstalled(slug, where, `${appUrl}/installations/new`);
    }
  }
  if (options.facts.owner.type !== "Organization") {
    return unknown(
      `${repository.owner} is a user account: only the App itself can say where it is installed`,
    );
  }
  let installations: Installation[] = [];
  try {
    for (let page = 1; page <= 10; page++) {
      const { data } = await options.connection.request("GET /orgs/{org}/installations", {
        org: repository.owner,
        per_page: 100,
        page,
      });
      const parsed = z.object({ installations: z.array(installationSchema) }).parse(data).installations;
      installations.push(...parsed);
      if (parsed.length < 100) break;
    }
  } catch (error) {
    const status = statusOfError(error);
    if (status !== 403 && status !== 404) throw error;
    return unknown(
      `this token cannot list ${repository.owner}'s app installations (that takes an organization owner)`,
    );
  }
  installations = installations.filter((installation) => installation.app_slug === appSlug);
  const installation = installations[0];
  const installUrl = `${options.facts.html_url.replace(/\/[^/]+\/[^/]+$/, "")}/apps/${appSlug}/installations/new`;
  if (!installation) return notInstalled(appSlug, repository.owner, installUrl);
  const verdict = judge(installation, manifest, where, installUrl);
  if (installation.repository_selection === "selected" && verdict.outcome === "ok") {
    verdict.details.push(
      `It is installed on selected repositories of ${repository.owner}; make sure ${repository.repo} is one of them.`,
    );
  }
  return verdict;
}

function judge(
  installation: Installation,
  manifest: AppManifest,
  where: string,
  installUrl: string,
): DoctorCheck {
  if (installation.suspended_at) {
    return {
      name: NAME,
      outcome: "missing",
      summary: `${installation.app_slug} is installed on ${where} but suspended since ${installation.suspended_at}`,
      details: [],
      fix: `Unsuspend it on the installation's settings page${installation.html_url ? ` (${installation.html_url})` : ""}.`,
    };
  }
  const lacking = compareAppInstallation(manifest, installation);
  if (lacking.permissions.length === 0 && lacking.events.length === 0) {
    return {
      name: NAME,
      outcome: "ok",
      summary: `${installation.app_slug} is installed on ${where} with every permission and event app.yml asks`,
      details: [],
      fix: null,
    };
  }
  return {
    name: NAME,
    outcome: "missing",
    summary: `${installation.app_slug} is installed on ${where} but lacks what app.yml asks`,
    details: [
      ...lacking.permissions.map((permission) => `permission ${permission}`),
      ...(lacking.events.length > 0 ? [`events: ${lacking.events.join(", ")}`] : []),
    ],
    fix: `Give the App these on its settings page (Permissions & events), then accept the new permissions for the installation (${installUrl.replace(/\/new$/, "")}).`,
  };
}

function notInstalled(slug: string, where: string, installUrl: string): DoctorCheck {
  return {
    name: NAME,
    outcome: "missing",
    summary: `the App ${slug} is not installed on ${where}`,
    details: [],
    fix: `Install it: ${installUrl} (or pass --app SLUG if your Foreman App has another name).`,
  };
}

function unknown(reason: string): DoctorCheck {
  return {
    name: NAME,
    outcome: "unknown",
    summary: `cannot check: ${reason}`,
    details: [],
    fix: "Set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to the App's, as for `npm start`, and run doctor again.",
  };
}
