import { formatMarker } from "../core/plan/format-marker.ts";
import type { OpenRepository } from "./open-repository.ts";

/** Someone without write access added the plan label: it comes off again, with one short note to them. */
export async function refusePlanLabel(
  repository: OpenRepository,
  planNumber: number,
  by: string,
): Promise<void> {
  const { forge } = repository.shell;
  const label = repository.config.label;
  await forge.removeLabel(planNumber, label);
  await forge.ensureComment(
    planNumber,
    (marker) => marker.kind === "label-refused" && marker.plan === planNumber && marker.by === by,
    `@${by}, only people with write access can start a Foreman plan, so I took the \`${label}\` label off again. A maintainer can add it.\n\n${formatMarker({ kind: "label-refused", plan: planNumber, by })}\n`,
  );
}
