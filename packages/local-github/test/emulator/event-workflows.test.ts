import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import { clientFor, installationToken, pushFiles, startTestEmulator } from "./emulator-fixture.ts";

const owner = "acme";
const repo = "demo";

const workflow = (name: string, on: string, steps = "      - run: echo ran") =>
  `name: ${name}\non:\n${on}\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;

/** A job that writes back with its GITHUB_TOKEN: the events it causes must start no runs. */
const WRITES_WITH_GITHUB_TOKEN = `      - env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          ISSUE: \${{ github.event.issue.number }}
        run: |
          api() { curl -sf -H "authorization: token $GH_TOKEN" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/$1" -d "$2" > /dev/null; }
          api issues '{"title":"Opened by the job"}'
          api "issues/$ISSUE/comments" '{"body":"Commented by the job"}'
          api dispatches '{"event_type":"deploy"}'`;

/** A dispatched job that pushes with GITHUB_TOKEN (no run), then with an App token (a run). */
const PUSHES_TWICE = `      - uses: actions/checkout@v4
      - run: |
          git switch -q main
          echo one > src/one.js && git add src && git -c user.name=j -c user.email=j@example.com commit -qm one
          git push -q origin main
      - uses: actions/create-github-app-token@v2
        id: app
        with:
          app-id: \${{ vars.APP_ID }}
          private-key: \${{ secrets.APP_KEY }}
      - env:
          APP_TOKEN: \${{ steps.app.outputs.token }}
        run: |
          echo two > src/two.js && git add src && git -c user.name=j -c user.email=j@example.com commit -qm two
          git -c "http.$GITHUB_SERVER_URL/.extraheader=" push -q "http://x-access-token:$APP_TOKEN@\${GITHUB_SERVER_URL#http://}/$GITHUB_REPOSITORY.git" main`;

const FILES: Record<string, string> = {
  ".github/workflows/on-push.yml": workflow(
    "On push",
    "  push:\n    branches: [main]\n    paths: ['src/**']",
  ),
  ".github/workflows/on-tag.yml": workflow("On tag", "  push:\n    tags: ['v*']"),
  ".github/workflows/on-issues.yml": workflow(
    "On issues",
    "  issues:\n    types: [opened]",
    WRITES_WITH_GITHUB_TOKEN,
  ),
  ".github/workflows/on-comment.yml": workflow("On comment", "  issue_comment:"),
  ".github/workflows/on-pr.yml": workflow("On PR", "  pull_request:\n    branches: [main]"),
  ".github/workflows/on-pr-other-base.yml": workflow(
    "On PR to release",
    "  pull_request:\n    branches: [release]",
  ),
  ".github/workflows/on-review.yml": workflow("On review", "  pull_request_review:\n    types: [submitted]"),
  ".github/workflows/on-run.yml": workflow(
    "On run",
    "  workflow_run:\n    workflows: [On issues]\n    types: [completed]",
    `      - run: echo after \${{ github.event.workflow_run.conclusion }}`,
  ),
  ".github/workflows/on-suite.yml": workflow("On suite", "  check_suite:\n    types: [completed]"),
  ".github/workflows/on-schedule.yml": workflow("On schedule", "  schedule:\n    - cron: '0 3 * * *'"),
  ".github/workflows/on-dispatch-event.yml": workflow(
    "On dispatch event",
    "  repository_dispatch:\n    types: [deploy]",
  ),
  ".github/workflows/pusher.yml": workflow("Pusher", "  workflow_dispatch:", PUSHES_TWICE),
  ".github/workflows/on-pr-target.yml": workflow(
    "On PR target",
    "  pull_request_target:\n    types: [opened, closed]",
    `      - run: |
          test "$GITHUB_EVENT_NAME" = pull_request_target && grep -q '"action": *"opened"' "$GITHUB_EVENT_PATH"`,
  ),
  ".github/workflows/queued.yml": `name: Queued
on:
  repository_dispatch:
    types: [queue]
concurrency:
  group: queue-\${{ github.event.client_payload.lane }}
  cancel-in-progress: false
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - run: sleep 5
`,
  "src/first.js": "export const first = 1;\n",
};

describe("workflows run on the events their on: names", () => {
  let emulator: Emulator;
  let octokit: Octokit;
  let gitDir: string;
  let app: Awaited<ReturnType<Emulator["createApp"]>>;

  beforeAll(async () => {
    ({ emulator, octokit } = await startTestEmulator());
    app = await emulator.createApp({
      webhookUrl: "http://127.0.0.1:9/nobody",
      webhookSecret: "s",
      events: ["push"],
    });
    await emulator.addCollaborator("acme/demo", "alice", "write");
    ({ gitDir } = await emulator.seedRepository("acme/demo"));
    await pushFiles(gitDir, { branch: "main", message: "Add workflows", files: FILES });
    await emulator.waitForIdle(60_000);
  });

  afterAll(async () => {
    await emulator.waitForIdle(60_000);
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
  });

  const runsOf = async (file: string) =>
    (await octokit.actions.listWorkflowRuns({ owner, repo, workflow_id: file })).data.workflow_runs.map(
      (run) => ({
        event: run.event,
        actor: run.actor?.login,
        conclusion: run.conclusion,
        title: run.display_title,
      }),
    );

  it("runs push workflows by branch, tag and path filters", async () => {
    expect(await runsOf("on-push.yml")).toEqual([
      { event: "push", actor: "octo-admin", conclusion: "success", title: "Add workflows" },
    ]);
    expect(await runsOf("on-tag.yml")).toEqual([]);
    await pushFiles(gitDir, { branch: "main", message: "Docs only", files: { "docs.md": "x\n" } });
    await octokit.git.createRef({
      owner,
      repo,
      ref: "refs/tags/v1",
      sha: (await octokit.repos.getBranch({ owner, repo, branch: "main" })).data.commit.sha,
    });
    await emulator.waitForIdle(60_000);
    expect(await runsOf("on-push.yml")).toHaveLength(1);
    expect((await runsOf("on-tag.yml")).map((run) => run.event)).toEqual(["push"]);
  });

  it("runs check_suite workflows for an app's suite, never for GitHub Actions' own", async () => {
    const token = await installationToken(emulator, app);
    const sha = (await octokit.repos.getBranch({ owner, repo, branch: "main" })).data.commit.sha;
    await clientFor(emulator, token).checks.create({
      owner,
      repo,
      name: "lint",
      head_sha: sha,
      status: "completed",
      conclusion: "success",
    });
    await emulator.waitForIdle(60_000);
    expect((await runsOf("on-suite.yml")).map((run) => [run.event, run.actor])).toEqual([
      ["check_suite", `${app.slug}[bot]`],
    ]);
  });

  it("runs issue workflows, and what the job did with GITHUB_TOKEN starts nothing but repository_dispatch", async () => {
    const alice = clientFor(emulator, emulator.userToken("alice"));
    await alice.issues.create({ owner, repo, title: "From Alice" });
    await emulator.waitForIdle(60_000);
    // One run for Alice's issue; the job's own issue and comment (github-actions[bot]) start none.
    expect(await runsOf("on-issues.yml")).toEqual([
      { event: "issues", actor: "alice", conclusion: "success", title: "From Alice" },
    ]);
    expect(await runsOf("on-comment.yml")).toEqual([]);
    const titles = (await octokit.issues.listForRepo({ owner, repo, state: "all" })).data.map(
      (issue) => issue.title,
    );
    expect(titles).toContain("Opened by the job");
    // repository_dispatch is exempt from the GITHUB_TOKEN rule, as on GitHub.
    expect(await runsOf("on-dispatch-event.yml")).toEqual([
      expect.objectContaining({ event: "repository_dispatch", actor: "github-actions[bot]" }),
    ]);
    // The finished run starts the workflow_run workflow that names it.
    expect(await runsOf("on-run.yml")).toEqual([
      expect.objectContaining({ event: "workflow_run", conclusion: "success" }),
    ]);
    await alice.issues.createComment({ owner, repo, issue_number: 1, body: "A person's comment" });
    await emulator.waitForIdle(60_000);
    expect((await runsOf("on-comment.yml")).map((run) => run.actor)).toEqual(["alice"]);
  });

  it("runs pull request and review workflows by base branch and types", async () => {
    await pushFiles(gitDir, {
      branch: "feature",
      message: "Feature",
      files: {
        "src/feature.js": "export {};\n",
        // A pull request cannot change what pull_request_target runs: the base branch's file runs.
        ".github/workflows/on-pr-target.yml": workflow(
          "On PR target",
          "  pull_request_target:",
          "      - run: exit 1",
        ),
      },
    });
    await emulator.waitForIdle(60_000);
    const pull = await octokit.pulls.create({
      owner,
      repo,
      title: "Feature PR",
      head: "feature",
      base: "main",
    });
    await emulator.waitForIdle(60_000);
    await octokit.pulls.update({ owner, repo, pull_number: pull.data.number, body: "edited" });
    const reviewer = clientFor(emulator, emulator.userToken("bob"));
    await reviewer.pulls.createReview({
      owner,
      repo,
      pull_number: pull.data.number,
      event: "COMMENT",
      body: "ok",
    });
    await emulator.waitForIdle(60_000);
    // `edited` is not among pull_request's default types.
    expect(await runsOf("on-pr.yml")).toEqual([
      { event: "pull_request", actor: "octo-admin", conclusion: "success", title: "Feature PR" },
    ]);
    expect(await runsOf("on-pr-other-base.yml")).toEqual([]);
    // `edited` is not among the types; `opened` ran the base branch's file with the event's name and payload.
    expect(await runsOf("on-pr-target.yml")).toEqual([
      { event: "pull_request_target", actor: "octo-admin", conclusion: "success", title: "Feature PR" },
    ]);
    expect((await runsOf("on-review.yml")).map((run) => [run.event, run.actor])).toEqual([
      ["pull_request_review", "bob"],
    ]);
    // The local CI's check suite (GitHub Actions) completed on the pull request's head and started no run.
    expect(await runsOf("on-suite.yml")).toHaveLength(1);
  });

  it("runs scheduled workflows on demand and repository_dispatch from the API", async () => {
    const started = await emulator.runScheduledWorkflows("acme/demo");
    expect(started).toHaveLength(1);
    await octokit.repos.createDispatchEvent({
      owner,
      repo,
      event_type: "deploy",
      client_payload: { to: "prod" },
    });
    await octokit.repos.createDispatchEvent({ owner, repo, event_type: "other" });
    await emulator.waitForIdle(60_000);
    expect((await runsOf("on-schedule.yml")).map((run) => run.event)).toEqual(["schedule"]);
    expect((await runsOf("on-dispatch-event.yml")).map((run) => run.actor)).toEqual([
      "octo-admin",
      "github-actions[bot]",
    ]);
  });

  it("a push with the job's GITHUB_TOKEN starts no run, one with an App token does", async () => {
    emulator.setActionsVariable("acme/demo", "APP_ID", String(app.appId));
    emulator.setActionsSecret("acme/demo", "APP_KEY", app.privateKey);
    const before = (await runsOf("on-push.yml")).length;
    await octokit.actions.createWorkflowDispatch({ owner, repo, workflow_id: "pusher.yml", ref: "main" });
    await emulator.waitForIdle(120_000);
    const [pusher] = await runsOf("pusher.yml");
    expect(pusher?.conclusion).toBe("success");
    const runs = await runsOf("on-push.yml");
    expect(runs).toHaveLength(before + 1);
    expect(runs[0]).toMatchObject({ event: "push", actor: `${app.slug}[bot]`, title: "two" });
  });

  it("keeps GitHub's concurrency groups: one run at a time per group, a newer waiting run replacing an older one", async () => {
    for (const lane of ["a", "a", "a", "b"])
      await octokit.repos.createDispatchEvent({ owner, repo, event_type: "queue", client_payload: { lane } });
    await emulator.waitForIdle(60_000);
    const { data } = await octokit.actions.listWorkflowRuns({ owner, repo, workflow_id: "queued.yml" });
    const runs = [...data.workflow_runs].sort((one, other) => one.id - other.id);
    // Lane a: the first runs, the second waits and is replaced by the third; lane b runs alongside.
    expect(runs.map((run) => run.conclusion)).toEqual(["success", "cancelled", "success", "success"]);
    const [first, , third] = runs;
    // The third waited for the first to finish: a group never runs two at once.
    expect(Date.parse(third?.run_started_at ?? "")).toBeGreaterThanOrEqual(
      Date.parse(first?.updated_at ?? ""),
    );
  });
});
