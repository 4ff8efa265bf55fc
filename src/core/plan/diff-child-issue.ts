import type { DesiredChild } from "./desired-child.ts";
import { normaliseBody } from "./normalise-body.ts";
import type { IssueRecord } from "./plan-snapshot.ts";
import type { IssuePatch, PlanWrite } from "./plan-write.ts";

/** The one update that makes `child` what `desired` says, naming what changed; none when it matches. */
export function diffChildIssue(child: IssueRecord, desired: DesiredChild): PlanWrite[] {
  const patch: IssuePatch = {};
  const reasons: string[] = [];
  if (desired.title !== undefined && desired.title !== child.title) {
    patch.title = desired.title;
    reasons.push("title");
  }
  if (desired.body !== undefined && normaliseBody(desired.body) !== normaliseBody(child.body)) {
    patch.body = desired.body;
    reasons.push("body");
  }
  if (!sameSet(desired.labels, child.labels)) {
    patch.labels = desired.labels;
    reasons.push("labels");
  }
  if (desired.state !== undefined && desired.state !== child.state) {
    patch.state = desired.state;
    if (desired.stateReason) patch.stateReason = desired.stateReason;
    reasons.push("state");
  }
  return reasons.length === 0
    ? []
    : [{ kind: "update-issue", number: child.number, reason: reasons.join(", "), patch }];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
