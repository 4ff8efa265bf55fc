import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { LabelRecord, RepositoryRecord } from "./emulator-state.ts";

/** GitHub creates a label on first use when an issue is given a name it does not know yet. */
export function ensureLabel(runtime: EmulatorRuntime, repo: RepositoryRecord, name: string): LabelRecord {
  const known = repo.labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
  if (known) return known;
  const label: LabelRecord = {
    id: runtime.allocateId(),
    name,
    color: "ededed",
    description: null,
    isDefault: false,
  };
  repo.labels.push(label);
  return label;
}

/** Label names from the forms the API accepts: strings, or objects with a `name`. */
export function labelNames(labels: ReadonlyArray<string | { name?: string }> | undefined): string[] {
  return (labels ?? []).flatMap((label) => {
    const name = typeof label === "string" ? label : label.name;
    return name === undefined || name === "" ? [] : [name];
  });
}
