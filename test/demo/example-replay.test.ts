import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executionWaves } from "../../src/core/graph/execution-waves.ts";
import { type Example, loadExample } from "../../src/demo/load-example.ts";
import type { RecordedSession } from "../../src/demo/recorded-session.ts";
import { resolveRecordedSession } from "../../src/demo/resolve-recorded-session.ts";

type Run = { code: number; output: string };

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await run("git", args, cwd, {
    GIT_AUTHOR_NAME: "Foreman demo",
    GIT_AUTHOR_EMAIL: "demo@foreman.invalid",
    GIT_COMMITTER_NAME: "Foreman demo",
    GIT_COMMITTER_EMAIL: "demo@foreman.invalid",
  });
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed:\n${result.output}`);
  return result.output.trim();
}

/** The required check, as the local CI runs it: the repository's own test command. */
function requiredCheck(cwd: string): Promise<Run> {
  return run("npm", ["test"], cwd, { CI: "true" });
}

/**
 * Plays one recording's tool calls the way Claude Code's tools behave: Write creates or replaces a
 * file, Edit replaces exactly one occurrence, both refuse to touch an existing file the session has
 * not read, Read needs the file to exist, and Bash runs in the workspace. Every command a recording
 * runs must succeed where it runs, since the recorded model reads its output as a success.
 */
async function playTools(session: RecordedSession, workspace: string): Promise<string[]> {
  const seen = new Set<string>();
  const ran: string[] = [];
  const where = `${session.task} attempt ${session.attempt}`;
  for (const turn of resolveRecordedSession(session, workspace)) {
    for (const block of turn.blocks) {
      if (block.type !== "tool_use") continue;
      const input = block.input;
      const path = typeof input.file_path === "string" ? input.file_path : "";
      const shown = relative(workspace, path);
      switch (block.name) {
        case "Read":
          expect(existsSync(path), `${where}: Read ${shown}: no such file`).toBe(true);
          seen.add(path);
          break;
        case "Write":
          if (existsSync(path))
            expect(seen.has(path), `${where}: Write ${shown} before reading it`).toBe(true);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, String(input.content));
          seen.add(path);
          break;
        case "Edit": {
          expect(seen.has(path), `${where}: Edit ${shown} before reading it`).toBe(true);
          const before = await readFile(path, "utf8");
          const old = String(input.old_string);
          const count = before.split(old).length - 1;
          expect(count, `${where}: Edit ${shown}: old_string must occur exactly once`).toBe(1);
          await writeFile(
            path,
            before.replace(old, () => String(input.new_string)),
          );
          break;
        }
        case "Bash": {
          const command = String(input.command);
          const result = await run("bash", ["-c", command], workspace, { CI: "true" });
          expect(result.code, `${where}: \`${command}\` failed:\n${result.output}`).toBe(0);
          ran.push(command);
          break;
        }
        default:
          throw new Error(`${where}: the replay knows Read, Write, Edit and Bash, not ${block.name}`);
      }
    }
  }
  return ran;
}

function failedTest(output: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // TAP (`not ok 7 - name`, Node 20's reporter off a TTY) or spec (`✖ name`, later Nodes).
  return new RegExp(`(not ok \\d+ - |✖ )${escaped}`).test(output);
}

type AttemptRecord = { task: string; attempt: number; check: Run; changed: string[]; commands: string[] };

