import { generateKeyPair, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { BareRepo } from "../git/bare-repo.ts";
import type { WorkflowJob } from "../runner/local-runner.ts";
import { demoRepositoryFiles } from "../seed/demo-repository-files.ts";
import { createAccountOperations } from "./account-operations.ts";
import { createAppOperations } from "./app-operations.ts";
import { formatTimestamp } from "./build-context.ts";
import { buildRepository } from "./build-repository.ts";
import { buildRouteTable, type RouteTable } from "./build-route-table.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import { createCheckOperations } from "./check-operations.ts";
import { createCommentOperations } from "./comment-operations.ts";
import { createContentWriteOperations } from "./content-write-operations.ts";
import { createDependencyOperations } from "./dependency-operations.ts";
import { EmulatorRuntime } from "./emulator-runtime.ts";
import { ADMIN_LOGIN, type AppRecord, type Permission, type RepositoryRecord } from "./emulator-state.ts";
import { FaultPlan } from "./fault-plan.ts";
import { FaultWindow } from "./fault-window.ts";
import { createGitOperations } from "./git-operations.ts";
import { type ApiRequestContext, handleApiRequest } from "./handle-api-request.ts";
import { handleRefUpdates } from "./handle-ref-updates.ts";
import { createIssueOperations } from "./issue-operations.ts";
import { createLabelOperations } from "./label-operations.ts";
import { loadOpenApiDocument } from "./load-openapi-document.ts";
import { createMergeAsyncOperations } from "./merge-async-operations.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { pressCheckRunAction } from "./press-check-run-action.ts";
import { createPullOperations } from "./pull-operations.ts";
import { createReactionListOperations } from "./reaction-list-operations.ts";
import { createReactionOperations } from "./reaction-operations.ts";
import { createRepositoryOperations } from "./repository-operations.ts";
import { RequestAccounting, type RequestLogEntry } from "./request-accounting.ts";
import { createReviewOperations } from "./review-operations.ts";
import { createRunControlOperations } from "./run-control-operations.ts";
import { CI_CHECK_NAME } from "./run-local-ci.ts";
import { serveButtonPress } from "./serve-button-press.ts";
import { serveDownloadLink } from "./serve-download-link.ts";
import { isGitHttpPath, serveGitHttp } from "./serve-git-http.ts";
import { SpecValidator } from "./spec-validator.ts";
import { createEmptyState, StateStore } from "./state-store.ts";
import { createStatusOperations } from "./status-operations.ts";
import { createSubIssueOperations } from "./sub-issue-operations.ts";
import { TargetedFaults } from "./targeted-faults.ts";
import { triggerWorkflows } from "./trigger-workflows.ts";
import {
  type DeliveryLogEntry,
  type DeliveryMode,
  type ReplicaDelivery,
  WebhookDispatcher,
} from "./webhook-dispatcher.ts";
import { createWorkflowOperations } from "./workflow-operations.ts";

export interface EmulatorOptions {
  /** 0 = ephemeral (default) */
  port?: number;
  /** persist state (JSON) and bare repositories here; default: a temporary directory removed on close */
  dataDir?: string;
  /** "owner/name" repositories to seed (see seedRepository) */
  repos?: string[];
  /**
   * e.g. "api=5xx:0.05,applied5xx:0.05,appliedtimeout:0.01,ratelimit:0.02,latency:20;webhooks=dup:0.3,drop:0.1,reorder:0.2,delay:50"
   */
  faults?: string;
  /** PRNG seed for faults (reproducible) */
  seed?: number;
  /** validate every response against the spec; violations are recorded (default true) */
  strictResponses?: boolean;
  /**
   * A programmatic job every workflow run runs instead of its workflow file (kept for callers written
   * before the runner ran workflow files). Default: the runner executes the file's own steps.
   */
  workflowJob?: WorkflowJob;
  /**
   * Where `uses:` of actions that are not ./local finds them: "owner/repo[/path][@ref]" → a local
   * directory, e.g. { "foreman-dev/foreman/action": "/path/to/foreman/action" }.
   */
  actionPaths?: Record<string, string>;
  /** secrets (`secrets.X`) and variables (`vars.X`) of every repository's workflow runs */
  actionsSecrets?: Record<string, string>;
  actionsVariables?: Record<string, string>;
  /**
   * variables of the runner machine itself, in every job's environment, as a self-hosted runner's
   * `.env` file sets them (e.g. a pre-installed tool's directory, or an API gateway's address)
   */
  runnerEnv?: Record<string, string>;
  /** test command the local CI runs on pull request heads (default "node --test") */
  ciCommand?: string;
  /** how many CI test processes this emulator runs at once (default 2: overlap, yet fit two cores) */
  ciConcurrency?: number;
  /** "overlapping" (default, as GitHub): a delivery does not wait for the previous answer; or "sequential" */
  webhookDelivery?: DeliveryMode;
  /** an app with replica URLs gets each delivery on "all" of them (default) or on one in turn ("spread") */
  replicaDelivery?: ReplicaDelivery;
}

export interface EmulatorStats {
  requests: {
    total: number;
    reads: number;
    writes: number;
    byOperation: Record<string, number>;
    unimplemented: Record<string, number>;
    faulted: Record<string, number>;
  };
  /** `oversized`: payloads over GitHub's 25 MB, never sent */
  webhooks: { delivered: number; duplicated: number; dropped: number; failed: number; oversized: number };
}

/** A delivery as tests and the simulator see it: the log entry without the dispatcher's own fields. */
export type EmulatorDelivery = Omit<DeliveryLogEntry, "appId" | "error">;

export interface Emulator {
  /** "http://127.0.0.1:PORT", usable as Octokit's baseUrl */
  url: string;
  /** admin token: owner of every seeded repository, login "octo-admin" */
  token: string;
  createApp(options: {
    /** empty: the webhook is inactive and the app hears no events (Actions-only Foreman) */
    webhookUrl: string;
    webhookSecret: string;
    slug?: string;
    events?: string[];
  }): Promise<{ appId: number; privateKey: string; installationId: number; slug: string }>;
  /**
   * Adds a webhook URL to an app: a replica of it behind the same registration (same app id, key and
   * secret). Events go to every URL of the app, or to one in turn (see `replicaDelivery`).
   */
  addWebhookUrl(appId: number, url: string): void;
  /**
   * What a workflow job left behind that GitHub shows only in its web UI: the log (secrets masked), the
   * step summary and the job's outputs. Undefined for an unknown job id (see listJobsForWorkflowRun).
   */
  workflowJobDetails(jobId: number):
    | {
        name: string;
        conclusion: string | null;
        outputs: Record<string, string>;
        summary: string;
        log: string;
      }
    | undefined;
  /**
   * Runs every workflow of the default branch whose `on:` has a `schedule`, once, as if its cron came
   * due now. Returns the ids of the runs started (waitForIdle waits for them).
   */
  runScheduledWorkflows(fullName: string): Promise<number[]>;
  /** A repository secret for workflow runs (`secrets.NAME`); masked in job logs. */
  setActionsSecret(fullName: string, name: string, value: string): void;
  /** A repository configuration variable for workflow runs (`vars.NAME`). */
  setActionsVariable(fullName: string, name: string, value: string): void;
  /** Stops delivering to a URL added with addWebhookUrl (a replica that went away). */
  removeWebhookUrl(appId: number, url: string): void;
  seedRepository(fullName: string): Promise<{ id: number; defaultBranch: string; gitDir: string }>;
  /**
   * Requires a merge queue on `branch`, as a ruleset's `merge_queue` rule: the merge button (`PUT …/merge`)
   * answers 405, `merge-async` enqueues, and the queue merges a pull request once its merge group
   * (`gh-readonly-queue/<branch>/pr-<n>-<sha>`, announced as `merge_group.checks_requested`) passes the
   * branch's required checks.
   */
  enableMergeQueue(fullName: string, branch: string): void;
  /** The contexts `branch`'s rules require (protection and rulesets report them); [] removes the rule. */
  setRequiredChecks(fullName: string, branch: string, contexts: string[]): void;
  /**
   * Clicks a `requested_action` button of a completed check run as `login` would in GitHub's web UI:
   * the app that created the check run gets `check_run.requested_action` with the button's identifier.
   * Throws, as the UI shows no such button, when the check run is unknown, not completed, or has none.
   */
  pressCheckRunAction(options: {
    repository: string;
    checkRunId: number;
    identifier: string;
    login: string;
  }): Promise<void>;
  addCollaborator(fullName: string, login: string, permission: Permission): Promise<void>;
  /** a token acting as that user (created if missing; type "Bot" when the login ends with "[bot]") */
  userToken(login: string): string;
  /** resolves when no webhook delivery, workflow run, CI check or request is pending or in flight */
  waitForIdle(timeoutMs?: number): Promise<void>;
  stats(): EmulatorStats;
  /** every answered API request in order, with its time and caller (the most recent 200,000 at most) */
  requestLog(): RequestLogEntry[];
  /**
   * Faults from now on (an `api=…` spec, as the `faults` option) for the named operations only — REST
   * operation ids such as `pulls/create`, and `git/receive-pack` / `git/upload-pack` for git's pushes
   * and fetches — at most `limit` per operation, drawn from their own seeded stream; null ends them. Webhook
   * faults and the `faults` the emulator started with are left as they are.
   */
  injectFaults(
    spec: string | null,
    options?: { seed?: number; operations?: readonly string[]; limit?: number },
  ): void;
  deliveries(): EmulatorDelivery[];
  redeliver(deliveryId: string): Promise<void>;
  /** loses the next `times` (default 1) deliveries of `event` (and `action`, when given) to every URL */
  dropWebhooks(rule: { event: string; action?: string; times?: number }): void;
  /**
   * slows the next `times` (default 1) requests of one client (its `User-Agent` contains `userAgent`),
   * of one operation or of all: before they take effect, or after, so only the answer is late
   */
  delayRequests(rule: {
    userAgent: string;
    operationId?: string;
    ms: number;
    phase?: "before" | "after";
    times?: number;
  }): void;
  /** spec violations seen in responses and webhook payloads (empty in a healthy run) */
  violations(): string[];
  close(): Promise<void>;
}

/** The labels GitHub gives every new repository. */
const DEFAULT_LABELS: Array<{ name: string; color: string; description: string }> = [
  { name: "bug", color: "d73a4a", description: "Something isn't working" },
  { name: "documentation", color: "0075ca", description: "Improvements or additions to documentation" },
  { name: "duplicate", color: "cfd3d7", description: "This issue or pull request already exists" },
  { name: "enhancement", color: "a2eeef", description: "New feature or request" },
  { name: "good first issue", color: "7057ff", description: "Good for newcomers" },
  { name: "help wanted", color: "008672", description: "Extra attention is needed" },
  { name: "invalid", color: "e4e669", description: "This doesn't seem right" },
  { name: "question", color: "d876e3", description: "Further information is requested" },
  { name: "wontfix", color: "ffffff", description: "This will not be worked on" },
];

const DEFAULT_CI_CONCURRENCY = 2;
const IDLE_POLL_MS = 10;
/** Quiet polls in a row before the emulator counts as idle: a delivery's handler may still be calling back. */
const IDLE_POLLS_REQUIRED = 3;
/** How long close() lets background work (CI, workflow runs) finish before removing its files. */
const CLOSE_GRACE_MS = 10_000;

let routeTable: RouteTable | undefined;

function allHandlers(): OperationHandlers {
  return {
    ...createAppOperations(),
    ...createRepositoryOperations(),
    ...createGitOperations(),
    ...createIssueOperations(),
    ...createCommentOperations(),
    ...createLabelOperations(),
    ...createReactionOperations(),
    ...createSubIssueOperations(),
    ...createDependencyOperations(),
    ...createPullOperations(),
    ...createReviewOperations(),
    ...createCheckOperations(),
    ...createStatusOperations(),
    ...createWorkflowOperations(),
    ...createRunControlOperations(),
    ...createContentWriteOperations(),
    ...createMergeAsyncOperations(),
    ...createAccountOperations(),
    ...createReactionListOperations(),
  };
}

function parseFullName(fullName: string): { owner: string; name: string } {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(fullName);
  if (!match?.[1] || !match[2] || match[2] === "." || match[2] === "..") {
    throw new Error(`"${fullName}" is not a repository name; use OWNER/NAME, e.g. acme/demo`);
  }
  return { owner: match[1], name: match[2] };
}

function repositoryDir(dataDir: string, owner: string, name: string): string {
  return join(dataDir, "repositories", owner, `${name}.git`);
}

/**
 * Starts a local GitHub: the REST API on 127.0.0.1, checked against GitHub's OpenAPI description, with
 * real bare git repositories, signed webhooks to every app created on it, a local runner for dispatched
 * workflows, a local CI for pull requests, and optional seeded fault injection.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  // Parse the fault spec first: a typo should fail before anything is created.
  const faults = options.faults ? FaultPlan.parse(options.faults, options.seed ?? 0) : null;
  const ciConcurrency = options.ciConcurrency ?? DEFAULT_CI_CONCURRENCY;
  if (!Number.isInteger(ciConcurrency) || ciConcurrency < 1)
    throw new Error(`ciConcurrency must be a whole number of 1 or more, got ${ciConcurrency}`);
  for (const fullName of options.repos ?? []) parseFullName(fullName);
  const document = loadOpenApiDocument();
  routeTable ??= buildRouteTable(document.operations);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "foreman-emulator-")));
  await mkdir(dataDir, { recursive: true });
  const store = new StateStore(dataDir);
  const state = (await store.load()) ?? createEmptyState();
  const targeted = new TargetedFaults();
  const dispatcher = new WebhookDispatcher({
    faults,
    targeted,
    mode: options.webhookDelivery ?? "overlapping",
    replicaDelivery: options.replicaDelivery ?? "all",
  });
  const runtime: EmulatorRuntime = new EmulatorRuntime({
    state,
    dispatcher,
    validator: new SpecValidator(),
    workflowJob: options.workflowJob,
    actionPaths: { ...options.actionPaths },
    actionsSecrets: { ...options.actionsSecrets },
    runnerEnv: { ...options.runnerEnv },
    actionsVariables: { ...options.actionsVariables },
    ciCommand: options.ciCommand ?? "node --test",
    ciConcurrency,
    onChange: () => store.schedule(state),
    onEvent: (repo, event, payload, senderLogin) =>
      runtime.track(
        triggerWorkflows(runtime, repo, event, payload, senderLogin),
        `workflows for ${event} in ${repo.owner}/${repo.name}`,
      ),
    onRefUpdates: (repo, updates, actorLogin) => handleRefUpdates(runtime, repo, updates, actorLogin),
  });
  for (const repo of Object.values(state.repositories)) {
    // Repositories always live under dataDir, so a data directory that moved still opens.
    repo.gitDir = repositoryDir(dataDir, repo.owner, repo.name);
    runtime.attachGit(repo, await BareRepo.open(repo.gitDir));
  }

  const context: ApiRequestContext = {
    runtime,
    routes: routeTable,
    handlers: allHandlers(),
    accounting: new RequestAccounting(),
    faults,
    window: null,
    targeted,
    strictResponses: options.strictResponses ?? true,
    rateLimits: new Map(),
  };
  let inFlight = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    const requestUrl = new URL(request.url ?? "/", "http://127.0.0.1");
    const handling = isGitHttpPath(requestUrl.pathname)
      ? serveGitHttp(runtime, request, response, requestUrl, (operation) => {
          const fault = context.window?.next(operation) ?? null;
          if (fault !== null && fault.kind !== "none")
            context.accounting.recordFault(`${operation}-${fault.kind}`);
          return fault;
        })
      : serveDownloadLink(runtime, request, response, requestUrl)
        ? Promise.resolve()
        : (serveButtonPress(runtime, request, response, requestUrl) ??
          handleApiRequest(context, request, response));
    handling
      .catch((error: unknown) => {
        runtime.recordViolations([
          `request handling crashed: ${error instanceof Error ? error.message : String(error)}`,
        ]);
        if (!response.headersSent)
          response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        response.end(
          JSON.stringify({ message: "Server Error", documentation_url: "https://docs.github.com/rest" }),
        );
      })
      .finally(() => {
        inFlight -= 1;
      });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing was served: release the repositories and the temporary directory before reporting.
    await runtime.closeGit();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the emulator's server has no TCP address");
  const { port } = address;
  const url = `http://127.0.0.1:${port}`;
  runtime.apiUrl = url;

  const seedRepository = async (fullName: string) => {
    const { owner, name } = parseFullName(fullName);
    const existing = state.repositories[`${owner}/${name}`];
    if (existing) return { id: existing.id, defaultBranch: existing.defaultBranch, gitDir: existing.gitDir };
    if (!state.accounts[owner]) {
      state.accounts[owner] = {
        id: runtime.allocateId(),
        login: owner,
        type: owner === ADMIN_LOGIN ? "User" : "Organization",
        createdAt: formatTimestamp(),
      };
    }
    const gitDir = repositoryDir(dataDir, owner, name);
    const git = await BareRepo.create({
      dir: gitDir,
      defaultBranch: "main",
      files: demoRepositoryFiles(`${owner}/${name}`),
      message: "Initial commit",
      author: {
        name: ADMIN_LOGIN,
        email: `${state.accounts[ADMIN_LOGIN]?.id ?? 0}+${ADMIN_LOGIN}@users.noreply.github.com`,
      },
    });
    const now = formatTimestamp();
    const repo: RepositoryRecord = {
      id: runtime.allocateId(),
      owner,
      name,
      description: "A Foreman demo repository seeded by the local GitHub emulator",
      gitDir: git.dir,
      defaultBranch: "main",
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
      collaborators: { [ADMIN_LOGIN]: "admin" },
      requiredStatusChecks: { main: [CI_CHECK_NAME] },
      mergeQueueBranches: [],
      mergeRequests: [],
      nextIssueNumber: 1,
      issues: [],
      comments: [],
      labels: DEFAULT_LABELS.map((label) => ({ id: runtime.allocateId(), ...label, isDefault: true })),
      reviews: [],
      reviewComments: [],
      issueEvents: [],
      checkSuites: [],
      checkRuns: [],
      statuses: [],
      workflows: [],
      workflowRuns: [],
      workflowJobs: [],
    };
    state.repositories[`${owner}/${name}`] = repo;
    runtime.attachGit(repo, git);
    runtime.changed();
    return { id: repo.id, defaultBranch: repo.defaultBranch, gitDir: repo.gitDir };
  };

  const createApp: Emulator["createApp"] = async (appOptions) => {
    const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    });
    const baseSlug = appOptions.slug ?? "foreman";
    let slug = baseSlug;
    for (let suffix = 2; state.apps.some((app) => app.slug === slug); suffix++)
      slug = `${baseSlug}-${suffix}`;
    const now = formatTimestamp();
    const app: AppRecord = {
      id: runtime.allocateId(),
      slug,
      name: slug,
      ownerLogin: ADMIN_LOGIN,
      publicKeyPem: publicKey,
      webhookUrl: appOptions.webhookUrl,
      webhookSecret: appOptions.webhookSecret,
      replicaUrls: [],
      events: appOptions.events ?? [],
      hookId: runtime.allocateId(),
      createdAt: now,
    };
    const accountLogin = Object.values(state.repositories)[0]?.owner ?? ADMIN_LOGIN;
    const installation = { id: runtime.allocateId(), appId: app.id, accountLogin, createdAt: now };
    state.apps.push(app);
    state.installations.push(installation);
    runtime.account(`${slug}[bot]`);
    runtime.changed();
    return { appId: app.id, privateKey, installationId: installation.id, slug };
  };

  const appById = (appId: number, what: string): AppRecord => {
    const app = state.apps.find((candidate) => candidate.id === appId);
    if (!app) throw new Error(`${what}: no app with id ${appId}; create it with createApp first`);
    return app;
  };

  const isIdle = () => inFlight === 0 && dispatcher.pending() === 0 && runtime.backgroundCount() === 0;

  const emulator: Emulator = {
    url,
    token: state.adminToken,
    createApp,
    addWebhookUrl(appId, webhookUrl) {
      const app = appById(appId, "addWebhookUrl");
      if (webhookUrl !== app.webhookUrl && !app.replicaUrls.includes(webhookUrl)) {
        app.replicaUrls.push(webhookUrl);
        runtime.changed();
      }
    },
    removeWebhookUrl(appId, webhookUrl) {
      const app = appById(appId, "removeWebhookUrl");
      app.replicaUrls = app.replicaUrls.filter((candidate) => candidate !== webhookUrl);
      runtime.changed();
    },
    seedRepository,
    enableMergeQueue(fullName, branch) {
      const { owner, name } = parseFullName(fullName);
      const repo = state.repositories[`${owner}/${name}`];
      if (!repo) throw new Error(`enableMergeQueue: no repository ${fullName}; seed it first`);
      if (!repo.mergeQueueBranches.includes(branch)) repo.mergeQueueBranches.push(branch);
      runtime.changed();
    },
    setRequiredChecks(fullName, branch, contexts) {
      const { owner, name } = parseFullName(fullName);
      const repo = state.repositories[`${owner}/${name}`];
      if (!repo) throw new Error(`setRequiredChecks: no repository ${fullName}; seed it first`);
      if (contexts.length === 0) delete repo.requiredStatusChecks[branch];
      else repo.requiredStatusChecks[branch] = [...new Set(contexts)];
      runtime.changed();
    },
    pressCheckRunAction: (pressed) => pressCheckRunAction(runtime, pressed),
    workflowJobDetails(jobId) {
      for (const repo of Object.values(state.repositories)) {
        const job = repo.workflowJobs.find((candidate) => candidate.id === jobId);
        if (job)
          return {
            name: job.name,
            conclusion: job.conclusion,
            outputs: { ...job.outputs },
            summary: job.summary,
            log: job.log,
          };
      }
      return undefined;
    },
    async runScheduledWorkflows(fullName) {
      const { owner, name } = parseFullName(fullName);
      const repo = runtime.repository(owner, name);
      const payload = {
        repository: buildRepository(runtime, repo),
        sender: buildSimpleUser(runtime, ADMIN_LOGIN),
      };
      return triggerWorkflows(runtime, repo, "schedule", payload, ADMIN_LOGIN);
    },
    setActionsSecret(fullName, name, value) {
      const { owner, name: repoName } = parseFullName(fullName);
      const key = `${owner}/${repoName}`;
      runtime.repositorySecrets.set(key, { ...runtime.repositorySecrets.get(key), [name]: value });
    },
    setActionsVariable(fullName, name, value) {
      const { owner, name: repoName } = parseFullName(fullName);
      const key = `${owner}/${repoName}`;
      runtime.repositoryVariables.set(key, { ...runtime.repositoryVariables.get(key), [name]: value });
    },
    async addCollaborator(fullName, login, permission) {
      const { owner, name } = parseFullName(fullName);
      const repo = state.repositories[`${owner}/${name}`];
      if (!repo) throw new Error(`addCollaborator: no repository ${fullName}; seed it first`);
      runtime.account(login);
      repo.collaborators[login] = permission;
      runtime.changed();
    },
    userToken(login) {
      runtime.account(login);
      const known = Object.entries(state.tokens).find(
        ([, token]) => token.kind === "user" && token.login === login,
      )?.[0];
      if (known) return known;
      const token = `ghp_${randomBytes(18).toString("base64url")}`;
      state.tokens[token] = { kind: "user", login };
      runtime.changed();
      return token;
    },
    async waitForIdle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (quiet < IDLE_POLLS_REQUIRED) {
        if (Date.now() > deadline) {
          throw new Error(
            `waitForIdle: still busy after ${timeoutMs} ms (${inFlight} requests, ${dispatcher.pending()} deliveries, ${runtime.backgroundCount()} CI checks, workflow runs or push batches)`,
          );
        }
        quiet = isIdle() ? quiet + 1 : 0;
        await sleep(IDLE_POLL_MS);
      }
    },
    stats: () => ({ requests: context.accounting.snapshot(), webhooks: dispatcher.stats() }),
    requestLog: () => context.accounting.log(),
    injectFaults(spec, faultOptions = {}) {
      context.window =
        spec === null
          ? null
          : new FaultWindow(
              FaultPlan.parse(spec, faultOptions.seed ?? 0),
              faultOptions.operations ?? null,
              faultOptions.limit ?? Number.POSITIVE_INFINITY,
            );
    },
    deliveries: () =>
      dispatcher.deliveries().map((delivery) => ({
        id: delivery.id,
        event: delivery.event,
        ...(delivery.action === undefined ? {} : { action: delivery.action }),
        status: delivery.status,
        url: delivery.url,
        duplicate: delivery.duplicate,
        redelivery: delivery.redelivery,
        payload: delivery.payload,
        sentAt: delivery.sentAt,
      })),
    redeliver: (deliveryId) => dispatcher.redeliver(deliveryId),
    dropWebhooks: (rule) => targeted.dropWebhooks({ ...rule, times: rule.times ?? 1 }),
    delayRequests: (rule) =>
      targeted.delayRequests({ ...rule, phase: rule.phase ?? "before", times: rule.times ?? 1 }),
    violations: () => [...runtime.violations],
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await dispatcher.close();
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (runtime.backgroundCount() > 0 && Date.now() < deadline) await sleep(IDLE_POLL_MS);
      await store.close();
      await runtime.closeGit();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  for (const fullName of options.repos ?? []) await seedRepository(fullName);
  return emulator;
}
