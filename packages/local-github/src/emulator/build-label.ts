import { type BuildContext, buildNodeId, repositoryApiUrl, type Schemas } from "./build-context.ts";
import type { LabelRecord, RepositoryRecord } from "./emulator-state.ts";

export function buildLabel(
  context: BuildContext,
  repo: RepositoryRecord,
  label: LabelRecord,
): Schemas["label"] {
  return {
    id: label.id,
    node_id: buildNodeId("Label", label.id),
    url: `${repositoryApiUrl(context, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.isDefault,
  };
}
