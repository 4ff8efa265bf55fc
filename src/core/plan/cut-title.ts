/** GitHub's limit for issue titles, in characters (code points). */
const TITLE_LIMIT = 256;

/** A title within GitHub's limit, cut by code point (never inside a surrogate pair) with an ellipsis. */
export function cutTitle(title: string): string {
  const points = [...title.replace(/[\r\n]+/g, " ")];
  return points.length <= TITLE_LIMIT ? points.join("") : `${points.slice(0, TITLE_LIMIT - 1).join("")}…`;
}
