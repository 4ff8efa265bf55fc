import { referenceKeys } from "./read-references.ts";

export type Lookup =
  | { kind: "task"; id: string }
  | { kind: "ambiguous"; ids: string[] }
  | { kind: "missing" };

function add(map: Map<string, string[]>, key: string | null, id: string): void {
  if (key === null) return;
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

/**
 * Finds tasks by the ways people write references: exactly (`T004`), without zero padding (`T4`),
 * or by number alone (`Task 4`, `4`, `#004`). Looser forms are only used when stricter ones find nothing,
 * and a loose form that fits two tasks is reported as ambiguous rather than guessed.
 */
export class TaskIndex {
  private readonly exact = new Map<string, string[]>();
  private readonly unpadded = new Map<string, string[]>();
  private readonly numeric = new Map<string, string[]>();
  readonly ids: string[];

  constructor(ids: readonly string[]) {
    this.ids = [...ids];
    for (const id of ids) {
      const keys = referenceKeys(id);
      add(this.exact, keys.exact, id);
      add(this.unpadded, keys.unpadded, id);
      add(this.numeric, keys.numeric, id);
    }
  }

  find(reference: string): Lookup {
    const keys = referenceKeys(reference);
    for (const [map, key] of [
      [this.exact, keys.exact],
      [this.unpadded, keys.unpadded],
      [this.numeric, keys.numeric],
    ] as const) {
      if (key === null) continue;
      const ids = map.get(key);
      if (!ids) continue;
      if (ids.length === 1) return { kind: "task", id: ids[0] ?? "" };
      if (map !== this.exact) return { kind: "ambiguous", ids };
      return { kind: "task", id: ids[0] ?? "" };
    }
    return { kind: "missing" };
  }

  /** The closest known ids to a misspelt reference, nearest first. */
  suggest(reference: string): string[] {
    const wanted = referenceKeys(reference).unpadded;
    return this.ids
      .map((id) => ({ id, distance: editDistance(wanted, referenceKeys(id).unpadded) }))
      .filter(({ distance }) => distance <= Math.max(1, Math.floor(wanted.length / 3)))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3)
      .map(({ id }) => id);
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
