import { estimateTokens } from "./estimate-tokens.ts";

export type RepositoryFiles = {
  /** every path found, files only */
  paths: readonly string[];
  /** true when the listing stopped before the whole tree was seen */
  partial: boolean;
  /** the texts of the picked files, in the order they matter */
  documents: ReadonlyArray<{ path: string; text: string }>;
};

/** The share of the budget the file tree may take; the files' texts get the rest. */
const TREE_SHARE = 0.3;
const CHARS_PER_TOKEN = 4;

/**
 * The repository as the planner sees it, within `tokenBudget`: the file tree (cut with a count of
 * what was left out), then each picked file, cut to a fair share of what remains so one long README
 * cannot crowd out the manifests. Every cut says so.
 */
export function buildRepositoryContext(files: RepositoryFiles, tokenBudget: number): string {
  const budget = tokenBudget * CHARS_PER_TOKEN;
  const sorted = [...files.paths].sort();
  const treeLines: string[] = [];
  let treeChars = 0;
  for (const path of sorted) {
    if (treeChars + path.length + 1 > budget * TREE_SHARE) break;
    treeLines.push(path);
    treeChars += path.length + 1;
  }
  const left = sorted.length - treeLines.length;
  const more =
    left > 0 || files.partial ? `\n… ${left > 0 ? `${left} more files` : "more files"} not listed` : "";
  const tree = `## File tree (${files.partial ? "partial" : `${sorted.length} files`})\n${treeLines.join("\n")}${more}`;

  const shares = new Map<string, number>();
  let remaining = budget - tree.length;
  const bySize = [...files.documents].sort((a, b) => a.text.length - b.text.length);
  bySize.forEach((document, index) => {
    const share = Math.max(0, Math.floor(remaining / (bySize.length - index)) - document.path.length - 40);
    const take = Math.min(document.text.length, share);
    shares.set(document.path, take);
    remaining -= take + document.path.length + 40;
  });
  const sections = files.documents.flatMap((document) => {
    const take = shares.get(document.path) ?? 0;
    if (take <= 0) return [`## ${document.path}\n(left out: no room in the context budget)`];
    const cut = document.text.length - take;
    const text = document.text.slice(0, take).trimEnd();
    return [`## ${document.path}\n${text}${cut > 0 ? `\n[… ${cut} more characters cut]` : ""}`];
  });
  const context = [tree, ...sections].join("\n\n");
  return estimateTokens(context) <= tokenBudget ? context : context.slice(0, budget);
}
