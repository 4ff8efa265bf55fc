import { readGitObjects } from "../git/read-git-objects.ts";
import { renderTemplate } from "../runner/evaluate-expression.ts";
import { parseWorkflowFile, type WorkflowFile, workflowTriggers } from "../runner/parse-workflow-file.ts";
import { ACTIONS_APP } from "./build-app.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { RepositoryRecord, WorkflowRecord } from "./emulator-state.ts";
import { ACTIONS_BOT_LOGIN, startWorkflowRun } from "./start-workflow-run.ts";

const WORKFLOWS_DIRECTORY = ".github/workflows";
/** Events a job's GITHUB_TOKEN may still start runs with, as on GitHub. */
const TOKEN_EXEMPT_EVENTS = new Set(["workflow_dispatch", "repository_dispatch"]);
/** The activity types GitHub uses when a workflow lists none (all of them, except for these). */
const DEFAULT_TYPES: Record<string, string[]> = {
  pull_request: ["opened", "synchronize", "reopened"],
  pull_request_target: ["opened", "synchronize", "reopened"],
  merge_group: ["checks_requested"],
};
/** GitHub stops a chain of workflow_run-triggered runs after three levels. */
const MAX_WORKFLOW_RUN_DEPTH = 3;

type Payload = Record<string, unknown>;
type WorkflowFileEntry = { path: string; text: string; workflow: WorkflowFile };

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** GitHub's filter globs: `*` within a path segment, `**` across segments, `?` one character. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? "";
    if (char === "*" && glob[index + 1] === "*") {
      source += ".*";
      index++;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Patterns in order, a later `!pattern` taking a match back, as GitHub evaluates them. */
function matchesPatterns(name: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith("!")) {
      if (globToRegExp(pattern.slice(1)).test(name)) matched = false;
    } else if (globToRegExp(pattern).test(name)) matched = true;
  }
  return matched;
}

/** `include`/`ignore` filter pair (branches, tags, paths): absent means no restriction. */
function passes(names: string[], include: string[] | undefined, ignore: string[] | undefined): boolean {
  if (include !== undefined) return names.some((name) => matchesPatterns(name, include));
  if (ignore !== undefined) return names.some((name) => !matchesPatterns(name, ignore));
  return true;
}

