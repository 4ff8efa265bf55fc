import { describe, expect, it } from "vitest";
import { describeReplan } from "../../../src/core/commands/describe-replan.ts";
import type { PlanSnapshot } from "../../../src/core/plan/plan-snapshot.ts";
import { preparePlanDocument } from "../../../src/core/plan/prepare-plan-document.ts";
import { EXAMPLE_PLAN, emptySnapshot, settlePlan } from "../plan/plan-fixtures.ts";

const approved = (await settlePlan(emptySnapshot(EXAMPLE_PLAN), "alice")).snapshot;

/** An edit, then `/foreman replan` by bob: the reply from the writes the reconcile made. */
async function replan(edited: string, snapshot: PlanSnapshot = approved): Promise<string> {
  const before = { ...snapshot, plan: { ...snapshot.plan, body: edited } };
  const paused = (await settlePlan(before, null)).snapshot;
  const { snapshot: after, writes } = await settlePlan(paused, "bob");
  return describeReplan({
    before: { snapshot: paused, document: preparePlanDocument(edited) },
    after: { snapshot: after, document: preparePlanDocument(edited) },
    writes,
  });
}

describe("describeReplan", () => {
  it("counts the issues the reconcile created, rewrote and closed", async () => {
    const edited = EXAMPLE_PLAN.replace(/### T4: Documentation[\s\S]*$/, "")
      .replace("Derive a stable client key", "Derive a client key")
      .concat("\n### T5: Metrics\n**Depends on**: T3\n\nCount rejected requests.\n");
    expect(await replan(edited)).toBe(
      "Applied the edited plan: ➕ 1 added · ✏️ 1 updated · ➖ 1 closed as not planned.",
    );
  });

  it("does not announce a task it did not create: an added task depending on an issue that does not exist", async () => {
    const edited = `${EXAMPLE_PLAN}\n### T9: Extra\nDepends on: #9999\n`;
    const reply = await replan(edited, { ...approved, missingIssues: [9999] });
    expect(reply).not.toContain("added");
    expect(reply).toMatch(
      /^The edited plan was not applied; nothing changed — see \[what keeps it from applying\]\(/,
    );
  });

  it("says when only text outside the tasks changed", async () => {
    expect(await replan(EXAMPLE_PLAN.replace("\n", "\n\nA note on the goal.\n"))).toBe(
      "Approved the edited plan; no task changed.",
    );
  });
});
