import { describe, expect, it } from "vitest";
import { parseFileCommand } from "../../src/runner/parse-file-command.ts";

describe("parseFileCommand", () => {
  it("reads name=value lines, keeping everything after the first '=' and skipping blank lines", () => {
    expect(parseFileCommand("a=1\n\nb=x=y\nempty=\r\n", "GITHUB_OUTPUT")).toEqual({
      a: "1",
      b: "x=y",
      empty: "",
    });
  });

  it("reads heredoc values over several lines, up to the line that is exactly the delimiter", () => {
    const text = [
      "json<<ghadelim_1",
      "{",
      '  "a": 1',
      "  ghadelim_1 inside",
      "}",
      "ghadelim_1",
      "after=yes",
      "",
    ].join("\n");
    expect(parseFileCommand(text, "GITHUB_OUTPUT")).toEqual({
      json: '{\n  "a": 1\n  ghadelim_1 inside\n}',
      after: "yes",
    });
  });

  it("decides the form by whichever of '=' and '<<' comes first", () => {
    expect(parseFileCommand("a=b<<c\n", "GITHUB_OUTPUT")).toEqual({ a: "b<<c" });
    expect(parseFileCommand("a<<x=y\nvalue\nx=y\n", "GITHUB_OUTPUT")).toEqual({ a: "value" });
  });

  it("lets a later value of the same name win", () => {
    expect(parseFileCommand("a=1\na=2\n", "GITHUB_OUTPUT")).toEqual({ a: "2" });
  });

  it("rejects malformed lines with the file and line number", () => {
    expect(() => parseFileCommand("ok=1\njust text\n", "GITHUB_OUTPUT")).toThrow(
      'GITHUB_OUTPUT, line 2: "just text" is neither name=value nor name<<DELIMITER',
    );
    expect(() => parseFileCommand("=1\n", "GITHUB_ENV")).toThrow("GITHUB_ENV, line 1");
    expect(() => parseFileCommand("a<<\nx\n", "GITHUB_OUTPUT")).toThrow("needs both a name and a delimiter");
    expect(() => parseFileCommand("a<<EOF\nx\n", "GITHUB_OUTPUT")).toThrow(
      'no line "EOF" closes the value of "a"',
    );
  });
});
