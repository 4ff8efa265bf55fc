import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { REQUEST_RETRIES, requestRetryDelay } from "../../src/github/request-retry-delay.ts";
import { transientDelay } from "../../src/github/transient-delay.ts";

const NOW = Date.parse("2026-12-01T12:00:00Z");

function answered(status: number, headers: Record<string, string> = {}) {
  return new RequestError("GitHub said no", status, {
    request: { method: "GET", url: "https://api.github.com/x", headers: {} },
    response: { status, url: "https://api.github.com/x", headers, data: {} },
  });
}

describe("transientDelay", () => {
  it("waits what a secondary rate limit asks for, in full", () => {
    expect(transientDelay(answered(403, { "retry-after": "60" }), 1, NOW)).toBe(60_000);
    expect(transientDelay(answered(429, { "retry-after": "3" }), 2, NOW)).toBe(3_000);
  });

  it("waits for a spent primary rate limit to reset (x-ratelimit-reset), and one second more", () => {
    const reset = String(NOW / 1000 + 30);
    const error = answered(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    expect(transientDelay(error, 1, NOW)).toBe(31_000);
  });

  it("gives up on a limit that resets later than is worth waiting for", () => {
    const reset = String(NOW / 1000 + 3600);
    expect(
      transientDelay(answered(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), 1, NOW),
    ).toBeNull();
    expect(transientDelay(answered(429, { "retry-after": "600" }), 1, NOW)).toBeNull();
  });

  it("backs off, doubling and bounded, after server errors; never after a refusal that is no limit", () => {
    expect([1, 2, 3, 10].map((attempt) => transientDelay(answered(502), attempt, NOW))).toEqual([
      250, 500, 1000, 10_000,
    ]);
    for (const status of [400, 401, 403, 404, 410, 422])
      expect(transientDelay(answered(status), 1, NOW)).toBeNull();
    expect(transientDelay(new Error("not an HTTP error"), 1, NOW)).toBeNull();
  });
});

describe("requestRetryDelay", () => {
  it("sends reads and idempotent writes again after a server error, a create never", () => {
    for (const method of ["GET", "HEAD", "PUT", "PATCH", "DELETE"])
      expect(requestRetryDelay(method, answered(503), 1)).toBe(250);
    expect(requestRetryDelay("POST", answered(502), 1)).toBeNull();
    // No answer at all: Octokit reports it as a 500.
    expect(requestRetryDelay("POST", answered(500), 1)).toBeNull();
  });

  it("sends any request again after a rate limit: GitHub refused it before doing anything", () => {
    expect(requestRetryDelay("POST", answered(403, { "retry-after": "1" }), 1)).toBe(1000);
  });

  it("stops after REQUEST_RETRIES", () => {
    expect(requestRetryDelay("GET", answered(502), REQUEST_RETRIES)).not.toBeNull();
    expect(requestRetryDelay("GET", answered(502), REQUEST_RETRIES + 1)).toBeNull();
  });
});
