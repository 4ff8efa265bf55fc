/** What a document without tasks looks like, so "no tasks found" can say why in the reader's terms. */
export function describeDocument(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "the document is empty";
  if (/^[[{]/.test(trimmed)) {
    try {
      JSON.parse(trimmed);
      return 'this is JSON, but not a Task Master tasks file (`{"tasks": [{"id": 1, "title": …}]}`)';
    } catch {
      return "this looks like JSON, but it does not parse";
    }
  }
  if (/^<(?:!doctype|html|\?xml)/i.test(trimmed)) return "this looks like HTML or XML, not markdown";
  if (/^(?:#!|import\s|export\s|package\s|def\s|function\s|class\s|const\s|use\s|#include)/.test(trimmed))
    return "this looks like source code, not a task document";
  const lines = trimmed.split("\n");
  if (
    lines.length > 1 &&
    lines.every((line) => line.trim() === "" || /^\s*(?:[\w.-]+:(?:\s|$)|-\s|#)/.test(line))
  )
    return "this looks like YAML, not a task document";
  const headings = lines.filter((line) => /^#{1,6}\s/.test(line)).length;
  const items = lines.filter((line) => /^\s*(?:[-*+]|\d+[.)])\s/.test(line)).length;
  if (headings === 0 && items === 0) return "this is plain text with no headings or lists";
  return `this is markdown with ${headings} heading${headings === 1 ? "" : "s"} and ${items} list item${items === 1 ? "" : "s"}, but none reads as a task`;
}
