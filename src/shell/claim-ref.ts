/** Whose issue a claim is for: a task's, or a phase issue's (`id` then is the phase's key). */
export type ClaimSubject = { kind: "task" | "phase"; id: string };

/**
 * The git ref whose creation claims the creation of one task's issue: `refs/foreman/<plan>/claims/<task>`,
 * and `refs/foreman/<plan>/takeovers/<n>/<task>` for the n-th takeover of a claim whose claimant never
 * created the issue (a fresh name, so a takeover is as atomic as the first claim); a phase issue's under
 * `phase-claims/` and `phase-takeovers/`. Ids are encoded to what git allows in a ref name (letters,
 * digits, `_`, `-`; others as `.xx` hex).
 */
export function claimRef(planNumber: number, subject: ClaimSubject, generation = 0): string {
  const taskId = subject.id;
  const prefix = subject.kind === "task" ? "" : "phase-";
  const safe = [...taskId]
    .map((char) =>
      /^[A-Za-z0-9_-]$/.test(char)
        ? char
        : `.${[...Buffer.from(char, "utf8")].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`,
    )
    .join("");
  return generation === 0
    ? `refs/foreman/${planNumber}/${prefix}claims/${safe}`
    : `refs/foreman/${planNumber}/${prefix}takeovers/${generation}/${safe}`;
}
