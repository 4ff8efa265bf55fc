import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../../src/core/plan/render-template.ts";

describe("renderTemplate", () => {
  it("fills values and keeps a section only when its value has text", () => {
    const template =
      "# {{title}}\n{{#steps}}\n\n## Steps\n{{steps}}\n{{/steps}}\n{{#files}}\n\n## Files\n{{files}}\n{{/files}}\nend";
    expect(renderTemplate(template, { title: "T1", steps: "- [ ] a", files: "  " })).toBe(
      "# T1\n\n## Steps\n- [ ] a\nend\n",
    );
  });

  it("never expands placeholders that come in through values", () => {
    expect(renderTemplate("{{a}} {{b}}", { a: "{{b}}", b: "x" })).toBe("{{b}} x\n");
  });

  it("fails loudly on a placeholder without a value", () => {
    expect(() => renderTemplate("{{missing}}", {})).toThrow("template uses {{missing}}, which has no value");
  });
});
