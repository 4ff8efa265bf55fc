import type { AttemptResult } from "./attempt-types.ts";

const ICONS: Record<AttemptResult, string> = { success: "✅", failed: "❌", "needs-human": "🙋" };

/** The icon the views show beside an attempt's result. */
export function resultIcon(result: AttemptResult): string {
  return ICONS[result];
}
