import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  CONFIG_REFERENCE_END,
  CONFIG_REFERENCE_START,
  renderConfigReference,
} from "../../src/cli/render-config-reference.ts";
import { COMMAND_NAMES } from "../../src/core/commands/foreman-command.ts";
import { foremanConfigSchema } from "../../src/core/config/config-schema.ts";
import { parsePlan } from "../../src/core/graph/parse-plan.ts";
import { runCaptured } from "./run-cli.ts";

const README = await readFile(new URL("../../README.md", import.meta.url), "utf8");

function between(start: string, end: string): string {
  const from = README.indexOf(start);
  const to = README.indexOf(end);
  expect(from, `README.md needs the marker ${start}`).toBeGreaterThan(-1);
  expect(to, `README.md needs the marker ${end} after ${start}`).toBeGreaterThan(from);
  return README.slice(from + start.length, to);
}

/** The fenced blocks of a piece of markdown, ``` or ~~~, with their info string. */
function fencedBlocks(markdown: string): Array<{ info: string; text: string }> {
  const blocks: Array<{ info: string; text: string }> = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const open = /^(`{3,}|~{3,})(\S*)\s*$/.exec(lines[index] ?? "");
    if (!open) continue;
    const fence = open[1] ?? "";
    const body: string[] = [];
    for (index++; index < lines.length && lines[index] !== fence; index++) body.push(lines[index] ?? "");
    blocks.push({ info: open[2] ?? "", text: body.join("\n") });
  }
  return blocks;
}

/** The README promises what the code does: a test per promise that can drift. */
describe("README.md", () => {
  it("holds the configuration reference exactly as the schema renders it (npm run docs:config)", () => {
    const section = between(CONFIG_REFERENCE_START, CONFIG_REFERENCE_END);
    expect(section, "README.md's configuration reference is out of date: run npm run docs:config").toBe(
      `\n${renderConfigReference()}\n`,
    );
  });

  it("documents every key of the config, nested ones dotted", () => {
    const reference = renderConfigReference();
    const keys = (shape: Record<string, unknown>, prefix: string): string[] =>
      Object.entries(shape).flatMap(([key, value]) => {
        const nested =
          typeof value === "object" && value !== null && !Array.isArray(value)
            ? keys(value as Record<string, unknown>, `${prefix}${key}.`)
            : [];
        return [`${prefix}${key}`, ...nested];
      });
    const all = keys(foremanConfigSchema.parse({}) as Record<string, unknown>, "");
    expect(all.length).toBeGreaterThan(15);
    for (const key of all) expect(reference, key).toContain(`| \`${key}\` |`);
    for (const line of reference.split("\n").filter((row) => row.startsWith("| `")))
      expect(line.endsWith(" |  |"), `a key without a description: ${line}`).toBe(false);
  });

  it("shows task format examples that the compiler accepts, one per form", () => {
    const section = between("<!-- task-format-examples:start", "<!-- task-format-examples:end -->");
    const examples = fencedBlocks(section).filter((block) => ["markdown", "json"].includes(block.info));
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const example of examples) {
      const graph = parsePlan(example.text);
      const errors = graph.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
      expect(errors, example.text.split("\n")[0]).toEqual([]);
      expect(graph.tasks.length, example.text.split("\n")[0]).toBeGreaterThanOrEqual(2);
    }
  });

  it("lists exactly the commands foreman has, and only slash commands Foreman knows", async () => {
    const help = (await runCaptured(["--help"])).stdout;
    const commands = [...help.matchAll(/^ {2}(\w+) {2,}/gm)].map((match) => match[1]);
    const documented = [...README.matchAll(/^\| `foreman (\w+)/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...commands].sort());
    const slash = new Set([...README.matchAll(/`\/foreman (\w+)/g)].map((match) => match[1]));
    const known = new Set<string>([...COMMAND_NAMES, "draft", "answer", "accept"]);
    expect([...slash].filter((name) => name !== undefined && !known.has(name))).toEqual([]);
  });
});
