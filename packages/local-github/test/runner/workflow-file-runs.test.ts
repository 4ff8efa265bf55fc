import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import { pushFiles, startTestEmulator } from "../emulator/emulator-fixture.ts";

const owner = "acme";
const repo = "demo";

/** A JavaScript action reporting the Node version it ran under, its input, and a summary line. */
const VERSION_ACTION_JS = `const fs = require("node:fs");
fs.appendFileSync(process.env.GITHUB_OUTPUT, "version=" + process.version + "\\n");
fs.appendFileSync(process.env.GITHUB_OUTPUT, "label=" + process.env.INPUT_LABEL + "\\n");
fs.appendFileSync(process.env.GITHUB_STATE, "started=yes\\n");
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, "ran on " + process.version + "\\n");
console.log("event " + JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")).inputs.who);
`;
const versionAction = (using: string) => `name: Version
inputs:
  label:
    description: shown back
    default: \${{ github.event_name }} default
runs:
  using: ${using}
  main: index.cjs
  post: post.cjs
`;
const POST_JS = `console.log("post saw state " + process.env.STATE_started);\n`;

const STEPS_WORKFLOW = `name: Steps
on:
  workflow_dispatch:
    inputs:
      who:
        required: true
        type: string
env:
  GREETING: hello
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      contents: write
    concurrency:
      group: steps-\${{ inputs.who }}
    outputs:
      version: \${{ steps.v24.outputs.version }}
      shout: \${{ steps.shout.outputs.text }}
    steps:
      - uses: actions/checkout@v4
      - id: shout
        env:
          WHO: \${{ inputs.who }}
        run: |
          echo "text=$GREETING $WHO from \${{ github.repository }}" >> "$GITHUB_OUTPUT"
          echo "FROM_STEP=carried" >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin"
          printf '#!/bin/sh\\necho tool-ran\\n' > "$RUNNER_TEMP/bin/mytool"
          chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
          echo "### Shouted" >> "$GITHUB_STEP_SUMMARY"
      - name: env, PATH and the workspace carry over
        working-directory: src
        shell: bash
        run: |
          test "$FROM_STEP" = carried
          mytool
          test -f calculator.js
          echo "the key is \${{ secrets.API_KEY }} and the var is \${{ vars.LEVEL }}"
      - id: v24
        uses: ./.github/actions/version24
        with:
          label: \${{ steps.shout.outputs.text }}
      - id: v20
        uses: ./.github/actions/version20
      - uses: acme/tools/greet@v1
        with:
          name: mapped
      - name: never
        if: failure()
        run: echo should-not-run
      - name: compares ignoring case
        if: \${{ env.GREETING == 'HELLO' && steps.v20.outcome == 'success' }}
        run: echo compared-\${{ steps.v20.outputs.label }}
`;

const FAILING_WORKFLOW = `name: Failing
on: workflow_dispatch
jobs:
  first:
    runs-on: ubuntu-latest
    steps:
      - id: allowed
        continue-on-error: true
        run: exit 3
      - run: echo "allowed outcome \${{ steps.allowed.outcome }} conclusion \${{ steps.allowed.conclusion }}"
      - run: exit 1
      - name: cleanup
        if: always()
        run: echo cleanup-ran
      - name: report
        if: failure()
        run: echo failure-seen
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo second-ran
`;

const UNKNOWN_ACTION_WORKFLOW = `name: Unknown
on: workflow_dispatch
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/else@v2
      - run: echo after
`;

const SETUP_NODE_WORKFLOW = `name: Setup node
on: workflow_dispatch
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: node -e 'if (!process.version.startsWith("v24")) process.exit(1); console.log("node", process.version)'
      - uses: actions/setup-node@v4
        with:
          node-version: 18
`;

const PUSH_WORKFLOW = `name: Push back
on: workflow_dispatch
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/create-github-app-token@v2
        id: app
        with:
          app-id: \${{ vars.APP_ID }}
          private-key: \${{ secrets.APP_KEY }}
      - run: |
          git switch -c from-job
          echo pushed > pushed.txt
          git add pushed.txt
          git -c user.name=job -c user.email=job@example.com commit -q -m "From the job"
          git push -q origin from-job
      - env:
          GH_TOKEN: \${{ steps.app.outputs.token }}
        run: |
          curl -sf -H "authorization: token $GH_TOKEN" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/issues" \\
            -d '{"title":"Opened with the app token"}' > /dev/null
`;

