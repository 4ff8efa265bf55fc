import type { PlanWrite, WriteOutcome } from "../core/plan/plan-write.ts";
import type { Forge } from "./forge.ts";

/** Carries out one reconcile action through the Forge and returns what GitHub stored. */
export async function executePlanWrite(forge: Forge, action: PlanWrite): Promise<WriteOutcome> {
  switch (action.kind) {
    case "create-label":
      await forge.createLabel({ name: action.name, color: action.color, description: action.description });
      return { kind: "done" };
    case "create-issue":
    case "create-phase-issue":
      return {
        kind: "issue",
        issue: await forge.createIssue({ title: action.title, body: action.body, labels: action.labels }),
      };
    case "update-issue":
      return { kind: "issue", issue: await forge.updateIssue(action.number, action.patch) };
    case "add-labels":
      await forge.addLabels(action.number, action.labels);
      return { kind: "done" };
    case "remove-label":
      await forge.removeLabel(action.number, action.label);
      return { kind: "done" };
    case "add-sub-issue":
      await forge.addSubIssue(action.number, action.childId, { replaceParent: action.replaceParent });
      return { kind: "done" };
    case "remove-sub-issue":
      await forge.removeSubIssue(action.number, action.childId);
      return { kind: "done" };
    case "delete-comment":
      await forge.deleteComment(action.commentId);
      return { kind: "done" };
    case "add-blocked-by":
      await forge.addBlockedBy(action.number, action.blockerId);
      return { kind: "done" };
    case "remove-blocked-by":
      await forge.removeBlockedBy(action.number, action.blockerId);
      return { kind: "done" };
    case "create-comment":
      return { kind: "comment", comment: await forge.createComment(action.number, action.body) };
    case "update-comment":
      return { kind: "comment", comment: await forge.updateComment(action.commentId, action.body) };
  }
}
