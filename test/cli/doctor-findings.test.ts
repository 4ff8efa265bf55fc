import { describe, expect, it } from "vitest";
import { checkMergeSettings } from "../../src/cli/check-merge-settings.ts";
import { checkRequiredChecks } from "../../src/cli/check-required-checks.ts";
import { compareAppInstallation } from "../../src/cli/compare-app-installation.ts";
import { readAppManifest } from "../../src/cli/read-app-manifest.ts";
import type { BranchRules } from "../../src/cli/read-branch-rules.ts";
import type { RepositoryFacts } from "../../src/cli/read-repository.ts";
import { foremanConfigSchema } from "../../src/core/config/config-schema.ts";

/** The findings GitHub can show but the local GitHub cannot produce yet (review rules, merge queues, fewer grants). */
const defaults = foremanConfigSchema.parse({});
const rules = (overrides: Partial<BranchRules> = {}): BranchRules => ({
  requiredChecks: { rulesets: ["test"], protection: [] },
  requiredReviews: 0,
  mergeQueue: false,
  ...overrides,
});
const facts = (overrides: Partial<RepositoryFacts> = {}): RepositoryFacts => ({
  full_name: "acme/demo",
  html_url: "https://github.com/acme/demo",
  default_branch: "main",
  owner: { login: "acme", type: "Organization" },
  allow_squash_merge: true,
  allow_merge_commit: false,
  allow_rebase_merge: false,
  ...overrides,
});

describe("doctor: an installation against app.yml", () => {
  it("names each permission below what app.yml asks and each missing event", async () => {
    const manifest = await readAppManifest();
    expect(
      compareAppInstallation(manifest, {
        permissions: {
          ...manifest.default_permissions,
          issues: "read",
          actions: undefined,
          statuses: "write",
        },
        events: manifest.default_events.filter((event) => event !== "workflow_run"),
      }),
    ).toEqual({
      permissions: ["issues: write (has read)", "actions: write (has none)"],
      events: ["workflow_run"],
    });
    expect(
      compareAppInstallation(manifest, {
        permissions: manifest.default_permissions,
        events: manifest.default_events,
      }),
    ).toEqual({
      permissions: [],
      events: [],
    });
  });
});

describe("doctor: merging fits the config", () => {
  it("warns when merge: auto meets a review requirement, and is fine with merge: review", () => {
    const auto = checkMergeSettings(rules({ requiredReviews: 2 }), defaults, facts(), "main");
    expect(auto).toMatchObject({
      outcome: "warning",
      summary: "merge: auto, but main requires 2 approving reviews: verified PRs wait for a person",
    });
    expect(auto.fix).toContain("`merge: review`");
    const review = checkMergeSettings(
      rules({ requiredReviews: 1 }),
      { ...defaults, merge: "review" },
      facts(),
      "main",
    );
    expect(review).toMatchObject({
      outcome: "ok",
      summary: "merge: review — Foreman merges each verified PR once a writer approved it",
    });
  });

  it("goes through a merge queue when the branch has one, whose merge groups some workflow checks", () => {
    const queued = checkMergeSettings(rules({ mergeQueue: true }), defaults, facts(), "main", [
      ".github/workflows/ci.yml",
    ]);
    expect(queued).toMatchObject({
      outcome: "ok",
      summary: "merge: auto — Foreman merges each verified PR through main's merge queue",
    });
    expect(queued.details[0]).toBe("checks for the queue's merge groups: .github/workflows/ci.yml");
    expect(checkMergeSettings(rules({ mergeQueue: true }), defaults, facts(), "main", [])).toMatchObject({
      outcome: "missing",
      summary:
        "main has a merge queue, but no workflow on main runs on merge_group: queued PRs would wait for required checks that never come",
      fix: "Add `merge_group:` to the `on:` of the workflow that reports your required checks.",
    });
  });

  it("misses a repository that allows no merge method and warns when the configured method is off", () => {
    const none = facts({ allow_squash_merge: false, allow_merge_commit: false, allow_rebase_merge: false });
    expect(checkMergeSettings(rules(), defaults, none, "main")).toMatchObject({
      outcome: "missing",
      summary: "the repository allows no merge method",
    });
    const rebaseOnly = facts({ allow_squash_merge: false, allow_rebase_merge: true });
    expect(checkMergeSettings(rules(), defaults, rebaseOnly, "main")).toMatchObject({
      outcome: "warning",
      details: [
        "merge methods allowed: rebase",
        "Foreman merges with mergeMethod: squash, and squash merging is off",
      ],
      fix: expect.stringContaining("or set `mergeMethod:` in .github/foreman.yml"),
    });
    expect(
      checkMergeSettings(rules(), { ...defaults, mergeMethod: "rebase" }, rebaseOnly, "main"),
    ).toMatchObject({ outcome: "ok", fix: null });
  });

  it("says so when the token cannot see the merge methods", () => {
    const hidden = facts({
      allow_squash_merge: undefined,
      allow_merge_commit: undefined,
      allow_rebase_merge: undefined,
    });
    expect(checkMergeSettings(rules(), defaults, hidden, "main")).toMatchObject({
      outcome: "ok",
      details: ["this token cannot see the merge methods"],
    });
  });
});

describe("doctor: required checks", () => {
  it("takes the config's list and warns about checks the branch does not require", () => {
    const configured = { ...defaults, requiredChecks: ["test", "lint"] };
    expect(checkRequiredChecks(rules(), configured, "main")).toMatchObject({
      outcome: "warning",
      summary: "Foreman waits for test, lint (requiredChecks in .github/foreman.yml)",
      details: ["main does not require lint: people can still merge without them"],
    });
    expect(
      checkRequiredChecks(
        rules({ requiredChecks: { rulesets: [], protection: [] } }),
        { ...defaults, requiredChecks: ["ci"] },
        "main",
      ).outcome,
    ).toBe("warning");
  });

  it("unions rulesets and classic protection and names the sources", () => {
    expect(
      checkRequiredChecks(
        rules({ requiredChecks: { rulesets: ["test"], protection: ["build"] } }),
        defaults,
        "main",
      ).summary,
    ).toBe("main requires test, build (rulesets and branch protection)");
    expect(
      checkRequiredChecks(rules({ requiredChecks: { rulesets: [], protection: [] } }), defaults, "trunk"),
    ).toMatchObject({
      outcome: "missing",
      summary: "trunk requires no status checks, so Foreman has nothing to verify tasks with",
    });
  });
});