/** Where an event's run runs: the commit and ref GitHub uses for it, and the files it changed when known. */
async function eventTarget(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  event: string,
  payload: Payload,
): Promise<{ sha: string; ref: string; headBranch: string; changed: () => Promise<string[]> } | null> {
  // Only called once a workflow listens to the event: reading refs costs a git process per event.
  if (event === "push") {
    if (payload.deleted === true) return null;
    const ref = text(payload.ref);
    const commits = Array.isArray(payload.commits) ? payload.commits : [];
    const files = commits.flatMap((commit) =>
      ["added", "removed", "modified"].flatMap((kind) => list(field(commit, kind)) ?? []),
    );
    return {
      sha: text(payload.after),
      ref,
      headBranch: ref.replace(/^refs\/(heads|tags)\//, ""),
      changed: async () => files,
    };
  }
  const pull = payload.pull_request;
  if (pull !== undefined && event === "pull_request_target") {
    // The base branch's workflow at its tip, so no pull request's code runs with the repository's secrets.
    const base = text(field(pull, "base", "ref"));
    const sha = await runtime.branchSha(repo, base);
    if (sha === null) return null;
    return {
      sha,
      ref: `refs/heads/${base}`,
      headBranch: base,
      changed: async () =>
        (
          await runtime
            .git(repo)
            .changedFiles(text(field(pull, "base", "sha")), text(field(pull, "head", "sha")))
        ).map((file) => file.filename),
    };
  }
  if (pull !== undefined && (event.startsWith("pull_request") || event === "pull_request_review")) {
    const head = text(field(pull, "head", "sha"));
    const base = text(field(pull, "base", "sha"));
    return {
      sha: head,
      ref: `refs/pull/${text(field(pull, "number"))}/merge`,
      headBranch: text(field(pull, "head", "ref")),
      changed: async () => (await runtime.git(repo).changedFiles(base, head)).map((file) => file.filename),
    };
  }
  if (event === "merge_group") {
    const ref = text(field(payload, "merge_group", "head_ref"));
    return {
      sha: text(field(payload, "merge_group", "head_sha")),
      ref,
      headBranch: ref.replace(/^refs\/heads\//, ""),
      changed: async () => [],
    };
  }
  // Everything else runs the default branch's workflows at its tip, as GitHub does.
  const sha = await runtime.branchSha(repo, repo.defaultBranch);
  if (sha === null) return null;
  return {
    sha,
    ref: `refs/heads/${repo.defaultBranch}`,
    headBranch: repo.defaultBranch,
    changed: async () => [],
  };
}

/** Whether the workflow's filter for this event lets the event through. */
async function filterAccepts(
  event: string,
  filter: unknown,
  payload: Payload,
  target: { ref: string; changed: () => Promise<string[]> },
): Promise<boolean> {
  const types = list(field(filter, "types")) ?? DEFAULT_TYPES[event];
  const action = text(payload.action);
  if (types !== undefined && action !== "" && !types.includes(action)) return false;
  const branches = list(field(filter, "branches"));
  const branchesIgnore = list(field(filter, "branches-ignore"));
  if (event === "push") {
    const tags = list(field(filter, "tags"));
    const tagsIgnore = list(field(filter, "tags-ignore"));
    const isTag = target.ref.startsWith("refs/tags/");
    const name = target.ref.replace(/^refs\/(heads|tags)\//, "");
    const hasRefFilter = [branches, branchesIgnore, tags, tagsIgnore].some((item) => item !== undefined);
    if (hasRefFilter) {
      // Naming only branches leaves tags out, and the other way round.
      if (isTag && tags === undefined && tagsIgnore === undefined) return false;
      if (!isTag && branches === undefined && branchesIgnore === undefined) return false;
      if (!passes([name], isTag ? tags : branches, isTag ? tagsIgnore : branchesIgnore)) return false;
    }
  } else if (event.startsWith("pull_request") && branches !== undefined) {
    if (!passes([text(field(payload, "pull_request", "base", "ref"))], branches, branchesIgnore))
      return false;
  } else if (event.startsWith("pull_request") && branchesIgnore !== undefined) {
    if (!passes([text(field(payload, "pull_request", "base", "ref"))], undefined, branchesIgnore))
      return false;
  } else if (event === "workflow_run") {
    const workflows = list(field(filter, "workflows")) ?? [];
    if (!workflows.includes(text(field(payload, "workflow", "name")))) return false;
    if (!passes([text(field(payload, "workflow_run", "head_branch"))], branches, branchesIgnore))
      return false;
  }
  const paths = list(field(filter, "paths"));
  const pathsIgnore = list(field(filter, "paths-ignore"));
  if (
    (event === "push" || event.startsWith("pull_request")) &&
    (paths !== undefined || pathsIgnore !== undefined)
  ) {
    const changed = await target.changed();
    if (!passes(changed, paths, pathsIgnore)) return false;
  }
  return true;
}

function workflowRecord(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  path: string,
  name: string,
): WorkflowRecord {
  const known = repo.workflows.find((workflow) => workflow.path === path);
  if (known) return known;
  const workflow: WorkflowRecord = { id: runtime.allocateId(), path, name, createdAt: runtime.now() };
  repo.workflows.push(workflow);
  return workflow;
}

/** The run's title: `run-name` when the file has one, else what GitHub shows for the event. */
function displayTitle(
  workflow: WorkflowFile,
  name: string,
  event: string,
  payload: Payload,
  actor: string,
): string {
  const runName = workflow["run-name"];
  if (runName !== undefined) {
    try {
      return renderTemplate(runName, {
        status: "success",
        contexts: { github: { event: payload as never, event_name: event, actor }, inputs: {}, vars: {} },
      });
    } catch {
      // An expression the runner cannot evaluate: fall back to GitHub's default title.
    }
  }
  const headMessage = text(field(payload, "head_commit", "message")).split("\n")[0];
  return (
    headMessage ||
    text(field(payload, "pull_request", "title")) ||
    text(field(payload, "issue", "title")) ||
    text(field(payload, "workflow_run", "display_title")) ||
    name
  );
}

/** Which commit's workflow files an event uses: the pushed or pull request head, else the default branch. */
function eventRevision(repo: RepositoryRecord, event: string, payload: Payload): string {
  if (event === "push") return text(payload.after);
  if (event === "pull_request_target")
    return `refs/heads/${text(field(payload, "pull_request", "base", "ref"))}`;
  const head = text(field(payload, "pull_request", "head", "sha"));
  if (head !== "" && (event.startsWith("pull_request") || event === "pull_request_review")) return head;
  if (event === "merge_group") return text(field(payload, "merge_group", "head_sha"));
  return `refs/heads/${repo.defaultBranch}`;
}

/**
 * The valid workflow files at `revision` whose \`on:\` names the event. Parsed files are kept by the
 * workflows directory's tree id (immutable), so an event costs one git lookup unless the files changed.
 */
async function listenersOf(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  event: string,
  revision: string,
): Promise<WorkflowFileEntry[]> {
  if (revision === "" || /^0+$/.test(revision) || /[:\s]/.test(revision) || revision.startsWith("-"))
    return [];
  const git = runtime.git(repo);
  const [tree] = await readGitObjects(git.dir, [`${revision}:${WORKFLOWS_DIRECTORY}`], {
    withContent: false,
  });
  if (tree?.type !== "tree") return [];
  let files = runtime.workflowFilesByTree.get(tree.sha);
  if (!files) {
    files = [];
    for (const entry of (await git.listDirectory(tree.sha, "")) ?? []) {
      if (entry.type !== "file" || !/\.ya?ml$/.test(entry.name)) continue;
      const file = await git.readFile(tree.sha, entry.name);
      if (!file) continue;
      const path = `${WORKFLOWS_DIRECTORY}/${entry.name}`;
      const workflowText = file.content.toString("utf8");
      try {
        files.push({ path, text: workflowText, workflow: parseWorkflowFile(path, workflowText) });
      } catch {
        // GitHub would show a failed run for a broken file on push; the runner reports it on dispatch.
      }
    }
    runtime.workflowFilesByTree.set(tree.sha, files);
  }
  return files.filter((file) => workflowTriggers(file.workflow).has(event));
}

/**
 * Starts a run of every workflow whose `on:` names this event and whose filters (types, branches,
 * tags, paths, workflows) let it through — with the workflow files of the event's commit for push and
 * pull request events and of the default branch otherwise, as GitHub does. Keeps GitHub's rule that
 * events caused by a job's GITHUB_TOKEN (github-actions[bot]) start no new runs, except
 * workflow_dispatch and repository_dispatch; GitHub Actions' own check suites start none either.
 * Returns the ids of the runs started.
 */
export async function triggerWorkflows(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  event: string,
  payload: Payload,
  senderLogin: string,
): Promise<number[]> {
  // A dispatch starts its run through the API call itself.
  if (event === "workflow_dispatch") return [];
  if (senderLogin === ACTIONS_BOT_LOGIN && !TOKEN_EXEMPT_EVENTS.has(event)) return [];
  if (
    (event === "check_suite" || event === "check_run") &&
    field(payload, event, "app", "id") === ACTIONS_APP.id
  )
    return [];
  const started = await startListeners(runtime, repo, event, payload, senderLogin);
  // One pull request webhook is two workflow events: the head's `pull_request`, the base's `_target`.
  if (event === "pull_request")
    started.push(...(await startListeners(runtime, repo, "pull_request_target", payload, senderLogin)));
  if (started.length > 0) runtime.changed();
  return started;
}

async function startListeners(
  runtime: EmulatorRuntime,
  repo: RepositoryRecord,
  event: string,
  payload: Payload,
  senderLogin: string,
): Promise<number[]> {
  const workflows = await listenersOf(runtime, repo, event, eventRevision(repo, event, payload));
  if (workflows.length === 0) return [];
  let depth = 0;
  if (event === "workflow_run") {
    depth = (runtime.workflowRunDepth.get(Number(field(payload, "workflow_run", "id"))) ?? 0) + 1;
    if (depth > MAX_WORKFLOW_RUN_DEPTH) return [];
  }
  const target = await eventTarget(runtime, repo, event, payload);
  if (target === null || target.sha === "") return [];
  const started: number[] = [];
  for (const { path, text: workflowText, workflow } of workflows) {
    const filter = workflowTriggers(workflow).get(event);
    if (event === "schedule") {
      const crons = Array.isArray(filter)
        ? filter.map((item) => text(field(item, "cron"))).filter(Boolean)
        : [];
      if (crons.length === 0) continue;
      payload.schedule = crons[0];
    } else if (!(await filterAccepts(event, filter, payload, target))) {
      continue;
    }
    const name = workflow.name ?? path;
    const record = workflowRecord(runtime, repo, path, name);
    const run = startWorkflowRun(runtime, repo, {
      workflow: record,
      workflowText,
      displayTitle: displayTitle(workflow, name, event, payload, senderLogin),
      jobName: Object.keys(workflow.jobs)[0] ?? "build",
      ref: target.ref,
      headBranch: target.headBranch,
      headSha: target.sha,
      inputs: {},
      actorLogin: senderLogin,
      event,
      eventPayload: { ...payload },
    });
    runtime.workflowRunDepth.set(run.id, depth);
    started.push(run.id);
  }
  return started;
}
