/**
 * `refs/foreman/<plan>/attempts/<task>/<attempt>.<try>`: the ref whose creation claims one dispatch of one attempt
 * (GitHub answers 422 to the second creation, whichever replica sends it). The task id is percent-encoded
 * (dots and the characters git refuses in ref names included) so any id is a valid ref component;
 * attempt and try are joined by a dot, since `…/2` and `…/2/1` could not both exist as refs.
 */
export function formatClaimRef(plan: number, task: string, attempt: number, tryNumber: number): string {
  const component = encodeURIComponent(task).replace(
    /[.~*'()!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `refs/foreman/${plan}/attempts/${component}/${attempt}.${tryNumber}`;
}
