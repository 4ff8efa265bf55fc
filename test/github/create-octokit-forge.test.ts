import { type Emulator, startEmulator } from "@foreman/local-github";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMarker } from "../../src/core/plan/format-marker.ts";
import type { Forge } from "../../src/github/forge.ts";
import { foremanOctokitFor, forgeFor, SELF } from "./forge-for-token.ts";

const repo = { owner: "acme", repo: "demo" };

async function forgeOn(emulator: Emulator, login = SELF): Promise<Forge> {
  return forgeFor(emulator, login);
}

describe("the Octokit Forge against the local GitHub", () => {
  let emulator: Emulator;
  let forge: Forge;
  let alice: Octokit;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: ["acme/demo"] });
    for (const [login, permission] of [
      [SELF, "write"],
      ["alice", "write"],
      ["mo", "maintain"],
      ["tim", "triage"],
      ["bob", "read"],
    ] as const) {
      await emulator.addCollaborator("acme/demo", login, permission);
    }
    forge = await forgeOn(emulator);
    alice = new Octokit({ auth: emulator.userToken("alice"), baseUrl: emulator.url });
  });
  afterAll(async () => emulator.close());

  it("finds issues by label and marker, and nothing that lacks either", async () => {
    const marker = (plan: number) => formatMarker({ kind: "task", plan, task: "T1", spec: "s" });
    const wanted = await forge.createIssue({
      title: "T1 · One",
      body: `text\n${marker(1)}`,
      labels: ["foreman:task"],
    });
    await forge.createIssue({ title: "T1 · Other plan", body: marker(2), labels: ["foreman:task"] });
    await alice.rest.issues.create({ ...repo, title: "Forged", body: marker(1) });
    const found = await forge.findIssuesByMarker(
      { label: "foreman:task" },
      (item) => item.kind === "task" && item.plan === 1,
    );
    expect(found.map((issue) => issue.number)).toEqual([wanted.number]);
    expect(found[0]).toMatchObject({
      title: "T1 · One",
      labels: ["foreman:task"],
      author: SELF,
      state: "open",
      blockedByCount: 0,
    });
  });

  it("ensures one comment per marker: created once, left alone when equal, updated in place when not", async () => {
    const { data: plan } = await alice.rest.issues.create({ ...repo, title: "Plan" });
    const matches = (item: { kind: string }) => item.kind === "tracking";
    const body = (text: string) => `${text}\n\n${formatMarker({ kind: "tracking", plan: plan.number })}\n`;
    await alice.rest.issues.createComment({
      ...repo,
      issue_number: plan.number,
      body: body("forged by a person"),
    });
    const first = await forge.ensureComment(plan.number, matches, body("one"));
    const writes = emulator.stats().requests.writes;
    expect(await forge.ensureComment(plan.number, matches, body("one"))).toEqual(first);
    expect(emulator.stats().requests.writes).toBe(writes);
    const second = await forge.ensureComment(plan.number, matches, body("two"));
    expect(second.id).toBe(first.id);
    expect((await forge.listOwnComments(plan.number)).map((comment) => comment.body)).toEqual([body("two")]);
  });

  it("reports each role's permission, and none for strangers", async () => {
    const roles = await Promise.all(
      ["octo-admin", "mo", "alice", "tim", "bob", "stranger"].map((login) => forge.getPermission(login)),
    );
    expect(roles).toEqual(["admin", "maintain", "write", "triage", "read", "none"]);
  });

  it("links sub-issues and blocked-by dependencies by database id", async () => {
    const parent = await forge.createIssue({ title: "Parent", body: "", labels: [] });
    const a = await forge.createIssue({ title: "A", body: "", labels: [] });
    const b = await forge.createIssue({ title: "B", body: "", labels: [] });
    await forge.addSubIssue(parent.number, a.id);
    await forge.addSubIssue(parent.number, b.id);
    expect((await forge.listSubIssues(parent.number)).map((issue) => issue.number)).toEqual([
      a.number,
      b.number,
    ]);
    await forge.addBlockedBy(b.number, a.id);
    expect(await forge.listBlockedBy(b.number)).toEqual([a.number]);
    expect((await forge.listBlocking(a.number)).map((issue) => issue.number)).toEqual([b.number]);
    expect((await forge.getIssue(b.number))?.blockedByCount).toBe(1);
    await forge.removeBlockedBy(b.number, a.id);
    await forge.removeBlockedBy(b.number, a.id);
    expect(await forge.listBlockedBy(b.number)).toEqual([]);
  });

  it("treats labels that already exist, or are already gone, as done", async () => {
    await forge.createLabel({ name: "foreman:ready", color: "0e8a16", description: "ready" });
    await forge.createLabel({ name: "foreman:ready", color: "0e8a16", description: "ready" });
    const issue = await forge.createIssue({ title: "Labelled", body: "", labels: ["foreman:ready"] });
    await forge.removeLabel(issue.number, "foreman:ready");
    await forge.removeLabel(issue.number, "foreman:ready");
    expect((await forge.getIssue(issue.number))?.labels).toEqual([]);
    expect(await forge.listLabelNames()).toContain("foreman:ready");
  });

  it("closes with a reason and answers null for an issue that does not exist", async () => {
    const issue = await forge.createIssue({ title: "Done", body: "", labels: [] });
    expect(
      await forge.updateIssue(issue.number, { state: "closed", stateReason: "completed" }),
    ).toMatchObject({
      state: "closed",
      stateReason: "completed",
    });
    expect(await forge.getIssue(99_999)).toBeNull();
  });
});

describe("the production Octokit (createForemanOctokit) on a failing GitHub", () => {
  it("sends a POST answered with a server error once, and repeats a read", async () => {
    const emulator = await startEmulator({ repos: ["acme/demo"], faults: "api=5xx:1", seed: 1 });
    try {
      await emulator.addCollaborator("acme/demo", SELF, "write");
      const octokit = foremanOctokitFor(emulator, SELF);
      const created = octokit.rest.issues.create({ ...repo, title: "Once" });
      await expect(created).rejects.toMatchObject({ status: expect.any(Number) });
      expect(emulator.stats().requests.byOperation["issues/create"]).toBe(1);
      await expect(octokit.rest.issues.listForRepo(repo)).rejects.toMatchObject({
        status: expect.any(Number),
      });
      expect(emulator.stats().requests.byOperation["issues/list-for-repo"]).toBe(5);
    } finally {
      await emulator.close();
    }
  });
});

describe("the Octokit Forge on a flaky GitHub", () => {
  it("repeats reads that meet server errors or rate limits, and never a create", async () => {
    const emulator = await startEmulator({
      repos: ["acme/demo"],
      faults: "api=5xx:0.3,ratelimit:0.05",
      seed: 4,
    });
    try {
      await emulator.addCollaborator("acme/demo", SELF, "write");
      const forge = await forgeOn(emulator);
      for (let read = 0; read < 10; read++) expect(await forge.listLabelNames()).toContain("bug");
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          forge.createIssue({ title: `#${index}`, body: "", labels: [] }),
        ),
      );
      const created = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
      expect(created).toBeLessThan(10);
      expect(emulator.stats().requests.byOperation["issues/create"]).toBe(10);
    } finally {
      await emulator.close();
    }
  });
});
