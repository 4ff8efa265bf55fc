import { z } from "zod";
import { CONFIG_PATH, foremanConfigSchema } from "../core/config/config-schema.ts";
import { statusOfError } from "../github/status-of-error.ts";
import { type AppCredentials, checkAppInstallation } from "./check-app-installation.ts";
import { checkMergeSettings } from "./check-merge-settings.ts";
import { checkRequiredChecks } from "./check-required-checks.ts";
import { checkTaskWorkflow } from "./check-task-workflow.ts";
import type { GitHubConnection } from "./connect-github.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import type { RepositoryReference } from "./parse-repository-reference.ts";
import { readAppManifest } from "./read-app-manifest.ts";
import { readBranchRules } from "./read-branch-rules.ts";
import { readMergeGroupWorkflows } from "./read-merge-group-workflows.ts";
import { readRepository } from "./read-repository.ts";
import { readRepositoryConfig } from "./read-repository-config.ts";

export type Diagnosis = {
  repository: string;
  /** who the token acts as: a login, or an App installation */
  as: string;
  defaultBranch: string;
  checks: DoctorCheck[];
  ready: boolean;
};

/**
 * `foreman doctor` and the checks behind it: everything Foreman needs from a repository, each
 * finding with what to do about it. `ready` is false when anything is missing.
 */
export async function diagnoseSetup(
  connection: GitHubConnection,
  repository: RepositoryReference,
  options: { appSlug: string; credentials: AppCredentials | null; now: number },
): Promise<Diagnosis> {
  const facts = await readRepository(connection, repository);
  const defaultBranch = facts.default_branch;
  const [as, config, rules, manifest] = await Promise.all([
    whoAmI(connection),
    readRepositoryConfig(connection, repository, defaultBranch),
    readBranchRules(connection, repository, defaultBranch),
    readAppManifest(),
  ]);
  const effective = config.result.ok ? config.result.config : foremanConfigSchema.parse({});
  const configCheck: DoctorCheck = config.result.ok
    ? {
        name: "config",
        outcome: "ok",
        summary: config.present ? `${CONFIG_PATH} is valid` : `no ${CONFIG_PATH}: the defaults apply`,
        details: [],
        fix: null,
      }
    : {
        name: "config",
        outcome: "missing",
        summary: `${CONFIG_PATH} on ${defaultBranch} has problems; plans will not start until they are fixed`,
        details: config.result.problems.map((problem) =>
          problem.key ? `${problem.key}: ${problem.message}` : problem.message,
        ),
        fix: `Correct those keys (every key is described in a fresh \`foreman init\`); the checks below assume the defaults.`,
      };
  const checks = [
    configCheck,
    await checkAppInstallation({ connection, repository, facts, manifest, ...options }),
    await checkTaskWorkflow(connection, repository, defaultBranch, effective.workflow),
    checkRequiredChecks(rules, effective, defaultBranch),
    checkMergeSettings(
      rules,
      effective,
      facts,
      defaultBranch,
      rules.mergeQueue ? await readMergeGroupWorkflows(connection, repository, defaultBranch) : [],
    ),
  ];
  return {
    repository: `${repository.owner}/${repository.repo}`,
    as,
    defaultBranch,
    checks,
    ready: checks.every((check) => check.outcome !== "missing"),
  };
}

async function whoAmI(connection: GitHubConnection): Promise<string> {
  try {
    const { data } = await connection.request("GET /user");
    return `@${z.object({ login: z.string() }).parse(data).login}`;
  } catch (error) {
    if (statusOfError(error) === 403) return "an App installation";
    throw error;
  }
}
