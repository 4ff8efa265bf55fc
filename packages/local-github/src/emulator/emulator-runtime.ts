import { AsyncLocalStorage } from "node:async_hooks";
import type { BareRepo, CommitInfo, RefUpdate } from "../git/bare-repo.ts";
import { type ChangedFile, parseChangedFiles } from "../git/parse-changed-files.ts";
import { runGit } from "../git/run-git.ts";
import type { WorkflowJob } from "../runner/local-runner.ts";
import type { WorkflowFile } from "../runner/parse-workflow-file.ts";
import { type BuildContext, buildNodeId, formatTimestamp } from "./build-context.ts";
import { buildOrganization } from "./build-organization.ts";
import { buildPullRequestMinimal, type PullGitFacts } from "./build-pull-request.ts";
import { buildRepository } from "./build-repository.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import type {
  AccountRecord,
  AppRecord,
  EmulatorState,
  IssueRecord,
  Permission,
  PullRecord,
  RepositoryRecord,
} from "./emulator-state.ts";
import { forbidden, notFound } from "./github-api-error.ts";
import type { Actor } from "./operation-types.ts";
import type { SpecValidator } from "./spec-validator.ts";
import type { WebhookDispatcher } from "./webhook-dispatcher.ts";

const PERMISSION_RANK: Record<Permission, number> = { read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** An issue that is a pull request. */
export type PullIssue = IssueRecord & { pull: PullRecord };

export function isPull(issue: IssueRecord): issue is PullIssue {
  return issue.pull !== null;
}

export function isOpenPull(issue: IssueRecord): issue is PullIssue {
  return issue.pull !== null && issue.state === "open";
}

export interface RuntimeOptions {
  state: EmulatorState;
  dispatcher: WebhookDispatcher;
  validator: SpecValidator;
  /** the programmatic job hook; absent: runs execute their workflow file's steps */
  workflowJob: WorkflowJob | undefined;
  /** `owner/repo[/path][@ref]` → local directory of that action, for `uses:` */
  actionPaths: Record<string, string>;
  /** secrets and configuration variables every repository's runs see (per-repository ones override) */
  actionsSecrets: Record<string, string>;
  actionsVariables: Record<string, string>;
  /** the runner machine's own variables, in every job's environment */
  runnerEnv: Record<string, string>;
  ciCommand: string;
  /** how many CI test processes of this emulator run at once */
  ciConcurrency: number;
  /** Called after every change to the state, so it can be persisted. */
  onChange: () => void;
  /** Called once per repository event raised, with its payload (without `installation`), to start workflow runs. */
  onEvent: (
    repo: RepositoryRecord,
    event: string,
    payload: Record<string, unknown>,
    senderLogin: string,
  ) => void;
  /** Called when a bare repository reports ref changes, with the login of the API caller behind them if any. */
  onRefUpdates: (repo: RepositoryRecord, updates: RefUpdate[], actorLogin: string | undefined) => void;
}

/**
 * The emulator's shared world: the state, the bare repositories, the webhook dispatcher and the
 * background work (push processing, CI, workflow runs) that `waitForIdle` waits for. Handlers and
 * background modules go through it so ids, permissions and events stay consistent.
 */
export class EmulatorRuntime implements BuildContext {
  apiUrl = "";
  readonly state: EmulatorState;
  readonly dispatcher: WebhookDispatcher;
  readonly validator: SpecValidator;
  readonly workflowJob: WorkflowJob | undefined;
  readonly actionPaths: Record<string, string>;
  readonly runnerEnv: Record<string, string>;
  readonly #secrets: Record<string, string>;
  readonly #variables: Record<string, string>;
  /** per repository ("owner/name"), set through the emulator's setActionsSecret / setActionsVariable */
  readonly repositorySecrets = new Map<string, Record<string, string>>();
  readonly repositoryVariables = new Map<string, Record<string, string>>();
  readonly ciCommand: string;
  readonly violations: string[] = [];
  readonly #gitRepos = new Map<string, BareRepo>();
  readonly #unwatch: Array<() => void> = [];
  readonly #background = new Set<Promise<unknown>>();
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #ciConcurrency: number;
  #ciRunning = 0;
  readonly #ciWaiting: Array<() => void> = [];
  readonly #onChange: () => void;
  readonly #onRefUpdates: RuntimeOptions["onRefUpdates"];
  readonly #onEvent: RuntimeOptions["onEvent"];
  /** how many workflow_run triggers led to each run, so chains stop where GitHub stops them */
  readonly workflowRunDepth = new Map<number, number>();
  /** parsed workflow files by the tree id of .github/workflows (git trees never change) */
  readonly workflowFilesByTree = new Map<
    string,
    Array<{ path: string; text: string; workflow: WorkflowFile }>
  >();
  /** workflow run id → how to stop its running attempt (actions/cancel-workflow-run) */
  readonly runCancellations = new Map<number, AbortController>();
  /** short-lived download links the API redirects to (job logs), as GitHub's signed URLs */
  readonly downloadLinks = new Map<string, { contentType: string; read: () => string; expiresAt: number }>();
  /** Who caused the ref updates a BareRepo reports synchronously from inside an API request. */
  readonly actorContext = new AsyncLocalStorage<string>();

  constructor(options: RuntimeOptions) {
    this.state = options.state;
    this.dispatcher = options.dispatcher;
    this.validator = options.validator;
    this.workflowJob = options.workflowJob;
    this.actionPaths = options.actionPaths;
    this.runnerEnv = options.runnerEnv;
    this.#secrets = options.actionsSecrets;
    this.#variables = options.actionsVariables;
    this.ciCommand = options.ciCommand;
    this.#ciConcurrency = options.ciConcurrency;
    this.#onChange = options.onChange;
    this.#onRefUpdates = options.onRefUpdates;
    this.#onEvent = options.onEvent;
  }

  actionsSecrets(repo: RepositoryRecord): Record<string, string> {
    return { ...this.#secrets, ...this.repositorySecrets.get(`${repo.owner}/${repo.name}`) };
  }

  actionsVariables(repo: RepositoryRecord): Record<string, string> {
    return { ...this.#variables, ...this.repositoryVariables.get(`${repo.owner}/${repo.name}`) };
  }

  account(login: string): AccountRecord {
    const known = this.state.accounts[login];
    if (known) return known;
    const account: AccountRecord = {
      id: this.allocateId(),
      login,
      type: login.endsWith("[bot]") ? "Bot" : "User",
      createdAt: formatTimestamp(),
    };
    this.state.accounts[login] = account;
    return account;
  }

  /** Database ids come from one counter that starts far above issue numbers, so a number is never an id. */
  allocateId(): number {
    const id = this.state.nextId;
    this.state.nextId += 1;
    return id;
  }

  now(): string {
    return formatTimestamp();
  }

  changed(): void {
    this.#onChange();
  }

  recordViolations(problems: string[]): void {
    this.violations.push(...problems);
  }

  repository(owner: string, name: string): RepositoryRecord {
    const repo = this.state.repositories[`${owner}/${name}`];
    if (!repo) throw notFound();
    return repo;
  }

  attachGit(repo: RepositoryRecord, git: BareRepo): void {
    this.#gitRepos.set(`${repo.owner}/${repo.name}`, git);
    this.#unwatch.push(
      git.watchPushes((updates) =>
        this.#onRefUpdates(
          repo,
          updates,
          this.actorContext.getStore() ?? updates.find((update) => update.pusher)?.pusher,
        ),
      ),
    );
  }

  git(repo: RepositoryRecord): BareRepo {
    const git = this.#gitRepos.get(`${repo.owner}/${repo.name}`);
    if (!git) throw new Error(`no bare repository attached for ${repo.owner}/${repo.name}`);
    return git;
  }

  async closeGit(): Promise<void> {
    for (const unwatch of this.#unwatch.splice(0)) unwatch();
    await Promise.all([...this.#gitRepos.values()].map((git) => git.close()));
    this.#gitRepos.clear();
  }

  issue(repo: RepositoryRecord, number: number): IssueRecord {
    const issue = repo.issues.find((candidate) => candidate.number === number);
    if (!issue) throw notFound();
    return issue;
  }

  pull(repo: RepositoryRecord, number: number): PullIssue {
    const issue = repo.issues.find((candidate) => candidate.number === number);
    if (!issue || !isPull(issue)) throw notFound();
    return issue;
  }

  permissionOf(actor: Actor, repo: RepositoryRecord): Permission | null {
    if (actor.kind === "app") return null;
    if (actor.kind === "installation") return "write";
    if (actor.login === repo.owner) return "admin";
    return repo.collaborators[actor.login] ?? "read";
  }

  /** GitHub's answer when the caller may see the repository but not change it this way. */
  requirePermission(actor: Actor, repo: RepositoryRecord, level: Permission): void {
    const permission = this.permissionOf(actor, repo);
    if (permission !== null && PERMISSION_RANK[permission] >= PERMISSION_RANK[level]) return;
    if (actor.kind === "installation") throw forbidden("Resource not accessible by integration");
    throw forbidden("Resource not accessible by personal access token");
  }

  hasPermission(actor: Actor, repo: RepositoryRecord, level: Permission): boolean {
    const permission = this.permissionOf(actor, repo);
    return permission !== null && PERMISSION_RANK[permission] >= PERMISSION_RANK[level];
  }

  /** Runs `work` after every earlier write to the same repository finished, so read-check-write stays atomic. */
  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const settled = current.catch(() => undefined);
    this.#locks.set(key, settled);
    try {
      return await current;
    } finally {
      if (this.#locks.get(key) === settled) this.#locks.delete(key);
    }
  }

  /** Waits for one of this emulator's CI slots; call the returned function to give it back. */
  async acquireCiSlot(): Promise<() => void> {
    while (this.#ciRunning >= this.#ciConcurrency)
      await new Promise<void>((resolve) => this.#ciWaiting.push(resolve));
    this.#ciRunning += 1;
    return () => {
      this.#ciRunning -= 1;
      this.#ciWaiting.shift()?.();
    };
  }

  /** Background work `waitForIdle` waits for; its failures are recorded, never thrown at nobody. */
  track(work: Promise<unknown>, what: string): void {
    const tracked = work.catch((error: unknown) => {
      this.violations.push(
        `background ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  backgroundCount(): number {
    return this.#background.size;
  }

  /** Raises a webhook to every app subscribed to the event, with `repository`, `sender` and `installation`. */
  emit(
    repo: RepositoryRecord | null,
    event: string,
    fields: Record<string, unknown>,
    senderLogin: string,
    options: { onlyAppId?: number | null } = {},
  ): void {
    // `fields` come last among the event's own keys so an event may send its own form of `repository`.
    const base: Record<string, unknown> = {
      ...(repo ? { repository: buildRepository(this, repo) } : {}),
      ...fields,
      ...(repo && this.account(repo.owner).type === "Organization"
        ? { organization: buildOrganization(this, repo.owner) }
        : {}),
      sender: buildSimpleUser(this, senderLogin),
    };
    // An event only some apps hear (a check suite re-requested by one app) is not a repository event.
    if (repo && (options.onlyAppId === undefined || options.onlyAppId === null))
      this.#onEvent(repo, event, base, senderLogin);
    for (const app of this.state.apps) {
      if (app.events.length > 0 && !app.events.includes(event)) continue;
      // An app whose webhook is inactive (no URL) hears nothing, as an Actions-only installation.
      if (app.webhookUrl === "" && app.replicaUrls.length === 0) continue;
      if (options.onlyAppId !== undefined && options.onlyAppId !== null && options.onlyAppId !== app.id)
        continue;
      const installation = this.state.installations.find((candidate) => candidate.appId === app.id);
      const payload: Record<string, unknown> = {
        ...base,
        ...(installation
          ? { installation: { id: installation.id, node_id: buildNodeId("Installation", installation.id) } }
          : {}),
      };
      // x-webhooks names are kebab-case: "pull_request" + "opened" → "pull-request-opened".
      // repository_dispatch's action is the caller's event_type; the spec describes it by its example type.
      const schemaName =
        event === "repository_dispatch"
          ? "repository-dispatch-sample.collected"
          : [event, typeof fields.action === "string" ? fields.action : undefined]
              .filter((part) => part !== undefined)
              .join("-")
              .replaceAll("_", "-");
      const checked = event === "repository_dispatch" ? { ...payload, action: "sample.collected" } : payload;
      this.recordViolations(this.validator.webhook(schemaName, checked));
      this.dispatcher.enqueue(this.#deliveryTarget(app), event, payload);
    }
  }

  #deliveryTarget(app: AppRecord) {
    return {
      appId: app.id,
      hookId: app.hookId,
      urls: [app.webhookUrl, ...app.replicaUrls],
      secret: app.webhookSecret,
    };
  }

  /** The branch tip, or null when the branch does not exist. */
  async branchSha(repo: RepositoryRecord, branch: string): Promise<string | null> {
    return this.git(repo).resolve(`refs/heads/${branch}`);
  }

  /** Required contexts for a branch and how the commit stands against them. */
  requiredChecks(
    repo: RepositoryRecord,
    branch: string,
    sha: string,
  ): { required: string[]; failing: string[]; pending: string[] } {
    const required = repo.requiredStatusChecks[branch] ?? [];
    const failing: string[] = [];
    const pending: string[] = [];
    for (const context of required) {
      const verdict = this.checkVerdict(repo, sha, context);
      if (verdict === "failure") failing.push(context);
      if (verdict === "pending") pending.push(context);
    }
    return { required, failing, pending };
  }

  /** The latest check run or commit status named `context` on `sha`: green, red, or not there yet. */
  checkVerdict(repo: RepositoryRecord, sha: string, context: string): "success" | "failure" | "pending" {
    const run = repo.checkRuns
      .filter((candidate) => candidate.headSha === sha && candidate.name === context)
      .at(-1);
    const status = repo.statuses
      .filter((candidate) => candidate.sha === sha && candidate.context === context)
      .at(-1);
    if (run) {
      if (run.status !== "completed") return "pending";
      return run.conclusion === "success" || run.conclusion === "neutral" || run.conclusion === "skipped"
        ? "success"
        : "failure";
    }
    if (status) {
      if (status.state === "success") return "success";
      return status.state === "pending" ? "pending" : "failure";
    }
    return "pending";
  }

  async pullFacts(repo: RepositoryRecord, issue: PullIssue): Promise<PullGitFacts> {
    const pull = issue.pull;
    const git = this.git(repo);
    const baseTip = await this.branchSha(repo, pull.baseRef);
    if (pull.merged || baseTip === null) {
      const frozen = pull.mergedStats;
      return {
        baseSha: frozen?.baseSha ?? baseTip ?? pull.headSha,
        mergeable: null,
        mergeableState: "unknown",
        commits: frozen?.commits ?? 0,
        additions: frozen?.additions ?? 0,
        deletions: frozen?.deletions ?? 0,
        changedFiles: frozen?.changedFiles ?? 0,
      };
    }
    const stats = await this.diffStats(repo, baseTip, pull.headSha);
    if (issue.state === "closed") {
      return { baseSha: baseTip, mergeable: null, mergeableState: "unknown", ...stats };
    }
    const merge = await git.testMerge(pull.baseRef, pull.headSha);
    if (!merge.mergeable) return { baseSha: baseTip, mergeable: false, mergeableState: "dirty", ...stats };
    const checks = this.requiredChecks(repo, pull.baseRef, pull.headSha);
    const otherFailures = repo.checkRuns.some(
      (run) => run.headSha === pull.headSha && run.status === "completed" && run.conclusion === "failure",
    );
    const mergeableState =
      checks.failing.length > 0 || checks.pending.length > 0
        ? "blocked"
        : otherFailures
          ? "unstable"
          : "clean";
    return { baseSha: baseTip, mergeable: true, mergeableState, ...stats };
  }

  async diffStats(
    repo: RepositoryRecord,
    base: string,
    head: string,
  ): Promise<{ commits: number; additions: number; deletions: number; changedFiles: number }> {
    const git = this.git(repo);
    const files = await git.changedFiles(base, head);
    const count = await runGit(["rev-list", "--count", `${base}..${head}`], { cwd: git.dir });
    return {
      commits: Number(count.stdout.toString("utf8").trim()) || 0,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      changedFiles: files.length,
    };
  }

  /** What one commit changed against its first parent (a root commit against the empty tree). */
  async commitChanges(repo: RepositoryRecord, commit: CommitInfo): Promise<ChangedFile[]> {
    const git = this.git(repo);
    const emptyTree = (await runGit(["hash-object", "-t", "tree", "/dev/null"], { cwd: git.dir })).stdout
      .toString("utf8")
      .trim();
    const output = await runGit(
      ["diff", "--raw", "--numstat", "-z", "-M", "--no-abbrev", commit.parents[0] ?? emptyTree, commit.sha],
      { cwd: git.dir },
    );
    return parseChangedFiles(output.stdout);
  }

  /** Open pull requests whose head is `sha`, in the short form checks and runs embed. */
  async pullsForSha(repo: RepositoryRecord, sha: string) {
    const pulls = repo.issues.filter(isOpenPull).filter((issue) => issue.pull.headSha === sha);
    return Promise.all(
      pulls.map(async (issue) =>
        buildPullRequestMinimal(this, repo, issue, (await this.branchSha(repo, issue.pull.baseRef)) ?? sha),
      ),
    );
  }
}
