import type { z } from "zod";
import { type ForemanConfig, foremanConfigSchema } from "./config-schema.ts";

export type ConfigProblem = {
  /** dotted path of the setting, e.g. `budget.perTaskUsd`; empty for the file as a whole */
  key: string;
  message: string;
};

export type ConfigResult = { ok: true; config: ForemanConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates the raw settings (as read from `.github/foreman.yml`; `null` when there is no file) and
 * applies the defaults. Every problem names the key, what is expected and what was found.
 */
export function parseConfig(raw: unknown): ConfigResult {
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw))) {
    return {
      ok: false,
      problems: [{ key: "", message: `must be a mapping of settings, got ${describe(raw)}` }],
    };
  }
  const result = foremanConfigSchema.safeParse(raw ?? {});
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => problemsOf(issue, raw)) };
}

function problemsOf(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(path);
    return issue.keys.map((key) => {
      const suggestion = closest(key, known);
      const hint = suggestion ? ` — did you mean \`${suggestion}\`?` : ` (known: ${known.join(", ")})`;
      return { key: [...path, key].join("."), message: `is not a Foreman setting${hint}` };
    });
  }
  const found = valueAt(raw, issue.path);
  const got = found === undefined ? "" : `, got ${describe(found)}`;
  return [{ key: path.join("."), message: `${issue.message}${got}` }];
}

function knownKeys(path: string[]): string[] {
  const nested: Record<string, Record<string, unknown>> = {
    budget: budgetKeys(),
    planner: foremanConfigSchema.shape.planner.unwrap().shape,
  };
  const shape = path.length === 0 ? foremanConfigSchema.shape : (nested[path.join(".")] ?? {});
  return Object.keys(shape);
}

function budgetKeys(): Record<string, unknown> {
  return foremanConfigSchema.shape.budget.unwrap().shape;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The known key a typo most likely meant: small edit distance, case-insensitive. */
function closest(key: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= Math.max(2, Math.floor(name.length / 3)) && (!best || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
