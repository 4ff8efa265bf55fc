import { describe, expect, it } from "vitest";
import { hashPlanText } from "../../../src/core/plan/hash-plan-text.ts";
import { recoverLostStart } from "../../../src/core/plan/recover-lost-start.ts";

const alice = { login: "alice", type: "User" as const };
const label = { actor: alice, at: "2026-12-01T13:15:47Z" };
const plan = (updatedAt: string) => ({ body: "- [ ] T1 Do it", updatedAt });

describe("recoverLostStart", () => {
  it("approves the current text in the labeller's name when nothing changed after the label", () => {
    expect(recoverLostStart(plan("2026-12-01T13:15:47Z"), label, false)).toEqual({
      actor: alice,
      spec: hashPlanText("- [ ] T1 Do it"),
    });
  });

  it("approves nothing when the issue changed in a later second", () => {
    expect(recoverLostStart(plan("2026-12-01T13:15:48Z"), label, false).spec).toBeNull();
  });

  it("approves nothing once the stale-approval note is there, even for an edit in the label's own second", () => {
    expect(recoverLostStart(plan("2026-12-01T13:15:47Z"), label, true).spec).toBeNull();
  });

  it("approves nothing when a time cannot be read", () => {
    expect(recoverLostStart(plan("yesterday"), label, false).spec).toBeNull();
  });
});
