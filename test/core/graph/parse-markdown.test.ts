import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../src/core/graph/parse-plan.ts";
import { splitAtHeadings } from "../../../src/core/graph/split-at-headings.ts";

const seedsDir = join(import.meta.dirname, "../../fixtures/seeds");

describe("parseMarkdown: piecewise parsing gives exactly the whole-document tree", () => {
  it("on the seed documents", () => {
    for (const file of readdirSync(seedsDir)) {
      const text = readFileSync(join(seedsDir, file), "utf8").replace(/\r\n?/g, "\n");
      expect(parseMarkdown(text), file).toEqual(fromMarkdown(text));
    }
  });

  it("on a large plan, which is really cut into pieces", () => {
    const lines = Array.from(
      { length: 600 },
      (_, i) => `${i % 25 === 0 ? `## Phase ${i}\n\n` : ""}- [ ] T${i} task ${i}`,
    );
    const text = lines.join("\n");
    expect(splitAtHeadings(text).length).toBeGreaterThan(2);
    expect(parseMarkdown(text)).toEqual(fromMarkdown(text));
  });

  it("never cuts inside fenced code or HTML blocks", () => {
    const filler = "- [ ] T1 filler line that takes some room in the document\n".repeat(90);
    const text = [
      filler,
      "```md",
      "## inside a fence",
      "```",
      filler,
      "<!--",
      "## inside a comment",
      "-->",
      filler,
      "<div>",
      "## inside an html block",
      "",
      filler,
      "~~~~",
      "## inside a tilde fence",
      "~~~",
      "## still inside",
      "~~~~",
      "## a real heading",
      filler,
    ].join("\n");
    const cuts = splitAtHeadings(text).map((offset) => text.slice(offset, text.indexOf("\n", offset)));
    expect(cuts.filter((line) => line.includes("inside"))).toEqual([]);
    expect(parseMarkdown(text)).toEqual(fromMarkdown(text));
  });

  it("for arbitrary documents built from block-level pieces", () => {
    const piece = fc.constantFrom(
      "## Heading",
      "# Title",
      "### Task 3: thing",
      "- [ ] T1 item",
      "  - nested",
      "> quote",
      "```",
      "```js",
      "~~~",
      "    indented code",
      "<!--",
      "-->",
      "<div>",
      "<pre>",
      "</pre>",
      "",
      "plain paragraph text",
      "1. ordered",
      "---",
      "Setext",
      "===",
      "| a | b |",
      "#not a heading",
      "######",
      "  ```",
      "   ~~~",
      "- item",
      "10.  wide item",
      "     ```",
      "> ```",
      "<!-- one line -->",
      "<span>text",
      "<?php",
      "?>",
      "<![CDATA[",
      "]]>",
      "<!DOCTYPE html>",
      "```` four",
      "````",
      "\t## tabbed",
      "   ## indented heading",
    );
    let cut = 0;
    const numRuns = Number(process.env.FOREMAN_FUZZ_RUNS ?? 120);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 20, maxLength: 120 }), (pieces) => {
        const body = pieces.join("\n");
        const text = `${"filler paragraph so the document is cut into pieces\n\n".repeat(200)}${body}\n${body}`;
        if (splitAtHeadings(text).length > 1) cut++;
        expect(parseMarkdown(text)).toEqual(fromMarkdown(text));
      }),
      { numRuns },
    );
    expect(cut).toBeGreaterThan(numRuns / 10);
  });
});