describe("the todo-cli example replays to a green repository", () => {
  let example: Example;
  let workspace: string;
  let baseCheck: Run;
  let finalCheck: Run;
  const attempts: AttemptRecord[] = [];
  const order: string[][] = [];

  beforeAll(async () => {
    example = await loadExample("todo-cli");
    workspace = await mkdtemp(join(tmpdir(), "foreman-example-"));
    await git(workspace, "init", "--quiet", "--initial-branch=main");
    for (const [path, content] of Object.entries(example.files)) {
      await mkdir(dirname(join(workspace, path)), { recursive: true });
      await writeFile(join(workspace, path), content);
    }
    await git(workspace, "add", "--all");
    await git(workspace, "commit", "--quiet", "--message", "Initial commit");
    baseCheck = await requiredCheck(workspace);

    // As Foreman runs it: each wave's tasks branch from the same main, each attempt is a commit on
    // the task's branch (earlier attempts kept), and a task lands (squash) once its check is green.
    for (const wave of executionWaves(example.graph.tasks)) {
      order.push(wave);
      const base = await git(workspace, "rev-parse", "HEAD");
      const landed: string[] = [];
      for (const taskId of wave) {
        await git(workspace, "switch", "--quiet", "--create", `foreman/1/${taskId}`, base);
        for (const session of example.sessions[taskId] ?? []) {
          const commands = await playTools(session, workspace);
          await git(workspace, "add", "--all");
          await git(
            workspace,
            "commit",
            "--quiet",
            "--allow-empty",
            "--message",
            `${taskId} attempt ${session.attempt}`,
          );
          const changed = (await git(workspace, "diff", "--name-only", base, "HEAD"))
            .split("\n")
            .filter(Boolean);
          attempts.push({
            task: taskId,
            attempt: session.attempt,
            check: await requiredCheck(workspace),
            changed,
            commands,
          });
        }
        landed.push(taskId);
        await git(workspace, "switch", "--quiet", "--detach", base);
      }
      await git(workspace, "switch", "--quiet", "main");
      for (const taskId of landed) {
        await git(workspace, "merge", "--quiet", "--squash", `foreman/1/${taskId}`);
        await git(workspace, "commit", "--quiet", "--message", `${taskId} (squashed)`);
      }
    }
    finalCheck = await requiredCheck(workspace);
  }, 240_000);

  afterAll(async () => {
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it("starts from a repository whose own tests pass", () => {
    expect(baseCheck.code, baseCheck.output).toBe(0);
    expect(Object.keys(example.files)).toEqual(
      expect.arrayContaining([".github/workflows/ci.yml", "package.json", "README.md", "src/cli.js"]),
    );
  });

  it("has five tasks in four waves with one parallel pair", () => {
    expect(order).toEqual([["T1"], ["T2", "T3"], ["T4"], ["T5"]]);
    const pair = example.graph.tasks.filter((task) => task.parallel);
    expect(pair.map((task) => task.id)).toEqual(["T2", "T3"]);
    const [first, second] = pair;
    expect(first?.files.some((file) => second?.files.includes(file))).toBe(false);
  });

  it("leaves the required check where each recording says, with the failure named", () => {
    expect(attempts.map((found) => `${found.task}#${found.attempt}`)).toEqual([
      "T1#1",
      "T2#1",
      "T3#1",
      "T4#1",
      "T4#2",
      "T5#1",
    ]);
    for (const found of attempts) {
      const session = example.sessions[found.task]?.[found.attempt - 1];
      const label = `${found.task} attempt ${found.attempt}`;
      if (session?.expect.check === "failure") {
        expect(found.check.code, `${label} should fail the check`).not.toBe(0);
        for (const name of session.expect.failingTests)
          expect(
            failedTest(found.check.output, name),
            `${label}: "${name}" fails\n${found.check.output}`,
          ).toBe(true);
      } else {
        expect(found.check.code, `${label}:\n${found.check.output}`).toBe(0);
      }
    }
  });

  it("feeds the retry the failure the check really printed", () => {
    const failing = attempts.find((found) => found.task === "T4" && found.attempt === 1);
    const retry = example.sessions.T4?.[1];
    expect(retry?.feedbackMentions?.length).toBeGreaterThan(0);
    for (const mention of retry?.feedbackMentions ?? []) expect(failing?.check.output).toContain(mention);
  });

  it("lets the failing attempt's agent see only green output, as CI alone catches the break", () => {
    expect(attempts.find((found) => found.task === "T4" && found.attempt === 1)?.commands).toEqual([
      "node --test test/cli-options.test.js",
    ]);
    expect(attempts.find((found) => found.task === "T4" && found.attempt === 2)?.commands).toEqual([
      "npm test",
    ]);
  });

  it("changes only the files each task declares", () => {
    for (const found of attempts) {
      const declared = example.graph.tasks.find((task) => task.id === found.task)?.files ?? [];
      expect(
        found.changed.filter((file) => !declared.includes(file)),
        found.task,
      ).toEqual([]);
      expect(found.changed.length, `${found.task} changes something`).toBeGreaterThan(0);
    }
  });

  it("ends with every change landed and the whole suite green", async () => {
    expect(finalCheck.code, finalCheck.output).toBe(0);
    const cli = await readFile(join(workspace, "src/cli.js"), "utf8");
    expect(cli).toContain('values.open ? "open" : values.done ? "done" : "all"');
    const help = await run(process.execPath, ["bin/todo.js", "help"], workspace);
    expect(help.output).toContain("list [--open | --done] [--sort due]");
  });
});
