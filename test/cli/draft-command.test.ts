import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type MessagesApi,
  type MessagesRequestBody,
  type ScriptedTurn,
  startMessagesApi,
} from "@foreman/local-github";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsePlan } from "../../src/core/graph/parse-plan.ts";
import { draftTurn, questionsTurn, textOf, toolOf } from "../app/draft-script.ts";
import { draftWith, QUESTIONS } from "../core/planner/draft-fixtures.ts";
import { runCaptured } from "./run-cli.ts";

describe("foreman draft GOAL", () => {
  let api: MessagesApi;
  let repo: string;
  let respond: (body: MessagesRequestBody) => ScriptedTurn;
  const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
  beforeAll(async () => {
    api = await startMessagesApi({ script: ({ body }) => respond(body) });
    repo = await mkdtemp(join(tmpdir(), "foreman-draft-"));
    await writeFile(join(repo, "README.md"), "# Trading bot\nPlaces orders on an exchange.\n");
    await writeFile(join(repo, "package.json"), '{"scripts":{"test":"vitest run"}}\n');
  });
  afterAll(async () => {
    await api.close();
    await rm(repo, { recursive: true, force: true });
    for (const [name, value] of [
      ["ANTHROPIC_API_KEY", saved.key],
      ["ANTHROPIC_BASE_URL", saved.url],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  beforeEach(() => {
    process.env.ANTHROPIC_API_KEY = "test-key";
    process.env.ANTHROPIC_BASE_URL = api.url;
    respond = (body) =>
      toolOf(body) === "ask_clarifying_questions" ? questionsTurn(QUESTIONS) : draftTurn(draftWith());
  });

  it("without a model key says plainly what to set", async () => {
    delete process.env.ANTHROPIC_API_KEY;
    const { code, stderr, stdout } = await runCaptured(["draft", "Add login"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("foreman draft: no model key. Set ANTHROPIC_API_KEY");
  });

  it("prints the questions, reads answers from a file, and writes a plan the compiler accepts", async () => {
    const answers = join(repo, "answers.txt");
    await writeFile(answers, "1. OAuth with GitHub\n");
    const out = join(repo, "plan.md");
    const before = api.scriptedRequests().length;
    const { code, stdout, stderr } = await runCaptured([
      "draft",
      "Add login",
      "--repo",
      repo,
      "--answers",
      answers,
      "--out",
      out,
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain(
      "1. Which authentication method should the bot use?\n   Default: JWT bearer tokens",
    );
    expect(stdout).toContain(`Wrote ${out}.`);
    expect(stdout).toContain("Waves (each can start when the one before is done):");
    const plan = parsePlan(await readFile(out, "utf8"));
    expect(plan.diagnostics).toEqual([]);
    expect(plan.tasks.map((task) => task.id)).toEqual(["T1", "T2", "T3", "T4"]);
    const [asked, drafted] = api
      .scriptedRequests()
      .slice(before)
      .map((request) => textOf(request.body));
    expect(asked).toContain("Places orders on an exchange.");
    expect(drafted).toContain("Answer from @you: OAuth with GitHub");
    expect(drafted).toContain("the default holds): Redis");
  });

  it("reads the answers from the terminal and prints the plan", async () => {
    const { code, stdout } = await runCaptured(["draft", "Add login", "--repo", repo], {
      stdin: "2. Postgres\n",
    });
    expect(code).toBe(0);
    expect(stdout).toContain("### T1: Add the user model");
  });

  it("reports a draft that stays invalid with its problems and writes nothing", async () => {
    respond = () => draftTurn(draftWith({ T1: ["T2"], T2: ["T1"] }));
    const out = join(repo, "never.md");
    const { code, stderr } = await runCaptured([
      "draft",
      "Add login",
      "--repo",
      repo,
      "--no-questions",
      "--out",
      out,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("the draft still has problems after 3 model answers; nothing was written");
    expect(stderr).toMatch(/dependency cycle: T1 → T2 → T1/);
    await expect(readFile(out, "utf8")).rejects.toThrow();
  });

  it("reports an API error", async () => {
    respond = () => ({ error: { status: 401, message: "invalid x-api-key" } });
    const { code, stderr } = await runCaptured(["draft", "Add login", "--repo", repo]);
    expect(code).toBe(1);
    expect(stderr).toContain("the Messages API answered 401 (authentication_error: invalid x-api-key)");
  });
});
