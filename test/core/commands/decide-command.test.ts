import { describe, expect, it } from "vitest";
import { type CommandInput, decideCommand } from "../../../src/core/commands/decide-command.ts";
import { parseCommand } from "../../../src/core/commands/parse-command.ts";
import type { PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import { preparePlanDocument } from "../../../src/core/plan/prepare-plan-document.ts";
import { EXAMPLE_PLAN, emptySnapshot, settlePlan } from "../plan/plan-fixtures.ts";

const started = (await settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice")).snapshot;

function decide(text: string, snapshot: PlanSnapshot = started, taskOfIssue: string | null = null) {
  const command = parseCommand(text);
  if (!command) throw new Error(`no command in ${text}`);
  const input: CommandInput = {
    command,
    actor: "bob",
    snapshot,
    document: preparePlanDocument(snapshot.plan.body),
    spec: preparePlanDocument(snapshot.plan.body).spec,
    taskOfIssue,
    planLabel: "foreman",
    formatReferenceUrl: "https://example.test/docs/task-format.md",
  };
  return decideCommand(input);
}

/** The reply's words, for replies known before the reconcile. */
function replyText(decision: ReturnType<typeof decideCommand>): string | undefined {
  return decision.reply?.kind === "text" ? decision.reply.text : undefined;
}

const childOf = (task: string) => started.issues.find((issue) => issue.title.startsWith(`${task} `));

describe("decideCommand", () => {
  it("starts a plan: the label where it is missing, and an approval by the writer", async () => {
    const unlabelled = emptySnapshot(EXAMPLE_PLAN);
    const plain = { ...unlabelled, plan: { ...unlabelled.plan, labels: [] } };
    expect(decide("/foreman start", plain)).toEqual({
      reaction: "+1",
      reply: null,
      writes: [{ kind: "add-labels", number: 1, labels: ["foreman"] }],
      intent: { kind: "approve", by: "bob", spec: preparePlanDocument(EXAMPLE_PLAN).spec },
    });
  });

  it("replans only a changed text, approving the edit and leaving the reply to what was done", async () => {
    expect(replyText(decide("/foreman replan"))).toMatch(
      /^Nothing to replan: the text is what @alice approved/,
    );
    const edited = EXAMPLE_PLAN.replace(/### T4: Documentation[\s\S]*$/, "");
    const snapshot = { ...started, plan: { ...started.plan, body: edited } };
    expect(decide("/foreman replan", snapshot)).toMatchObject({
      intent: { kind: "approve", by: "bob", spec: preparePlanDocument(edited).spec },
      reply: { kind: "replan" },
    });
  });

  it("pauses and resumes with the plan label, and says when there is nothing to do", async () => {
    expect(decide("/foreman pause").writes).toEqual([
      { kind: "add-labels", number: 1, labels: ["foreman:paused"] },
    ]);
    const paused = {
      ...started,
      plan: { ...started.plan, labels: [...started.plan.labels, "foreman:paused"] },
    };
    expect(replyText(decide("/foreman pause", paused))).toContain("already paused");
    expect(decide("/foreman resume", paused).writes).toEqual([
      { kind: "remove-label", number: 1, label: "foreman:paused" },
    ]);
    expect(replyText(decide("/foreman resume"))).toBe("Plan #1 is not paused.");
  });

  it("skips a task not yet started by closing its issue, and refuses to skip a finished one", async () => {
    const t2 = childOf("T2");
    expect(decide("/foreman skip t2").writes).toEqual([
      {
        kind: "update-issue",
        number: t2?.number,
        reason: "skip requested",
        patch: { state: "closed", stateReason: "not_planned" },
      },
    ]);
    const doneT2 = started.issues.map((issue) =>
      issue === t2 ? { ...issue, state: "closed" as const, stateReason: "completed" as const } : issue,
    );
    expect(replyText(decide("/foreman skip T2", { ...started, issues: doneT2 }))).toBe("T2 is already done.");
  });

  it("takes the task of the issue the command was written on", async () => {
    const skipped = started.issues.map((issue) =>
      issue === childOf("T3")
        ? { ...issue, state: "closed" as const, stateReason: "not_planned" as const }
        : issue,
    );
    expect(decide("/foreman retry", { ...started, issues: skipped }, "T3").writes).toEqual([
      {
        kind: "update-issue",
        number: childOf("T3")?.number,
        reason: "retry requested",
        patch: { state: "open", stateReason: "reopened" },
      },
    ]);
    expect(replyText(decide("/foreman retry"))).toBe("Which task? For example `/foreman retry T3`.");
    expect(replyText(decide("/foreman retry T9"))).toBe("Plan #1 has no task `T9`.");
    expect(replyText(decide("/foreman retry T1"))).toMatch(/^T1 is ready; only skipped or escalated/);
  });

  it("answers help and unknown commands with the command list", async () => {
    expect(replyText(decide("/foreman help"))).toContain("| `/foreman skip <task>` |");
    expect(decide("/foreman dance")).toMatchObject({
      reaction: "confused",
      reply: { kind: "text", text: expect.stringContaining("is not a command I know") },
    });
  });

  it("tells people a plan has not started when they pause, cancel or ask its status", async () => {
    const fresh = emptySnapshot(EXAMPLE_PLAN);
    for (const text of ["/foreman pause", "/foreman cancel", "/foreman status"]) {
      expect(replyText(decide(text, fresh))).toBe(
        "Plan #1 has not started yet: add the `foreman` label or comment `/foreman start`.",
      );
    }
  });
});
