import { describe, expect, it } from "vitest";
import { parseAnswers } from "../../../src/core/planner/parse-answers.ts";
import { parseDraftCommand } from "../../../src/core/planner/parse-draft-command.ts";
import { resolveAnswers } from "../../../src/core/planner/resolve-answers.ts";
import { QUESTIONS } from "./draft-fixtures.ts";

const answersOf = (text: string) => Object.fromEntries(parseAnswers(text, QUESTIONS).answers);

describe("reading answers to the clarifying questions", () => {
  it("reads numbered answers in the usual spellings, continuing an answer over its lines", () => {
    expect(
      answersOf("1. OAuth with GitHub\n2) Postgres,\n   in the sessions table\nQ3: a user can log in"),
    ).toEqual({
      1: "OAuth with GitHub",
      2: "Postgres,\n   in the sessions table",
      3: "a user can log in",
    });
    expect(answersOf("**1.** passkeys\n- 2: memory")).toEqual({ 1: "passkeys", 2: "memory" });
    expect(answersOf("1. both:\n   1. GitHub\n   2. Google\n2. Redis")).toEqual({
      1: "both:\n   1. GitHub\n   2. Google",
      2: "Redis",
    });
  });

  it("takes 'default' as the default and leaves out numbers without a question", () => {
    expect(answersOf("1. default\n2. use the default\n7. something")).toEqual({ 1: null, 2: null });
  });

  it("reads a reply that quotes the questions, by number or by their words", () => {
    const reply = [
      "> **1. Which authentication method should the bot use?**",
      "> Default: JWT bearer tokens",
      "",
      "Sessions via OAuth please",
      "",
      "> Where should sessions be stored?",
      "SQLite",
    ].join("\n");
    const parsed = parseAnswers(reply, QUESTIONS);
    expect(parsed.quotesQuestions).toBe(true);
    expect(Object.fromEntries(parsed.answers)).toEqual({ 1: "Sessions via OAuth please", 2: "SQLite" });
  });

  it("tells a comment that merely quotes something else from a reply to the questions", () => {
    const parsed = parseAnswers("> I think this is a great idea\n\n1. first point\n2. second", QUESTIONS);
    expect(parsed.quotesQuestions).toBe(false);
  });

  it("keeps numbered lines inside code blocks as part of the answer", () => {
    expect(answersOf("1. like this:\n```\n2. not an answer\n```")).toEqual({
      1: "like this:\n```\n2. not an answer\n```",
    });
  });

  it("lets a later answer replace an earlier one and 'default' bring the default back", () => {
    const resolved = resolveAnswers(QUESTIONS, [
      {
        by: "alice",
        answers: new Map([
          [1, "OAuth"],
          [2, "Postgres"],
        ]),
      },
      {
        by: "maria",
        answers: new Map<number, string | null>([
          [2, null],
          [1, "Passkeys"],
        ]),
      },
    ]);
    expect(resolved.map((answer) => [answer.answer, answer.by])).toEqual([
      ["Passkeys", "maria"],
      [null, null],
      [null, null],
    ]);
    expect(resolved[2]?.default).toBe("Users can log in and out; tests pass");
  });
});

describe("the planner's commands", () => {
  it("reads draft, answer and accept, and leaves other commands alone", () => {
    expect(parseDraftCommand("/foreman draft")).toEqual({
      name: "draft",
      noQuestions: false,
      text: "/foreman draft",
    });
    expect(parseDraftCommand("please\n/foreman draft --no-questions")).toMatchObject({
      name: "draft",
      noQuestions: true,
    });
    expect(parseDraftCommand("/foreman answer 1. JWT\n2. Redis")).toEqual({
      name: "answer",
      rest: "1. JWT\n2. Redis",
      text: "/foreman answer 1. JWT",
    });
    expect(parseDraftCommand("/Foreman ACCEPT")).toMatchObject({ name: "accept" });
    expect(parseDraftCommand("/foreman start")).toBeNull();
    expect(parseDraftCommand("```\n/foreman accept\n```")).toBeNull();
    expect(parseDraftCommand("> /foreman accept")).toBeNull();
  });
});
