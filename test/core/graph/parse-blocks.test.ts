import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";
import { extractPlan } from "../../../src/core/graph/extract-plan.ts";
import { parseBlocks } from "../../../src/core/graph/parse-blocks.ts";

const fixtures = join(import.meta.dirname, "../../fixtures");
const documents = [
  ...readdirSync(join(fixtures, "seeds")).map((file) => join(fixtures, "seeds", file)),
  ...readdirSync(join(fixtures, "documents")).map((file) => join(fixtures, "documents", file)),
].filter((file) => !file.endsWith(".json"));

function plain(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return node.children.map((child) => plain(child as Nodes)).join("");
  return "";
}

/**
 * What Foreman reads from a tree: block types and nesting, where each block starts, where paragraphs and
 * headings end, heading text, code info and content. (End positions of unclosed fences differ between
 * parsers and are never read.)
 */
function outline(node: Nodes): unknown {
  const start = node.position?.start;
  const end = node.position?.end;
  const base: Record<string, unknown> = { type: node.type, start: `${start?.line}:${start?.column}` };
  if (node.type === "paragraph" || node.type === "heading") base.end = `${end?.line}:${end?.column}`;
  if (node.type === "heading") Object.assign(base, { depth: node.depth, text: plain(node) });
  if (node.type === "code") Object.assign(base, { lang: node.lang, meta: node.meta, value: node.value });
  if (node.type === "list") base.ordered = node.ordered;
  if ("children" in node && node.type !== "paragraph" && node.type !== "heading")
    base.children = (node.children as Nodes[]).map(outline);
  return base;
}

describe("parseBlocks reads blocks as CommonMark (remark) does", () => {
  it("on the seeds and fixture documents, tree and extracted plan alike", () => {
    for (const file of documents) {
      const text = readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
      const reference = fromMarkdown(text);
      const ours = parseBlocks(text);
      expect(outline(ours), file).toEqual(outline(reference));
      expect(extractPlan(text, ours, {}), file).toEqual(extractPlan(text, reference, {}));
    }
  });

  it("for arbitrary documents built from block-level pieces", () => {
    const piece = fc.constantFrom(
      "## Heading",
      "# Title",
      "### Task 3: thing",
      "### **T004**: Bold `code` [link](x) &amp; \\*",
      "- [ ] T1 item",
      "  - nested",
      "   - three",
      "> quote",
      "> - quoted item",
      "- > item quote",
      "- - nested same line",
      "```",
      "```js title",
      "~~~",
      "    indented code",
      "<!--",
      "-->",
      "<div>",
      "<pre>",
      "",
      "plain paragraph text",
      "  continued",
      "1. ordered",
      "---",
      "***",
      "Setext",
      "===",
      "| a | b |",
      "#not a heading",
      "######",
      "   ## indented heading",
      "- item",
      "* star",
      "+ plus",
      "<!-- one line -->",
      "<span>text",
      "<?php",
      "?>",
      "```` four",
      "````",
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 3, maxLength: 40 }), (pieces) => {
        // Each document closes its fences: where an unclosed fence in a list item ends, parsers disagree.
        const text = `${pieces.join("\n")}\n\n\`\`\`\`\`\n`;
        expect(outline(parseBlocks(text))).toEqual(outline(fromMarkdown(text)));
      }),
      { numRuns: Number(process.env.FOREMAN_FUZZ_RUNS ?? 300) },
    );
  });

  it("reads sixteen thousand list markers on one line as text below the depth limit", () => {
    const root = parseBlocks(`### T1: x\n${"- + ".repeat(8_000)}`);
    let depth = 0;
    for (let node: Nodes | undefined = root.children[1]; node && "children" in node; node = node.children[0])
      if (node.type === "list") depth++;
    expect(depth).toBeGreaterThan(5);
    expect(depth).toBeLessThanOrEqual(12);
  });
});
