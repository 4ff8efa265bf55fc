import { describe, expect, it } from "vitest";
import { type CommandInput, decideCommand } from "../../../src/core/commands/decide-command.ts";
import { parseCommand } from "../../../src/core/commands/parse-command.ts";
import type { PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import { preparePlanDocument } from "../../../src/core/plan/prepare-plan-document.ts";
import { EXAMPLE_PLAN, emptySnapshot, settlePlan } from "../plan/plan-fixtures.ts";

const started = settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice").snapshot;

function decide(text: string, snapshot: PlanSnapshot = started, taskOfIssue: string | null = null) {
  const command = parseCommand(text);
  if (!command) throw new Error(`no command in ${text}`);
  const input: CommandInput = {
    command,
    actor: "bob",
    snapshot,
    document: preparePlanDocument(snapshot.plan.body),
    taskOfIssue,
    planLabel: "foreman",
    formatReferenceUrl: "https://example.test/docs/task-format.md",
  };
  return decideCommand(input);
}

const childOf = (task: string) => started.issues.find((issue) => issue.title.startsWith(`${task} `));

describe("decideCommand", () => {
  it("starts a plan: the label where it is missing, and an approval by the writer", () => {
    const unlabelled = emptySnapshot(EXAMPLE_PLAN);
    const plain = { ...unlabelled, plan: { ...unlabelled.plan, labels: [] } };
    expect(decide("/foreman start", plain)).toEqual({
      reaction: "+1",
      reply: null,
      actions: [{ kind: "add-labels", number: 1, labels: ["foreman"] }],
      approveBy: "bob",
    });
  });

  it("replans only a changed text, and says what the replan will do", () => {
    expect(decide("/foreman replan").reply).toMatch(/^Nothing to replan: the text is what @alice approved/);
    const edited = EXAMPLE_PLAN.replace(/### T4: Documentation[\s\S]*$/, "");
    const snapshot = { ...started, plan: { ...started.plan, body: edited } };
    expect(decide("/foreman replan", snapshot)).toMatchObject({
      approveBy: "bob",
      reply: "Applying the edited plan: ➖ 1 closed as not planned.",
    });
  });

  it("pauses and resumes with the plan label, and says when there is nothing to do", () => {
    expect(decide("/foreman pause").actions).toEqual([
      { kind: "add-labels", number: 1, labels: ["foreman:paused"] },
    ]);
    const paused = {
      ...started,
      plan: { ...started.plan, labels: [...started.plan.labels, "foreman:paused"] },
    };
    expect(decide("/foreman pause", paused).reply).toContain("already paused");
    expect(decide("/foreman resume", paused).actions).toEqual([
      { kind: "remove-label", number: 1, label: "foreman:paused" },
    ]);
    expect(decide("/foreman resume").reply).toBe("Plan #1 is not paused.");
  });

  it("skips a task not yet started by closing its issue, and refuses to skip a finished one", () => {
    const t2 = childOf("T2");
    expect(decide("/foreman skip t2").actions).toEqual([
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
    expect(decide("/foreman skip T2", { ...started, issues: doneT2 }).reply).toBe("T2 is already done.");
  });

  it("takes the task of the issue the command was written on", () => {
    const skipped = started.issues.map((issue) =>
      issue === childOf("T3")
        ? { ...issue, state: "closed" as const, stateReason: "not_planned" as const }
        : issue,
    );
    expect(decide("/foreman retry", { ...started, issues: skipped }, "T3").actions).toEqual([
      {
        kind: "update-issue",
        number: childOf("T3")?.number,
        reason: "retry requested",
        patch: { state: "open", stateReason: "reopened" },
      },
    ]);
    expect(decide("/foreman retry").reply).toBe("Which task? For example `/foreman retry T3`.");
    expect(decide("/foreman retry T9").reply).toBe("Plan #1 has no task `T9`.");
    expect(decide("/foreman retry T1").reply).toMatch(/^T1 is ready; only skipped or escalated/);
  });

  it("answers help and unknown commands with the command list", () => {
    expect(decide("/foreman help").reply).toContain("| `/foreman skip <task>` |");
    expect(decide("/foreman dance")).toMatchObject({
      reaction: "confused",
      reply: expect.stringContaining("is not a command I know"),
    });
  });

  it("tells people a plan has not started when they pause, cancel or ask its status", () => {
    const fresh = emptySnapshot(EXAMPLE_PLAN);
    for (const text of ["/foreman pause", "/foreman cancel", "/foreman status"]) {
      expect(decide(text, fresh).reply).toBe(
        "Plan #1 has not started yet: add the `foreman` label or comment `/foreman start`.",
      );
    }
  });
});
