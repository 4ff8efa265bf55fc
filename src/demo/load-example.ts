import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { decodePlanBytes } from "../core/graph/decode-plan-bytes.ts";
import { parsePlan } from "../core/graph/parse-plan.ts";
import type { TaskGraph } from "../core/graph/task-graph.ts";
import { type RecordedSession, recordedSessionSchema } from "./recorded-session.ts";

/** `templates/examples/` of this checkout. */
export const EXAMPLES_DIR = fileURLToPath(new URL("../../templates/examples/", import.meta.url));

export type Example = {
  name: string;
  dir: string;
  planMarkdown: string;
  graph: TaskGraph;
  /** the repository's first commit: path (with `/`) → content */
  files: Record<string, string>;
  /** task id → its recorded attempts, attempt 1 first */
  sessions: Record<string, RecordedSession[]>;
};

const SESSION_FILE = /^(?<task>.+)-attempt-(?<attempt>[1-9]\d*)\.json$/;

/**
 * Reads an example (`repository/`, `plan.md`, `sessions/<task>-attempt-<n>.json`) and checks that
 * it can be replayed: the plan is valid, every task has attempts 1…n, every attempt but the last
 * expects the required check to fail and the last expects it to pass, and a retry says which
 * feedback it reacts to. Every problem is reported at once, each naming its file.
 */
export async function loadExample(name: string, examplesDir: string = EXAMPLES_DIR): Promise<Example> {
  const dir = join(examplesDir, name);
  const problems: string[] = [];

  const planPath = join(dir, "plan.md");
  const planMarkdown = decodePlanBytes(await readFile(planPath)).text;
  const graph = parsePlan(planMarkdown);
  for (const diagnostic of graph.diagnostics.filter((found) => found.severity === "error"))
    problems.push(`${planPath}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}`);

  const repositoryDir = join(dir, "repository");
  const files: Record<string, string> = {};
  for (const path of await listFiles(repositoryDir))
    files[relative(repositoryDir, path).split("\\").join("/")] = await readFile(path, "utf8");

  const sessions: Record<string, RecordedSession[]> = {};
  const sessionsDir = join(dir, "sessions");
  for (const file of (await readdir(sessionsDir)).sort()) {
    const path = join(sessionsDir, file);
    const named = SESSION_FILE.exec(file)?.groups;
    if (named === undefined) {
      problems.push(`${path}: name it <task>-attempt-<n>.json, e.g. T1-attempt-1.json`);
      continue;
    }
    let parsed: ReturnType<typeof recordedSessionSchema.safeParse>;
    try {
      parsed = recordedSessionSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    } catch (error) {
      problems.push(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${path}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
      continue;
    }
    const session = parsed.data;
    if (session.task !== named.task || session.attempt !== Number(named.attempt)) {
      problems.push(
        `${path}: holds ${session.task} attempt ${session.attempt}; the file name says ${named.task} attempt ${named.attempt}`,
      );
      continue;
    }
    sessions[session.task] = [...(sessions[session.task] ?? []), session];
  }

  const taskIds = new Set(graph.tasks.map((task) => task.id));
  for (const task of Object.keys(sessions))
    if (!taskIds.has(task))
      problems.push(`${sessionsDir}: recordings for ${task}, which ${planPath} does not have`);
  for (const task of graph.tasks) {
    const attempts = (sessions[task.id] ?? []).sort((a, b) => a.attempt - b.attempt);
    sessions[task.id] = attempts;
    if (attempts.length === 0) {
      problems.push(`${sessionsDir}: no recording for ${task.id}; add ${task.id}-attempt-1.json`);
      continue;
    }
    attempts.forEach((session, index) => {
      const where = join(sessionsDir, `${session.task}-attempt-${session.attempt}.json`);
      if (session.attempt !== index + 1)
        problems.push(`${where}: attempt ${index + 1} of ${task.id} is missing`);
      const last = index === attempts.length - 1;
      if (last && session.expect.check !== "success")
        problems.push(`${where}: the last attempt must leave the required check green`);
      if (!last && session.expect.check !== "failure")
        problems.push(`${where}: an attempt followed by a retry must expect the required check to fail`);
      if (index > 0 && (session.feedbackMentions?.length ?? 0) === 0)
        problems.push(`${where}: a retry must say which feedback it reacts to (feedbackMentions)`);
    });
  }

  if (problems.length > 0)
    throw new Error(
      `example "${name}" cannot be replayed:\n${problems.map((line) => `  ${line}`).join("\n")}`,
    );
  return { name: basename(dir), dir, planMarkdown, graph, files, sessions };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
