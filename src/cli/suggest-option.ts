function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * `node:util` parseArgs's "Unknown option '--jsn'" → the same, with the nearest known option when one is
 * close ("did you mean --json?") or the list of options when none is.
 */
export function suggestOption(message: string, known: readonly string[]): string {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (!unknown) return message.split("\n")[0] ?? message;
  const wanted = unknown.replace(/^-+/, "").split("=")[0] ?? "";
  const nearest = known
    .map((name) => ({ name, cost: distance(wanted, name) }))
    .sort((a, b) => a.cost - b.cost)[0];
  const options = known.map((name) => `--${name}`).join(", ");
  if (nearest && nearest.cost <= Math.max(1, Math.floor(wanted.length / 3)))
    return `unknown option '${unknown}' (did you mean --${nearest.name}?)`;
  return `unknown option '${unknown}'; the options are ${options}`;
}
