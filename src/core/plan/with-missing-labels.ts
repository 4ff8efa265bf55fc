import { LABEL_STYLES } from "./foreman-labels.ts";
import { labelsOfWrite } from "./labels-of-write.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";

/** Labels Foreman applies are created first (with colour and description) where the repo lacks them. */
export function withMissingLabels(writes: readonly PlanWrite[], snapshot: PlanSnapshot): PlanWrite[] {
  const used = new Set(writes.flatMap(labelsOfWrite));
  const creates = [...used].flatMap((name): PlanWrite[] => {
    const style = LABEL_STYLES[name];
    if (!style || snapshot.repoLabels.includes(name)) return [];
    return [{ kind: "create-label", name, color: style.color, description: style.description }];
  });
  return [...creates, ...writes];
}
