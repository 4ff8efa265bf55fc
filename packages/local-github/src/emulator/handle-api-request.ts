import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { authenticateRequest } from "./authenticate-request.ts";
import type { RouteTable } from "./build-route-table.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";
import type { FaultPlan } from "./fault-plan.ts";
import type { FaultWindow } from "./fault-window.ts";
import { GENERIC_DOCUMENTATION_URL, GitHubApiError, type ValidationErrorEntry } from "./github-api-error.ts";
import type { SpecOperation } from "./load-openapi-document.ts";
import { nextRequestFault } from "./next-request-fault.ts";
import { findOperationHandler, type OperationHandlers, type RawBody } from "./operation-types.ts";
import type { RequestAccounting } from "./request-accounting.ts";
import type { RequestProblem } from "./spec-validator.ts";

export interface ApiRequestContext {
  runtime: EmulatorRuntime;
  routes: RouteTable;
  handlers: OperationHandlers;
  accounting: RequestAccounting;
  faults: FaultPlan | null;
  /** faults a test turned on for some operations (`Emulator.injectFaults`); consulted first */
  window: FaultWindow | null;
  strictResponses: boolean;
  rateLimits: Map<string, { resetAt: number; used: number }>;
}

/**
 * Faults apply to HTTP requests only: the emulator's own work (CI, the runner's bookkeeping, push
 * processing) changes its state directly and never fails on purpose; a job's calls back over HTTP do.
 * Token minting is exempt from injected faults: Probot and Octokit cache installation tokens, so a fault
 * there would test their token cache rather than Foreman's handling of a flaky API, and it would make the
 * fault sequence depend on token expiry timing instead of on Foreman's own calls.
 */
const FAULT_EXEMPT_OPERATIONS = new Set<string>(["apps/create-installation-access-token"]);

/** GitHub's primary limits: 5000 requests an hour per token, 60 for requests without valid credentials. */
const RATE_LIMIT = 5000;
const ANONYMOUS_RATE_LIMIT = 60;
const RATE_LIMIT_WINDOW_MS = 60 * 60 * 1000;

/** The resource name GitHub puts in a 422 `errors` entry, from the operation's id. */
function resourceName(operationId: string): string {
  const [group = "", verb = ""] = operationId.split("/");
  if (verb.includes("comment")) return group === "pulls" ? "PullRequestReviewComment" : "IssueComment";
  if (verb.includes("label")) return "Label";
  if (verb.includes("review")) return "PullRequestReview";
  if (verb.includes("status")) return "Status";
  if (verb.includes("reaction") || group === "reactions") return "Reaction";
  const byGroup: Record<string, string> = {
    issues: "Issue",
    pulls: "PullRequest",
    git: "Reference",
    checks: verb.includes("suite") ? "CheckSuite" : "CheckRun",
    actions: "Workflow",
    repos: "Repository",
    apps: "Installation",
  };
  return byGroup[group] ?? "Resource";
}

/** GitHub's `errors` entry: a missing field is named without a message, anything else explains itself. */
function errorEntry(resource: string, problem: RequestProblem): ValidationErrorEntry {
  return problem.code === "missing_field"
    ? { resource, code: problem.code, field: problem.field }
    : { resource, code: problem.code, field: problem.field, message: problem.message };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A surrogate half without its partner; with the `u` flag a proper pair is one code point and never matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value !== null && typeof value === "object")
    return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(item));
  return false;
}

/**
 * GitHub's JSON parser (Ruby's) refuses bytes that are not UTF-8 and an escaped lone surrogate such as
 * "\ud800" ("incomplete surrogate pair"), so both answer 400 "Problems parsing JSON" here; that GitHub's
 * API answers exactly so is inferred from its parser, not observed. NUL characters ("\u0000") are valid
 * JSON and GitHub keeps them in titles and bodies, so they pass through unchanged.
 */
function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new GitHubApiError(400, "Problems parsing JSON");
  }
  if (hasLoneSurrogate(value)) throw new GitHubApiError(400, "Problems parsing JSON");
  return value;
}

/** Counts a request against its credential's hourly window; the limit is reported, not enforced. */
function rateLimitHeaders(
  context: ApiRequestContext,
  login: string | null,
  now: number,
): Record<string, string> {
  const key = login ?? "anonymous";
  const limit = login === null ? ANONYMOUS_RATE_LIMIT : RATE_LIMIT;
  let window = context.rateLimits.get(key);
  if (!window || window.resetAt <= now) {
    window = { resetAt: now + RATE_LIMIT_WINDOW_MS, used: 0 };
    context.rateLimits.set(key, window);
  }
  window.used += 1;
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(limit - window.used, 0)),
    "x-ratelimit-reset": String(Math.floor(window.resetAt / 1000)),
    "x-ratelimit-used": String(window.used),
    "x-ratelimit-resource": "core",
  };
}

/** What happens to the answer of a request that takes effect: sent, replaced by a 5xx, or never sent. */
type AnswerFault = { kind: "none" } | { kind: "server-error"; status: 500 | 502 } | { kind: "dropped" };

/**
 * Applies the fault plan to one request: waits its latency, then maybe answers for the handler (a fault
 * before the request takes effect), or returns what will happen to the answer once it did take effect.
 */
