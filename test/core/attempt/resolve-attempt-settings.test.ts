import { describe, expect, it } from "vitest";
import { resolveAttemptSettings } from "../../../src/core/attempt/resolve-attempt-settings.ts";
import { parseConfig } from "../../../src/core/config/parse-config.ts";

const configWith = (budget: Record<string, unknown>) => {
  const parsed = parseConfig({ budget });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
};
const none = { model: null, maxTurns: null, budgetUsd: null, maxTokens: null, reportsDir: null };
const earlier = (input: number, output: number, cost: number) => ({
  kind: "attempt" as const,
  plan: 1,
  task: "T1",
  attempt: 1,
  result: "failed" as const,
  input,
  output,
  cost,
});

describe("resolveAttemptSettings: the token cap", () => {
  it("has none unless `budget.perTaskTokens` or `max-tokens` sets one", () => {
    const resolved = resolveAttemptSettings(configWith({}), none, []);
    expect(resolved.ok && resolved.settings.maxTokens).toBeNull();
  });

  it("gives an attempt what is left of `budget.perTaskTokens` after earlier attempts (input + output)", () => {
    const resolved = resolveAttemptSettings(configWith({ perTaskTokens: 100_000 }), none, [
      earlier(30_000, 5_000, 0.1),
    ]);
    expect(resolved.ok && resolved.settings.maxTokens).toBe(65_000);
  });

  it("lets the `max-tokens` input win", () => {
    const resolved = resolveAttemptSettings(
      configWith({ perTaskTokens: 100_000 }),
      { ...none, maxTokens: 2_000 },
      [],
    );
    expect(resolved.ok && resolved.settings.maxTokens).toBe(2_000);
  });

  it("refuses to start once the task's tokens are spent, naming the key that gives more", () => {
    const resolved = resolveAttemptSettings(configWith({ perTaskTokens: 10_000, perTaskUsd: null }), none, [
      earlier(9_000, 1_500, 0),
    ]);
    expect(resolved).toEqual({
      ok: false,
      reason: expect.stringContaining("`budget.perTaskTokens`"),
    });
  });

  it("rejects a token cap that is not a whole number of tokens", () => {
    const parsed = parseConfig({ budget: { perTaskTokens: 1.5 } });
    expect(parsed.ok).toBe(false);
  });
});
