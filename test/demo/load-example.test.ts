import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXAMPLES_DIR, loadExample } from "../../src/demo/load-example.ts";
import { type RecordedSession, recordedSessionSchema } from "../../src/demo/recorded-session.ts";
import { resolveRecordedSession } from "../../src/demo/resolve-recorded-session.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyOfExample(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "foreman-examples-"));
  dirs.push(root);
  await cp(join(EXAMPLES_DIR, "todo-cli"), join(root, "todo-cli"), { recursive: true });
  return root;
}

describe("loadExample", () => {
  it("reads the todo-cli example: repository, plan and one recording per attempt", async () => {
    const example = await loadExample("todo-cli");
    expect(example.graph.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T4", "T5"]);
    expect(
      Object.fromEntries(Object.entries(example.sessions).map(([id, list]) => [id, list.length])),
    ).toEqual({
      T1: 1,
      T2: 1,
      T3: 1,
      T4: 2,
      T5: 1,
    });
    expect(example.files[".github/workflows/ci.yml"]).toContain("npm test");
  });

  it("reports every problem at once, each with its file and what to do", async () => {
    const root = await copyOfExample();
    const sessions = join(root, "todo-cli", "sessions");
    await rm(join(sessions, "T3-attempt-1.json"));
    await rm(join(sessions, "T4-attempt-2.json"));
    await writeFile(join(sessions, "T9-attempt-1.json"), JSON.stringify({ task: "T9" }));
    await writeFile(join(sessions, "notes.json"), "{}");
    await writeFile(join(sessions, "T5-attempt-2.json"), "{ not json");
    let message = "";
    try {
      await loadExample("todo-cli", root);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain('example "todo-cli" cannot be replayed:');
    expect(message).toContain(`${sessions}: no recording for T3; add T3-attempt-1.json`);
    expect(message).toContain(
      `${join(sessions, "T4-attempt-1.json")}: the last attempt must leave the required check green`,
    );
    expect(message).toContain(`${join(sessions, "notes.json")}: name it <task>-attempt-<n>.json`);
    expect(message).toContain(`${join(sessions, "T5-attempt-2.json")}: not JSON`);
    expect(message).toMatch(/T9-attempt-1\.json: attempt: /);
  });

  it("refuses a retry that does not say which feedback it reacts to, and a gap in the attempts", async () => {
    const root = await copyOfExample();
    const sessions = join(root, "todo-cli", "sessions");
    const retry = recordedSessionSchema.parse(
      JSON.parse(await readFile(join(sessions, "T4-attempt-2.json"), "utf8")),
    );
    await rm(join(sessions, "T4-attempt-2.json"));
    await writeFile(
      join(sessions, "T4-attempt-3.json"),
      JSON.stringify({ ...retry, attempt: 3, feedbackMentions: undefined }),
    );
    await expect(loadExample("todo-cli", root)).rejects.toThrow(
      /T4-attempt-3\.json: attempt 2 of T4 is missing[\s\S]*T4-attempt-3\.json: a retry must say which feedback it reacts to/,
    );
  });
});

describe("resolveRecordedSession", () => {
  const session = (blocks: RecordedSession["turns"][number]["blocks"]): RecordedSession => ({
    task: "T1",
    attempt: 1,
    summary: "s",
    expect: { check: "success" },
    turns: [{ blocks }, { blocks: [{ type: "text", text: "Done." }] }],
  });

  it("makes file paths absolute in the workspace and leaves everything else alone", () => {
    const turns = resolveRecordedSession(
      session([
        { type: "tool_use", name: "Write", input: { file_path: "src/a.js", content: "x" } },
        { type: "tool_use", name: "Bash", input: { command: "npm test" } },
      ]),
      "/work/space",
    );
    expect(turns[0]?.blocks).toEqual([
      { type: "tool_use", name: "Write", input: { file_path: "/work/space/src/a.js", content: "x" } },
      { type: "tool_use", name: "Bash", input: { command: "npm test" } },
    ]);
  });

  it("refuses paths that leave the workspace and a recording that ends on a tool call", () => {
    for (const file_path of ["/etc/passwd", "../outside.js", "src/../../x"])
      expect(() =>
        resolveRecordedSession(session([{ type: "tool_use", name: "Read", input: { file_path } }]), "/w"),
      ).toThrow(/must stay inside the workspace/);
    const open = session([{ type: "tool_use", name: "Read", input: { file_path: "a" } }]);
    open.turns.pop();
    expect(() => resolveRecordedSession(open, "/w")).toThrow(/the last turn calls a tool/);
    expect(() => resolveRecordedSession(session([{ type: "text", text: "hi" }]), "relative")).toThrow(
      /absolute path/,
    );
  });
});