async function injectFault(
  context: ApiRequestContext,
  operationId: string,
  requestId: string,
): Promise<AnswerFault> {
  if (FAULT_EXEMPT_OPERATIONS.has(operationId)) return { kind: "none" };
  const fault = nextRequestFault(context, operationId);
  if (fault === null) return { kind: "none" };
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.kind === "server-error") {
    context.accounting.recordFault(String(fault.status));
    throw new GitHubApiError(fault.status, fault.status === 502 ? "Server Error" : "Service Unavailable");
  }
  if (fault.kind === "rate-limit") {
    context.accounting.recordFault(`secondary-rate-limit-${fault.status}`);
    throw new GitHubApiError(
      fault.status,
      `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      {
        headers: { "retry-after": String(fault.retryAfterSeconds) },
        documentationUrl:
          "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
    );
  }
  if (fault.kind === "applied-server-error") {
    context.accounting.recordFault(`applied-${fault.status}`);
    return { kind: "server-error", status: fault.status };
  }
  if (fault.kind === "applied-timeout") {
    context.accounting.recordFault("applied-timeout");
    return { kind: "dropped" };
  }
  return { kind: "none" };
}

/** One REST request: route, authenticate, inject faults, validate, run the handler, validate the answer. */
export async function handleApiRequest(
  context: ApiRequestContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { runtime } = context;
  const method = (request.method ?? "GET").toUpperCase();
  const url = new URL(request.url ?? "/", runtime.apiUrl);
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const match = context.routes.match(method, url.pathname);
  const operation: SpecOperation | null = match?.operation ?? null;
  context.accounting.record(method, operation?.operationId ?? null);
  const headers: Record<string, string> = {
    "x-github-request-id": requestId,
    "x-github-api-version-selected": "2022-11-28",
    "x-github-media-type": "github.v3; format=json",
  };
  let caller: string | null = null;
  let status: number;
  let body: unknown;
  let rawAnswer: RawBody | undefined;
  let answerFault: AnswerFault = { kind: "none" };
  try {
    const requestBytes = await readBody(request);
    if (!operation || !match)
      throw new GitHubApiError(404, "Not Found", { documentationUrl: GENERIC_DOCUMENTATION_URL });
    const operationId = operation.operationId;
    const actor = authenticateRequest(runtime.state, request.headers.authorization, operationId, new Date());
    caller = actor.login;
    answerFault = await injectFault(context, operationId, requestId);
    const handler = findOperationHandler(context.handlers, operationId);
    if (!handler) {
      context.accounting.recordUnimplemented(operationId);
      throw new GitHubApiError(404, "Not Found");
    }
    const parameters = runtime.validator.parameters(operation, match.pathValues, url.searchParams);
    const pathProblem = parameters.problems.find((problem) => match.pathValues[problem.field] !== undefined);
    // GitHub answers a path that names nothing (an issue number that is not a number) with 404.
    if (pathProblem) throw new GitHubApiError(404, "Not Found");
    const resource = resourceName(operationId);
    if (parameters.problems.length > 0) {
      throw new GitHubApiError(422, "Validation Failed", {
        errors: parameters.problems.map((problem) => errorEntry(resource, problem)),
      });
    }
    // An absent required body is validated (and handled) as `{}`, so the 422 names the missing fields.
    const json = parseJsonBody(requestBytes) ?? (operation.requestBody?.required ? {} : undefined);
    const bodyProblems = runtime.validator.body(operation, json);
    if (bodyProblems.length > 0) {
      throw new GitHubApiError(422, "Validation Failed", {
        errors: bodyProblems.map((problem) => errorEntry(resource, problem)),
      });
    }
    const run = () =>
      runtime.actorContext.run(actor.login, () =>
        handler({
          runtime,
          actor,
          path: parameters.path,
          query: parameters.query,
          body: json,
          url,
          accept: request.headers.accept ?? "",
        }),
      );
    const owner = match.pathValues.owner;
    const repo = match.pathValues.repo;
    const isWrite = method !== "GET" && method !== "HEAD";
    const result = isWrite && owner && repo ? await runtime.withLock(`${owner}/${repo}`, run) : await run();
    if (isWrite) runtime.changed();
    status = result.status;
    body = result.body;
    rawAnswer = result.raw;
    Object.assign(headers, result.headers ?? {});
    // The request took effect (state changed, events raised); only its answer is lost.
    if (answerFault.kind === "server-error") {
      throw new GitHubApiError(answerFault.status, "Server Error");
    }
  } catch (error) {
    if (error instanceof GitHubApiError) {
      status = error.status;
      body = error.body(operation?.documentationUrl ?? GENERIC_DOCUMENTATION_URL);
      Object.assign(headers, error.headers);
    } else {
      status = 500;
      body = { message: "Server Error", documentation_url: GENERIC_DOCUMENTATION_URL, status: "500" };
      runtime.recordViolations([
        `${operation?.operationId ?? url.pathname}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ]);
    }
  }
  // Logged before a dropped answer too: the request took effect whether or not its answer arrives.
  context.accounting.recordAnswer({
    at: Date.now(),
    method,
    path: url.pathname,
    operationId: operation?.operationId ?? null,
    status,
    caller,
  });
  if (answerFault.kind === "dropped") {
    // As when a proxy gives up on a slow write: the client sees the connection close, never an answer.
    request.socket.destroy();
    return;
  }
  Object.assign(headers, rateLimitHeaders(context, caller, Date.now()));
  if (context.strictResponses && operation) {
    runtime.recordViolations(runtime.validator.response(operation, status, body));
  }
  if (rawAnswer) {
    response.writeHead(status, { ...headers, "content-type": rawAnswer.contentType });
    response.end(method === "HEAD" ? undefined : rawAnswer.data);
    return;
  }
  const text = body === undefined ? "" : JSON.stringify(body);
  if (text !== "") headers["content-type"] = "application/json; charset=utf-8";
  response.writeHead(status, headers);
  response.end(method === "HEAD" ? undefined : text);
}
