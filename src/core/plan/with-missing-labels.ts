import { LABEL_STYLES } from "./foreman-labels.ts";
import type { PlanSnapshot } from "./plan-snapshot.ts";
import type { PlanWrite } from "./plan-write.ts";

/** Labels Foreman applies are created first (with colour and description) where the repo lacks them. */
export function withMissingLabels(writes: readonly PlanWrite[], snapshot: PlanSnapshot): PlanWrite[] {
  const used = new Set(
    writes.flatMap((write) => {
      if (write.kind === "create-issue" || write.kind === "create-phase-issue" || write.kind === "add-labels")
        return write.labels;
      if (write.kind === "update-issue") return write.patch.labels ?? [];
      return [];
    }),
  );
  const creates = [...used].flatMap((name): PlanWrite[] => {
    const style = LABEL_STYLES[name];
    if (!style || snapshot.repoLabels.includes(name)) return [];
    return [{ kind: "create-label", name, color: style.color, description: style.description }];
  });
  return [...creates, ...writes];
}
