import { extname, join } from "node:path";
import type { ScriptedBlock, ScriptedTurn } from "@foreman/local-github";

export type SyntheticTask = { id: string; title: string; files: readonly string[] };

/** Paths Foreman refuses to publish by default (DESIGN.md, verification): a synthetic change leaves them. */
const PROTECTED = /^(\.github\/|CODEOWNERS$|docs\/CODEOWNERS$)/;
const GLOB = /[*?[\]{}]/;

/**
 * The model's turns for one synthetic attempt, as Claude Code would take them: read the task's files
 * that exist (its Write tool refuses to overwrite a file it has not read), write the change — every
 * plain path the task's `Files` names, or a note of its own when it names none — and say it is done.
 * A breaking attempt also adds a test that fails, so the required check fails; the next attempt
 * finds that test on the branch and repairs it. `existing` reads a file of the workspace (null when
 * absent), so the change keeps what is there.
 */
export function generateSyntheticSession(options: {
  task: SyntheticTask;
  attempt: number;
  breaks: boolean;
  workspace: string;
  existing: (path: string) => string | null;
}): ScriptedTurn[] {
  const { task, attempt } = options;
  const label = `${oneLine(task.id)}: ${oneLine(task.title)}`;
  const targets = task.files.filter(
    (path) =>
      !GLOB.test(path) && !PROTECTED.test(path) && !path.startsWith("/") && !path.split("/").includes(".."),
  );
  if (targets.length === 0) targets.push(`docs/foreman/${slug(task.id)}.md`);
  const checkPath = `test/foreman-synthetic-${slug(task.id)}.test.mjs`;
  const checkExists = options.existing(checkPath) !== null;

  const writes = targets.map((path) => ({
    path,
    content: changedContent(path, options.existing(path), label, attempt),
  }));
  if (options.breaks) writes.push({ path: checkPath, content: syntheticTest(task.id, false) });
  else if (checkExists) writes.push({ path: checkPath, content: syntheticTest(task.id, true) });

  const toRead = writes.map((write) => write.path).filter((path) => options.existing(path) !== null);
  const absolute = (path: string) => join(options.workspace, path);
  const turns: ScriptedTurn[] = [];
  if (toRead.length > 0) {
    turns.push({
      blocks: [
        { type: "text", text: `I'll read what ${oneLine(task.id)} changes first.` },
        ...toRead.map(
          (path): ScriptedBlock => ({ type: "tool_use", name: "Read", input: { file_path: absolute(path) } }),
        ),
      ],
    });
  }
  turns.push({
    blocks: [
      {
        type: "text",
        text:
          checkExists && !options.breaks
            ? "Repairing the failing test first, then the change."
            : "Writing the change.",
      },
      ...writes.map(
        (write): ScriptedBlock => ({
          type: "tool_use",
          name: "Write",
          input: { file_path: absolute(write.path), content: write.content },
        }),
      ),
    ],
  });
  turns.push({
    blocks: [{ type: "text", text: `Done: ${label} (${writes.map((write) => write.path).join(", ")}).` }],
  });
  return turns;
}

function changedContent(path: string, before: string | null, label: string, attempt: number): string {
  const line = `${label} (attempt ${attempt})`;
  const extension = extname(path).toLowerCase();
  if (extension === ".json") {
    try {
      const parsed: unknown = before === null ? {} : JSON.parse(before);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        return `${JSON.stringify({ ...parsed, foremanSimulated: line }, null, 2)}\n`;
    } catch {
      // Not JSON after all: left as it is but for a trailing note, like any other text.
    }
    return `${before ?? ""}\n`;
  }
  const comment = commentFor(extension, line);
  if (before !== null) return `${before}${before.endsWith("\n") || before === "" ? "" : "\n"}${comment}\n`;
  if ([".js", ".mjs", ".ts", ".mts"].includes(extension))
    return `${comment}\nexport const simulatedChange = ${JSON.stringify(line)};\n`;
  if (extension === ".cjs") return `${comment}\nexports.simulatedChange = ${JSON.stringify(line)};\n`;
  return `${comment}\n`;
}

function commentFor(extension: string, text: string): string {
  if (
    [
      ".js",
      ".mjs",
      ".cjs",
      ".ts",
      ".mts",
      ".cts",
      ".jsx",
      ".tsx",
      ".go",
      ".rs",
      ".java",
      ".c",
      ".h",
    ].includes(extension)
  )
    return `// ${text}`;
  if ([".css", ".scss"].includes(extension)) return `/* ${text.replaceAll("*/", "* /")} */`;
  if ([".py", ".sh", ".yml", ".yaml", ".toml", ".rb", ".txt", ""].includes(extension)) return `# ${text}`;
  return `- ${text}`;
}

function syntheticTest(taskId: string, passes: boolean): string {
  const name = JSON.stringify(`${oneLine(taskId)} keeps the suite green`);
  const expected = passes ? "2" : "3";
  return `import assert from "node:assert/strict";
import { test } from "node:test";

test(${name}, () => {
  assert.equal(1 + 1, ${expected});
});
`;
}

function oneLine(text: string): string {
  // Control characters (line breaks among them) would end a comment line early.
  return [...text]
    .map((char) => (char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127 ? " " : char))
    .join("")
    .trim()
    .slice(0, 120);
}

function slug(id: string): string {
  return (
    id
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "task"
  );
}
