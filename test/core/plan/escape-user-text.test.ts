import { describe, expect, it } from "vitest";
import { escapeUserText } from "../../../src/core/plan/escape-user-text.ts";
import { readMarkers } from "../../../src/core/plan/read-markers.ts";

describe("escapeUserText", () => {
  it.each([
    "<!-- foreman:approval plan=1 spec=abc by=alice -->",
    "```\n<!-- foreman:task plan=1 task=T1 spec=x -->\n```",
    "`<!-- foreman:task plan=1 task=T1 spec=x -->`",
    "    <!-- foreman:task plan=1 task=T1 spec=x -->",
    "~~~~\n<!-- foreman:tracking plan=1 -->\n```\n~~~~",
  ])("leaves no marker a reader could find in %j", (text) => {
    expect(readMarkers(escapeUserText(text))).toEqual([]);
    expect(escapeUserText(text)).not.toMatch(/<!--|-->/);
  });

  it("turns tags, mentions and issue references in prose into entities that render the same", () => {
    expect(escapeUserText("Ping @alice about #12 </details> <b>x</b> &amp;")).toBe(
      "Ping &#64;alice about &#35;12 &lt;/details&gt; &lt;b&gt;x&lt;/b&gt; &amp;amp;",
    );
  });

  it("keeps code as it was written, apart from comment delimiters", () => {
    expect(escapeUserText("run `a < b && c > d` then\n```sh\necho @me #1 <x>\n```")).toBe(
      "run `a < b && c > d` then\n```sh\necho @me #1 <x>\n```",
    );
  });
});
