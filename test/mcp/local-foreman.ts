import { BareRepo, type Emulator, type EmulatorOptions, startEmulator } from "@foreman/local-github";
import { Octokit } from "@octokit/rest";
import { z } from "zod";
import { signAppJwt } from "../../src/cli/sign-app-jwt.ts";
import { formatMarker } from "../../src/core/plan/format-marker.ts";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { createPatientOctokit } from "../../src/sim/simulate/create-patient-octokit.ts";
import { startForemanApp } from "../../src/sim/simulate/start-foreman-app.ts";

export const REPO = { owner: "acme", repo: "demo" };

/**
 * The local GitHub with the real Foreman app (as `foreman simulate` runs them), a writer (alice) and a
 * reader (bob), and Foreman's own installation token, so a test can leave on GitHub what the engine
 * and the Action leave there (branches, dispatches, PRs, attempt markers, report files) before the
 * engine exists on this branch.
 */
export async function startLocalForeman(options: EmulatorOptions = {}) {
  const emulator = await startEmulator(options);
  const seeded = await emulator.seedRepository(`${REPO.owner}/${REPO.repo}`);
  await emulator.addCollaborator(`${REPO.owner}/${REPO.repo}`, "alice", "write");
  await emulator.addCollaborator(`${REPO.owner}/${REPO.repo}`, "bob", "read");
  let credentials: Awaited<ReturnType<Emulator["createApp"]>> | undefined;
  const app = await startForemanApp({
    ...emulator,
    createApp: async (appOptions) => {
      credentials = await emulator.createApp(appOptions);
      return credentials;
    },
  });
  if (!credentials) throw new Error("the Foreman app was not registered");
  // Foreman's own installation token, minted through the real /app endpoint with the App's JWT.
  const jwt = signAppJwt(String(credentials.appId), credentials.privateKey, Date.now());
  const minted = await new Octokit({ auth: jwt, baseUrl: emulator.url }).request(
    "POST /app/installations/{installation_id}/access_tokens",
    { installation_id: credentials.installationId },
  );
  const foremanToken = z.object({ token: z.string() }).parse(minted.data).token;
  const as = (login: string): Octokit => createPatientOctokit(emulator.url, emulator.userToken(login));
  const foreman = createPatientOctokit(emulator.url, foremanToken);
  const admin = createPatientOctokit(emulator.url, emulator.token);

  const childOf = async (plan: number, task: string) => {
    const issues = await admin.paginate(admin.rest.issues.listForRepo, {
      ...REPO,
      state: "all",
      per_page: 100,
    });
    const child = issues.find((issue) =>
      readMarkers(issue.body ?? "").some(
        (marker) => marker.kind === "task" && marker.plan === plan && marker.task === task,
      ),
    );
    if (!child) throw new Error(`plan #${plan} has no issue for ${task}`);
    return child.number;
  };

  return {
    emulator,
    app,
    admin,
    foreman,
    foremanToken,
    /** the Foreman App's id and private key, as `npm start` and `foreman doctor` read them */
    appCredentials: { appId: String(credentials.appId), privateKey: credentials.privateKey },
    as,
    gitDir: seeded.gitDir,

    async openPlan(body: string, by = "alice") {
      const person = as(by);
      const { data } = await person.rest.issues.create({ ...REPO, title: "Plan", body });
      await person.rest.issues.addLabels({ ...REPO, issue_number: data.number, labels: ["foreman"] });
      await app.settle();
      return data.number;
    },

    childOf,

    /**
     * One attempt as the engine and the Action record it: the branch, a workflow run on it, the
     * dispatch and attempt markers on the child issue, a commit, and (first time) the PR.
     */
    async recordAttempt(
      plan: number,
      task: string,
      attempt: {
        n: number;
        result: "success" | "failed" | "needs-human";
        cost: number;
        files: Record<string, string>;
      },
    ) {
      const branch = `foreman/${plan}/${task}`;
      const git = await BareRepo.open(this.gitDir);
      try {
        await git.commitFiles({
          branch,
          files: attempt.files,
          message: `${task}: attempt ${attempt.n}`,
          author: { name: "foreman[bot]", email: "foreman@example.test" },
        });
      } finally {
        await git.close();
      }
      const { data: run } = await foreman.request(
        "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
        {
          ...REPO,
          workflow_id: "foreman-task.yml",
          ref: branch,
          inputs: { plan: String(plan), task, attempt: String(attempt.n) },
          return_run_details: true,
        },
      );
      const runId = (run as { workflow_run_id?: number }).workflow_run_id;
      const issue = await childOf(plan, task);
      await foreman.rest.issues.createComment({
        ...REPO,
        issue_number: issue,
        body: `Attempt ${attempt.n} dispatched.\n\n${formatMarker({ kind: "dispatch", plan, task, attempt: attempt.n, ...(runId ? { run: runId } : {}) })}\n`,
      });
      const pulls = await foreman.rest.pulls.list({ ...REPO, head: `${REPO.owner}:${branch}`, state: "all" });
      let pr = pulls.data.find((pull) => pull.head.ref === branch)?.number;
      if (pr === undefined) {
        const { data } = await foreman.rest.pulls.create({
          ...REPO,
          head: branch,
          base: "main",
          title: task,
          body: `Closes #${issue}`,
        });
        pr = data.number;
      }
      await foreman.rest.issues.createComment({
        ...REPO,
        issue_number: issue,
        body: `Attempt ${attempt.n}: ${attempt.result}.\n\n${formatMarker({
          kind: "attempt",
          plan,
          task,
          attempt: attempt.n,
          result: attempt.result,
          ...(runId ? { run: runId } : {}),
          pr,
          turns: 7,
          input: 1200,
          output: 300,
          cost: attempt.cost,
          ms: 42_000,
        })}\n`,
      });
      await emulator.waitForIdle(60_000);
      return { pr, issue };
    },

    async close() {
      await app.close();
      await emulator.close();
    },
  };
}

export type LocalForeman = Awaited<ReturnType<typeof startLocalForeman>>;
