import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/parse-config.ts";

describe("parseConfig", () => {
  it("gives every setting its default when there is no file", () => {
    expect(parseConfig(null)).toEqual({
      ok: true,
      config: {
        label: "foreman",
        concurrency: 3,
        maxAttempts: 3,
        merge: "auto",
        mergeMethod: "squash",
        deleteBranch: true,
        closePlan: true,
        rerunFailedChecks: 1,
        attemptTimeoutMinutes: 60,
        dispatchTimeoutMinutes: 10,
        requiredChecks: "auto",
        model: "sonnet",
        maxTurns: 40,
        allowedTools: ["Read", "Edit", "Write", "Glob", "Grep", "Bash"],
        protectedPaths: [".github/**", "CODEOWNERS", "docs/CODEOWNERS"],
        workflow: "foreman-task.yml",
        phaseIssues: "auto",
        reportsDir: ".foreman/reports",
        budget: { perTaskUsd: 5, perPlanUsd: 50, perTaskTokens: null, perPlanTokens: null },
        allowBots: [],
        planner: {
          model: "claude-sonnet-4-6",
          repairRounds: 2,
          budget: { tokens: 200_000, usd: 2 },
          contextTokens: 12_000,
          maxOutputTokens: 16_000,
          pricing: null,
        },
      },
    });
  });

  it("keeps what the file sets and fills in the rest, nested keys included", () => {
    const result = parseConfig({
      concurrency: 5,
      merge: "review",
      requiredChecks: ["ci"],
      mergeMethod: "rebase",
      rerunFailedChecks: 0,
      attemptTimeoutMinutes: 30,
      budget: { perPlanUsd: null, perPlanTokens: 2_000_000 },
    });
    expect(result.ok && result.config).toMatchObject({
      concurrency: 5,
      merge: "review",
      mergeMethod: "rebase",
      rerunFailedChecks: 0,
      attemptTimeoutMinutes: 30,
      dispatchTimeoutMinutes: 10,
      requiredChecks: ["ci"],
      maxAttempts: 3,
      budget: { perTaskUsd: 5, perPlanUsd: null, perPlanTokens: 2_000_000 },
    });
  });

  it("names the key, what is expected and what was found for every problem", () => {
    const result = parseConfig({
      concurrency: 2.5,
      merge: "yes",
      requiredChecks: [],
      label: " ",
      allowedTools: "Bash",
      mergeMethod: "fast-forward",
      attemptTimeoutMinutes: 0,
      budget: { perTaskUsd: -1 },
    });
    expect(result.ok ? [] : result.problems).toEqual([
      { key: "label", message: 'must not be empty, got " "' },
      { key: "concurrency", message: "must be a whole number (tasks running at once), got 2.5" },
      { key: "merge", message: 'must be "auto" or "review", got "yes"' },
      { key: "mergeMethod", message: 'must be "squash", "merge" or "rebase", got "fast-forward"' },
      {
        key: "attemptTimeoutMinutes",
        message: "must be more than 0 minutes (an attempt running longer is cancelled and failed), got 0",
      },
      { key: "requiredChecks", message: "must list at least one check name, got []" },
      { key: "allowedTools", message: 'must be a list of text values, got "Bash"' },
      { key: "budget.perTaskUsd", message: "must be more than 0, or null for no limit, got -1" },
    ]);
  });

  it("treats an unknown key as a mistake and suggests the setting it most likely meant", () => {
    const result = parseConfig({
      concurency: 2,
      budget: { perTask: 1 },
      colour: "red",
      planner: { modle: "x" },
    });
    expect(result.ok ? [] : result.problems).toEqual([
      { key: "budget.perTask", message: "is not a Foreman setting — did you mean `perTaskUsd`?" },
      { key: "planner.modle", message: "is not a Foreman setting — did you mean `model`?" },
      { key: "concurency", message: "is not a Foreman setting — did you mean `concurrency`?" },
      {
        key: "colour",
        message: expect.stringMatching(
          /^is not a Foreman setting \(known: label, concurrency, .*allowBots, planner\)$/,
        ),
      },
    ]);
  });

  it("rejects a file that is not a mapping", () => {
    expect(parseConfig(["label"])).toEqual({
      ok: false,
      problems: [{ key: "", message: 'must be a mapping of settings, got ["label"]' }],
    });
  });
});
