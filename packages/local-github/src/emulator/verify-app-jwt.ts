import { createPublicKey, verify } from "node:crypto";
import { z } from "zod";
import type { AppRecord, EmulatorState } from "./emulator-state.ts";
import { GitHubApiError } from "./github-api-error.ts";

const headerSchema = z.object({ alg: z.literal("RS256") });
const claimsSchema = z.object({
  iat: z.number().int(),
  exp: z.number(),
  iss: z.union([z.number(), z.string()]),
});

/** GitHub refuses app JWTs that live longer than ten minutes. */
const MAX_LIFETIME_SECONDS = 600;
/** Clock drift GitHub tolerates on `iat` (Octokit back-dates it by 30 s for the same reason). */
const CLOCK_SKEW_SECONDS = 60;

function undecodable(): GitHubApiError {
  return new GitHubApiError(401, "A JSON web token could not be decoded");
}

export function looksLikeJwt(token: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(token);
}

/**
 * Verifies an app's JSON web token (RS256 against the app's public key, `iat`/`exp` within GitHub's
 * limits) and returns the app. Errors carry GitHub's own messages, which Octokit's app auth reads to
 * detect clock skew.
 */
export function verifyAppJwt(state: EmulatorState, token: string, nowSeconds: number): AppRecord {
  const [encodedHeader = "", encodedClaims = "", encodedSignature = ""] = token.split(".");
  const decode = (part: string): unknown => {
    try {
      return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    } catch {
      throw undecodable();
    }
  };
  if (!headerSchema.safeParse(decode(encodedHeader)).success) throw undecodable();
  const claims = claimsSchema.safeParse(decode(encodedClaims));
  if (!claims.success) {
    throw new GitHubApiError(
      401,
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    );
  }
  const app = state.apps.find((candidate) => String(candidate.id) === String(claims.data.iss));
  if (!app) throw new GitHubApiError(401, "Integration not found");
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${encodedHeader}.${encodedClaims}`),
    createPublicKey(app.publicKeyPem),
    Buffer.from(encodedSignature, "base64url"),
  );
  if (!signed) throw undecodable();
  if (claims.data.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw new GitHubApiError(
      401,
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    );
  }
  if (claims.data.exp <= nowSeconds) {
    throw new GitHubApiError(
      401,
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (claims.data.exp - claims.data.iat > MAX_LIFETIME_SECONDS) {
    throw new GitHubApiError(401, "'Expiration time' claim ('exp') is too far in the future");
  }
  return app;
}
