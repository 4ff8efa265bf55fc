import { describe, expect, it } from "vitest";
import type { SessionRecord } from "../../../src/core/attempt/attempt-types.ts";
import { decideAttemptOutcome } from "../../../src/core/attempt/decide-attempt-outcome.ts";

const session = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  gotResult: true,
  subtype: "success",
  isError: false,
  terminalReason: "completed",
  apiErrorStatus: null,
  turns: 3,
  inputTokens: 100,
  outputTokens: 10,
  cacheReadTokens: 0,
  cacheCreationTokens: 0,
  costUsd: 0.01,
  durationMs: 1000,
  finalText: "Done.",
  denials: [],
  commands: [],
  toolCalls: 2,
  error: null,
  stoppedAtTokens: null,
  ...overrides,
});

const decide = (
  overrides: Partial<SessionRecord>,
  changedPaths = ["src/a.ts"],
  budgetUsd: number | null = 1,
  maxTokens: number | null = null,
) =>
  decideAttemptOutcome({
    session: session(overrides),
    maxTurns: 10,
    budgetUsd,
    maxTokens,
    changedPaths,
    protectedPaths: [".github/**", "CODEOWNERS"],
  });

describe("decideAttemptOutcome", () => {
  it("publishes a session that finished within its limits and changed something", () => {
    expect(decide({})).toEqual({ result: "success", reason: "changed 1 file(s)", publish: true });
  });

  it("fails a success past the turn limit: the SDK's word is not enough", () => {
    expect(decide({ turns: 13 })).toMatchObject({
      result: "failed",
      reason: "ran past max turns (13 turns, limit 10)",
      publish: false,
    });
    expect(decide({ subtype: "error_max_turns", isError: true })).toMatchObject({ result: "failed" });
    expect(decide({ terminalReason: "max_turns" }).reason).toMatch(/max turns/);
  });

  it("fails a session past its token cap, counted as input + output, or stopped by the Action for it", () => {
    expect(decide({ inputTokens: 900, outputTokens: 200 }, ["src/a.ts"], null, 1000)).toEqual({
      result: "failed",
      reason: "ran past its token cap (1100 tokens, cap 1000)",
      publish: false,
    });
    expect(decide({ inputTokens: 900, outputTokens: 100 }, ["src/a.ts"], null, 1000).result).toBe("success");
    // Stopped before its next tool call: failed for the cap even when the result's figures are lower.
    expect(decide({ stoppedAtTokens: 1200 }, ["src/a.ts"], null, 1000).reason).toBe(
      "ran past its token cap (1200 tokens, cap 1000)",
    );
    expect(decide({ stoppedAtTokens: 1200, gotResult: false }, [], null, 1000).reason).toMatch(/token cap/);
    expect(decide({ inputTokens: 10 ** 9 }).result).toBe("success");
  });

  it("fails a session past its budget, by subtype, terminal reason or the cost itself", () => {
    for (const overrides of [
      { subtype: "error_max_budget_usd" },
      { terminalReason: "budget_exhausted" },
      { costUsd: 1.5 },
    ]) {
      expect(decide(overrides)).toMatchObject({ result: "failed", publish: false });
      expect(decide(overrides).reason).toMatch(/budget/);
    }
    expect(decide({ costUsd: 99 }, ["a"], null).result).toBe("success");
  });

  it("fails an API error and publishes nothing, even with changes", () => {
    expect(decide({ apiErrorStatus: 529, finalText: "API Error: 529 Overloaded" })).toEqual({
      result: "failed",
      reason: "the Messages API answered with an error 529: API Error: 529 Overloaded",
      publish: false,
    });
    expect(decide({ terminalReason: "api_error" }).result).toBe("failed");
  });

  it("hands protected paths, a blocked agent and unworkable refusals to a human", () => {
    expect(decide({}, [".github/workflows/ci.yml", "src/a.ts", "docs/CODEOWNERS"])).toEqual({
      result: "needs-human",
      reason: "the attempt changed protected paths: `.github/workflows/ci.yml`, `docs/CODEOWNERS`",
      publish: false,
    });
    expect(
      decide({ finalText: "Stuck.\nFOREMAN-BLOCKED: no access to the staging database" }, []),
    ).toMatchObject({
      result: "needs-human",
      reason: "the agent cannot continue: no access to the staging database",
    });
    const denial = {
      tool: "Bash",
      detail: "curl x",
      reason: "fetches from the network",
      allowWith: 'add "Bash(curl:*)"',
    };
    expect(decide({ denials: [denial] }, []).reason).toBe(
      'the agent was refused tools it needed: `curl x` (fetches from the network; to allow: add "Bash(curl:*)")',
    );
    // A refusal the agent worked around is only reported.
    expect(decide({ denials: [denial] }).result).toBe("success");
  });

  it("fails an attempt that changed nothing, or whose session never reported a result", () => {
    expect(decide({}, [])).toEqual({
      result: "failed",
      reason: "the attempt changed nothing",
      publish: false,
    });
    expect(decide({ gotResult: false, error: "spawn ENOENT" }).reason).toBe(
      "the session ended without a result: spawn ENOENT",
    );
  });
});
