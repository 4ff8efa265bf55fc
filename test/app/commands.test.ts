import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type Harness, OWNER, startHarness } from "./foreman-harness.ts";

const repo = { owner: OWNER, repo: "demo" };

describe("`/foreman` commands and who may give them", () => {
  let harness: Harness;
  let plan: number;
  beforeAll(async () => {
    harness = await startHarness();
    plan = await harness.openPlan(EXAMPLE_PLAN);
  });
  afterAll(async () => harness.close());

  const replyTo = async (issueNumber: number, commentId: number) => {
    const comments = await harness.admin.paginate(harness.admin.rest.issues.listComments, {
      ...repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    const replies = comments.filter((comment) =>
      readMarkers(comment.body ?? "").some(
        (marker) => marker.kind === "reply" && marker.comment === commentId,
      ),
    );
    expect(replies.length).toBeLessThanOrEqual(1);
    return replies[0]?.body;
  };
  /** the reactions a comment carries, as GitHub's rollup on the comment counts them */
  const reactionsOn = async (commentId: number) => {
    const { reactions } = (await harness.admin.rest.issues.getComment({ ...repo, comment_id: commentId }))
      .data;
    return Object.entries(reactions ?? {}).flatMap(([content, count]) =>
      typeof count === "number" && count > 0 && content !== "total_count" ? [`${content}:${count}`] : [],
    );
  };
  const child = async (task: string) =>
    (await harness.readPlan(plan)).issues.find((issue) => issue.task === task);

  it("starts an unlabelled issue as a plan on `/foreman start`, adding the label", async () => {
    const { data } = await harness
      .as("alice")
      .rest.issues.create({ ...repo, title: "Plan", body: EXAMPLE_PLAN });
    await harness.comment(data.number, "/foreman start");
    const state = await harness.readPlan(data.number);
    expect(state.planLabels).toEqual(["foreman"]);
    expect(state.issues.map((issue) => issue.task)).toEqual(["T1", "T2", "T3", "T4"]);
  });

  it("refuses a reader politely and changes nothing", async () => {
    const before = await harness.readPlan(plan);
    const comment = await harness.comment(plan, "/foreman pause", "bob");
    expect(await replyTo(plan, comment)).toContain(
      "@bob sorry, only people with write access to this repository can give Foreman commands.",
    );
    const after = await harness.readPlan(plan);
    expect(after.planLabels).toEqual(before.planLabels);
    expect(after.issues).toEqual(before.issues);
  });

  it("takes the plan label off again when someone without write access adds it", async () => {
    const number = await harness.openPlan(EXAMPLE_PLAN, { by: "tim" });
    const state = await harness.readPlan(number);
    expect(state.planLabels).toEqual([]);
    expect(state.issues).toEqual([]);
    expect(state.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining("@tim, only people with write access can start a Foreman plan"),
    ]);
  });

  it("ignores bots that the config does not allow", async () => {
    const comment = await harness.comment(plan, "/foreman pause", "helper[bot]");
    expect(await replyTo(plan, comment)).toBeUndefined();
    expect(await reactionsOn(comment)).toEqual([]);
  });

  it("answers an unknown command with the help text", async () => {
    const comment = await harness.comment(plan, "/foreman launch");
    const reply = await replyTo(plan, comment);
    expect(reply).toContain("`/foreman launch` is not a command I know.");
    expect(reply).toContain("| `/foreman retry <task>` |");
    expect(await reactionsOn(comment)).toEqual(["confused:1"]);
  });

  it("acknowledges with a reaction and answers `status` with the progress", async () => {
    const comment = await harness.comment(plan, "Where are we?\n/foreman status");
    expect(await reactionsOn(comment)).toEqual(["+1:1"]);
    expect(await replyTo(plan, comment)).toMatch(
      /\*\*Plan #\d+\*\*: 4 tasks · ⏳ 2 pending · 🟢 2 ready — \[details\]/,
    );
  });

  it("pauses and resumes with a plan label, shown in the tracking comment", async () => {
    await harness.comment(plan, "/foreman pause");
    const paused = await harness.readPlan(plan);
    expect(paused.planLabels).toContain("foreman:paused");
    expect(
      paused.comments.find((comment) => readMarkers(comment.body)[0]?.kind === "tracking")?.body,
    ).toContain("Foreman · paused");
    await harness.comment(plan, "/foreman resume");
    expect((await harness.readPlan(plan)).planLabels).not.toContain("foreman:paused");
  });

  it("skips a task as not planned, and `retry` on its own issue brings it back", async () => {
    await harness.comment(plan, "/foreman skip T2");
    expect(await child("T2")).toMatchObject({
      state: "closed",
      stateReason: "not_planned",
      labels: ["foreman:skipped", "foreman:task"],
    });
    const t2 = await child("T2");
    if (!t2) throw new Error("no T2");
    await harness.comment(t2.number, "/foreman retry");
    expect(await child("T2")).toMatchObject({ state: "open", labels: ["foreman:ready", "foreman:task"] });
  });

  it("answers a command delivered twice once", async () => {
    const comment = await harness.comment(plan, "/foreman status");
    const delivery = harness.emulator
      .deliveries()
      .find(
        (item) =>
          item.event === "issue_comment" &&
          (item.payload as { comment: { id: number } }).comment.id === comment,
      );
    if (!delivery) throw new Error("no delivery");
    await harness.emulator.redeliver(delivery.id);
    await harness.app.settle();
    expect(await replyTo(plan, comment)).toContain("**Plan #");
  });

  it("cancels: every unfinished task closed as not planned", async () => {
    await harness.comment(plan, "/foreman cancel");
    const state = await harness.readPlan(plan);
    expect(state.planLabels).toContain("foreman:cancelled");
    expect(state.issues.map((issue) => [issue.task, issue.state, issue.stateReason])).toEqual([
      ["T1", "closed", "not_planned"],
      ["T2", "closed", "not_planned"],
      ["T3", "closed", "not_planned"],
      ["T4", "closed", "not_planned"],
    ]);
    const comment = await harness.comment(plan, "/foreman start");
    expect(await replyTo(plan, comment)).toContain("was cancelled. Open a new plan issue to run it again.");
  });
});
