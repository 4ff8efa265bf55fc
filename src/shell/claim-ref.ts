/**
 * The git ref whose creation claims the creation of one task's issue: `refs/foreman/<plan>/claims/<task>`,
 * and `refs/foreman/<plan>/takeovers/<n>/<task>` for the n-th takeover of a claim whose claimant never
 * created the issue (a fresh name, so a takeover is as atomic as the first claim). Task ids are encoded
 * to what git allows in a ref name (letters, digits, `_`, `-`; others as `.xx` hex).
 */
export function claimRef(planNumber: number, taskId: string, generation = 0): string {
  const safe = [...taskId]
    .map((char) =>
      /^[A-Za-z0-9_-]$/.test(char)
        ? char
        : `.${[...Buffer.from(char, "utf8")].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`,
    )
    .join("");
  return generation === 0
    ? `refs/foreman/${planNumber}/claims/${safe}`
    : `refs/foreman/${planNumber}/takeovers/${generation}/${safe}`;
}
