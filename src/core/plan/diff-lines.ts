/**
 * A unified-style line diff (`-` removed, `+` added, ` ` context) of two texts, keeping `context`
 * unchanged lines around each change and `…` where more were left out. Empty when equal.
 */
export function diffLines(before: string, after: string, context = 2): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence table, filled from the end so the walk below goes forwards.
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lengths[i] ?? [];
      row[j] =
        a[i] === b[j]
          ? (lengths[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const lines: Array<{ sign: " " | "-" | "+"; text: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ sign: " ", text: a[i] ?? "" });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || (lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0))) {
      lines.push({ sign: "-", text: a[i] ?? "" });
      i++;
    } else {
      lines.push({ sign: "+", text: b[j] ?? "" });
      j++;
    }
  }
  if (lines.every((line) => line.sign === " ")) return [];
  const near = (index: number) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((line) => line.sign !== " ");
  const shown: string[] = [];
  lines.forEach((line, index) => {
    if (near(index)) shown.push(`${line.sign}${line.text}`);
    else if (shown.at(-1) !== "…") shown.push("…");
  });
  return shown;
}