describe("the local runner runs the workflow file's own steps", () => {
  let emulator: Emulator;
  let octokit: Octokit;
  let tools: string;
  let app: Awaited<ReturnType<Emulator["createApp"]>>;

  beforeAll(async () => {
    tools = await mkdtemp(join(tmpdir(), "mapped-actions-"));
    await mkdir(join(tools, "greet"), { recursive: true });
    await writeFile(
      join(tools, "greet", "action.yml"),
      "name: Greet\ninputs:\n  name:\n    required: true\nruns:\n  using: node20\n  main: main.mjs\n",
    );
    await writeFile(
      join(tools, "greet", "main.mjs"),
      'console.log("greet " + process.env.INPUT_NAME + " on " + process.version);\n',
    );
    ({ emulator, octokit } = await startTestEmulator({
      actionPaths: { "acme/tools": tools },
      actionsSecrets: { API_KEY: "sk-very-secret-value" },
      actionsVariables: { LEVEL: "three" },
    }));
    app = await emulator.createApp({
      webhookUrl: "http://127.0.0.1:9/unused",
      webhookSecret: "s",
      events: ["push"],
    });
    const { gitDir } = await emulator.seedRepository("acme/demo");
    await pushFiles(gitDir, {
      branch: "main",
      message: "Workflows and actions",
      files: {
        ".github/workflows/steps.yml": STEPS_WORKFLOW,
        ".github/workflows/failing.yml": FAILING_WORKFLOW,
        ".github/workflows/unknown.yml": UNKNOWN_ACTION_WORKFLOW,
        ".github/workflows/setup-node.yml": SETUP_NODE_WORKFLOW,
        ".github/workflows/push.yml": PUSH_WORKFLOW,
        ".github/actions/version24/action.yml": versionAction("node24"),
        ".github/actions/version24/index.cjs": VERSION_ACTION_JS,
        ".github/actions/version24/post.cjs": POST_JS,
        ".github/actions/version20/action.yml": versionAction("node20"),
        ".github/actions/version20/index.cjs": VERSION_ACTION_JS,
        ".github/actions/version20/post.cjs": POST_JS,
      },
    });
    await emulator.waitForIdle();
  });

  afterAll(async () => {
    await emulator.waitForIdle(60_000);
    expect(emulator.violations()).toEqual([]);
    await emulator.close();
    await rm(tools, { recursive: true, force: true });
  });

  async function dispatch(workflow: string, inputs?: Record<string, string>) {
    await octokit.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: workflow,
      ref: "main",
      ...(inputs ? { inputs } : {}),
    });
    await emulator.waitForIdle(120_000);
    const runs = await octokit.actions.listWorkflowRuns({ owner, repo, workflow_id: workflow });
    const run = runs.data.workflow_runs[0];
    if (!run) throw new Error(`no run of ${workflow}`);
    const jobs = (await octokit.actions.listJobsForWorkflowRun({ owner, repo, run_id: run.id })).data.jobs;
    return {
      run,
      jobs: jobs.map((job) => ({ ...job, details: emulator.workflowJobDetails(job.id) })),
    };
  }

  it("runs run: steps and JavaScript actions with inputs, outputs, env, PATH, summaries and masking", async () => {
    const { run, jobs } = await dispatch("steps.yml", { who: "alice" });
    const [job] = jobs;
    const log = job?.details?.log ?? "";
    expect(run.conclusion, log).toBe("success");
    expect(job?.details?.outputs.shout).toBe("hello alice from acme/demo");
    // The node24 action ran under a real Node 24; the node20 one under this machine's Node 20.
    expect(job?.details?.outputs.version).toMatch(/^v24\./);
    expect(log).toMatch(/greet mapped on v20\./);
    expect(log).toContain("tool-ran");
    expect(log).toContain("event alice");
    expect(log).toContain("compared-workflow_dispatch default");
    expect(log).toContain("post saw state yes");
    expect(log).not.toContain("should-not-run");
    expect(log).toContain("the key is *** and the var is three");
    expect(log).not.toContain("sk-very-secret-value");
    expect(job?.details?.summary).toContain("### Shouted");
    expect(job?.details?.summary).toMatch(/ran on v24\./);
  });

  it("fails on a failing step, runs always() and failure() steps, honours continue-on-error, skips needing jobs", async () => {
    const { run, jobs } = await dispatch("failing.yml");
    expect(run.conclusion).toBe("failure");
    expect(jobs.map((job) => [job.name, job.conclusion])).toEqual([
      ["first", "failure"],
      ["second", "skipped"],
    ]);
    const log = jobs[0]?.details?.log ?? "";
    expect(log).toContain("allowed outcome failure conclusion success");
    expect(log).toContain("cleanup-ran");
    expect(log).toContain("failure-seen");
    expect(log).toContain("Process completed with exit code 1.");
  });

  it("fails a job on an unknown uses: with a message naming it", async () => {
    const { run, jobs } = await dispatch("unknown.yml");
    expect(run.conclusion).toBe("failure");
    const log = jobs[0]?.details?.log ?? "";
    expect(log).toContain("uses: someone/else@v2 is not available on the local runner");
    expect(log).not.toContain("##[group]Run echo after\nafter");
  });

  it("sets up Node 24 from the package and refuses a major it does not have", async () => {
    const { run, jobs } = await dispatch("setup-node.yml");
    const log = jobs[0]?.details?.log ?? "";
    expect(log).toMatch(/node v24\./);
    expect(log).toContain("setup-node: Node 18 is not available on the local runner");
    expect(run.conclusion).toBe("failure");
  });

  it("checks out with a token-authenticated remote, pushes back, and mints a real app token", async () => {
    emulator.setActionsVariable("acme/demo", "APP_ID", String(app.appId));
    emulator.setActionsSecret("acme/demo", "APP_KEY", app.privateKey);
    const { run, jobs } = await dispatch("push.yml");
    const log = jobs[0]?.details?.log ?? "";
    expect(run.conclusion, log).toBe("success");
    const branch = await octokit.repos.getBranch({ owner, repo, branch: "from-job" });
    expect(branch.data.commit.commit.message).toBe("From the job");
    const issues = await octokit.issues.listForRepo({ owner, repo, creator: `${app.slug}[bot]` });
    expect(issues.data.map((issue) => issue.title)).toEqual(["Opened with the app token"]);
    expect(log).not.toContain("BEGIN RSA PRIVATE KEY");
  });
});
