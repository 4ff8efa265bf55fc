/** The HTTP status of an Octokit request error; undefined for anything else. */
export function statusOfError(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number"
    ? error.status
    : undefined;
}
