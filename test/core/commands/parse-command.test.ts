import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/core/commands/parse-command.ts";

describe("parseCommand", () => {
  it("reads the first `/foreman` line, with a task for retry and skip", () => {
    expect(parseCommand("/foreman start")).toEqual({
      kind: "command",
      name: "start",
      task: null,
      text: "/foreman start",
    });
    expect(parseCommand("Looks good.\n\n  /foreman retry T3 please\n/foreman skip T4")).toEqual({
      kind: "command",
      name: "retry",
      task: "T3",
      text: "/foreman retry T3 please",
    });
    expect(parseCommand("/Foreman SKIP 2.1")).toMatchObject({ name: "skip", task: "2.1" });
    expect(parseCommand("/foreman skip")).toMatchObject({ name: "skip", task: null });
  });

  it("asks for help on a bare `/foreman`", () => {
    expect(parseCommand("/foreman")).toMatchObject({ kind: "command", name: "help" });
  });

  it("reports an unknown word as an unknown command", () => {
    expect(parseCommand("/foreman launch now")).toEqual({ kind: "unknown", text: "/foreman launch now" });
  });

  it("ignores comments without a command, and commands only quoted, fenced or mid-sentence", () => {
    expect(parseCommand("Thanks!")).toBeNull();
    expect(parseCommand("> /foreman start")).toBeNull();
    expect(parseCommand("```\n/foreman cancel\n```")).toBeNull();
    expect(parseCommand("Try /foreman start later")).toBeNull();
    expect(parseCommand("/foremanstart")).toBeNull();
  });

  it.each([
    ["an indented code block", "Note:\n\n    /foreman cancel\n"],
    ["a tab-indented code block", "\t/foreman cancel\n"],
    ["a four-backtick fence", "````\n/foreman cancel\n```\n````\n"],
    ["a fence closed by the other character", "~~~\n```\n/foreman cancel\n~~~\n"],
    ["an HTML comment", "Looks fine <!--\n/foreman cancel\n-->"],
    ["an HTML comment block", "<!--\n/foreman cancel\n-->\n"],
    ["a list", "- /foreman cancel\n"],
    ["inline code", "`/foreman cancel`"],
  ])("reads no command from %s", (_, body) => {
    expect(parseCommand(body)).toBeNull();
  });
});
