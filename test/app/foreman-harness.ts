import { BareRepo, type EmulatorOptions, startEmulator } from "@foreman/local-github";
import type { Octokit } from "@octokit/rest";
import { readTaskMarker } from "../../src/core/plan/read-task-marker.ts";
import type { ModelConnection } from "../../src/planner/model-connection.ts";
import { createPatientOctokit } from "../../src/sim/simulate/create-patient-octokit.ts";
import { type RequestInterceptor, startForemanApp } from "../../src/sim/simulate/start-foreman-app.ts";

export const OWNER = "acme";

/**
 * The emulator (a local GitHub) with the real Foreman app behind signed webhooks, and people:
 * alice can write, tim can triage, bob can only read. Everything a test does goes through the REST
 * API as one of them, so the app only learns about it from webhooks, as on GitHub.
 */
export async function startHarness(
  options: EmulatorOptions & { intercept?: RequestInterceptor; modelConnection?: ModelConnection } = {},
) {
  const { intercept, modelConnection, ...emulatorOptions } = options;
  const emulator = await startEmulator(emulatorOptions);
  const gitDirs = new Map<string, string>();
  const seed = async (repo: string) => {
    const seeded = await emulator.seedRepository(`${OWNER}/${repo}`);
    gitDirs.set(repo, seeded.gitDir);
    for (const [login, permission] of [
      ["alice", "write"],
      ["tim", "triage"],
      ["bob", "read"],
    ] as const) {
      await emulator.addCollaborator(`${OWNER}/${repo}`, login, permission);
    }
  };
  await seed("demo");
  const app = await startForemanApp(emulator, {
    ...(intercept ? { intercept } : {}),
    ...(modelConnection ? { modelConnection } : {}),
  });
  const clients = new Map<string, Octokit>();
  const as = (login: string) => {
    const known = clients.get(login);
    if (known) return known;
    const client = createPatientOctokit(emulator.url, emulator.userToken(login));
    clients.set(login, client);
    return client;
  };
  const admin = createPatientOctokit(emulator.url, emulator.token);

  return {
    emulator,
    app,
    admin,
    as,
    seed,

    /** Opens an issue with the plan text and (by default) adds the `foreman` label, as `by`. */
    async openPlan(body: string, options: { repo?: string; by?: string; label?: boolean } = {}) {
      const repo = { owner: OWNER, repo: options.repo ?? "demo" };
      const person = as(options.by ?? "alice");
      const { data } = await person.rest.issues.create({ ...repo, title: "Plan", body });
      if (options.label ?? true)
        await person.rest.issues.addLabels({ ...repo, issue_number: data.number, labels: ["foreman"] });
      await app.settle();
      return data.number;
    },

    /** Posts a comment as `by` and waits until the app has answered. */
    async comment(issueNumber: number, body: string, by = "alice", repo = "demo") {
      const { data } = await as(by).rest.issues.createComment({
        owner: OWNER,
        repo,
        issue_number: issueNumber,
        body,
      });
      await app.settle();
      return data.id;
    },

    /** Commits `.github/foreman.yml` to the default branch, as a push would. */
    async commitConfig(content: string, repo = "demo") {
      const gitDir = gitDirs.get(repo);
      if (!gitDir) throw new Error(`repository ${repo} was not seeded`);
      const git = await BareRepo.open(gitDir);
      const author = { name: "alice", email: "alice@example.test" };
      await git.commitFiles({
        branch: "main",
        files: { ".github/foreman.yml": content },
        message: "Configure Foreman",
        author,
      });
      await git.close();
    },

    /** What GitHub holds for a plan, with ids and timestamps left out so runs can be compared. */
    async readPlan(planNumber: number, repo = "demo") {
      const where = { owner: OWNER, repo };
      // A child is what Foreman's footer says it is; markers people typed elsewhere are not.
      const taskOf = (body: string | null | undefined) => readTaskMarker(body ?? "", planNumber)?.task;
      const labelNames = (labels: Array<string | { name?: string }>) =>
        labels.map((label) => (typeof label === "string" ? label : (label.name ?? ""))).sort();
      const everything = await admin.paginate(admin.rest.issues.listForRepo, {
        ...where,
        state: "all",
        per_page: 100,
      });
      const plan = everything.find((issue) => issue.number === planNumber);
      const children = everything
        .filter((issue) => issue.number !== planNumber && taskOf(issue.body) !== undefined)
        .sort((a, b) => a.number - b.number);
      const taskByNumber = new Map(children.map((issue) => [issue.number, taskOf(issue.body) ?? ""]));
      const subIssues = await admin.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
        ...where,
        issue_number: planNumber,
        per_page: 100,
      });
      const blockedBy: string[][] = [];
      for (const child of children) {
        const blockers = await admin.paginate(
          "GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
          {
            ...where,
            issue_number: child.number,
            per_page: 100,
          },
        );
        for (const blocker of blockers)
          blockedBy.push([
            taskByNumber.get(child.number) ?? "",
            taskByNumber.get(blocker.number) ?? `#${blocker.number}`,
          ]);
      }
      const comments = await admin.paginate(admin.rest.issues.listComments, {
        ...where,
        issue_number: planNumber,
        per_page: 100,
      });
      return {
        planLabels: labelNames(plan?.labels ?? []),
        issues: children.map((issue) => ({
          number: issue.number,
          task: taskOf(issue.body),
          title: issue.title,
          body: issue.body,
          state: issue.state,
          stateReason: issue.state_reason,
          labels: labelNames(issue.labels),
        })),
        subIssues: subIssues.map((issue) => taskByNumber.get(issue.number) ?? `#${issue.number}`).sort(),
        blockedBy: blockedBy.sort((a, b) => a.join().localeCompare(b.join())),
        comments: comments.map((comment) => ({ author: comment.user?.login, body: comment.body ?? "" })),
      };
    },

    async close() {
      await app.close();
      await emulator.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
