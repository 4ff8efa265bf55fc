/**
 * The git ref whose creation claims the creation of one task's issue: `refs/foreman/<plan>/claims/<task>`.
 * Task ids are encoded to what git allows in a ref name (letters, digits, `_`, `-`; others as `.xx` hex).
 */
export function claimRef(planNumber: number, taskId: string): string {
  const safe = [...taskId]
    .map((char) =>
      /^[A-Za-z0-9_-]$/.test(char)
        ? char
        : `.${[...Buffer.from(char, "utf8")].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`,
    )
    .join("");
  return `refs/foreman/${planNumber}/claims/${safe}`;
}
