export type Figure = "usd" | "duration" | "tokens";

/**
 * One way to print each figure in every view: dollars to the cent (`<$0.01` for less, `—` when no
 * attempt reported a cost), durations as `42s` / `1m 34s` / `1h 02m`, tokens as `950` / `48.2k` / `1.3M`.
 */
export function formatFigure(figure: Figure, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (figure) {
    case "usd":
      if (value === 0) return "$0.00";
      // Round half up on the cent: 0.045 is stored as 0.04499…, which toFixed would print as $0.04.
      return value < 0.01 ? "<$0.01" : `$${(Math.round(value * 100 + 1e-9) / 100).toFixed(2)}`;
    case "duration": {
      const seconds = Math.max(0, Math.round(value / 1000));
      if (seconds < 60) return `${seconds}s`;
      const minutes = Math.floor(seconds / 60);
      if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
      return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
    }
    case "tokens":
      if (value < 1000) return String(Math.round(value));
      if (value < 999_950) return `${trimZero((value / 1000).toFixed(1))}k`;
      return `${trimZero((value / 1_000_000).toFixed(1))}M`;
  }
}

function trimZero(text: string): string {
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}
