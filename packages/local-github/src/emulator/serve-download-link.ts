import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorRuntime } from "./emulator-runtime.ts";

/** Where the API's log redirects point: a path no REST route uses, like GitHub's separate log host. */
export const JOB_LOG_DOWNLOAD_PREFIX = "/_downloads/job-logs/";

/**
 * Serves a download link the API handed out (runtime.downloadLinks): no credentials, as a signed URL
 * needs none; an unknown or expired signature gets 403 as from GitHub's blob storage.
 */
export function serveDownloadLink(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): boolean {
  if (!url.pathname.startsWith(JOB_LOG_DOWNLOAD_PREFIX)) return false;
  const link = runtime.downloadLinks.get(url.searchParams.get("urlSignature") ?? "");
  if (!link || link.expiresAt <= Date.now() || (request.method !== "GET" && request.method !== "HEAD")) {
    response.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
    response.end("AuthenticationFailed: the link is unknown or expired\n");
    return true;
  }
  const data = Buffer.from(link.read(), "utf8");
  response.writeHead(200, { "content-type": link.contentType, "content-length": String(data.length) });
  response.end(request.method === "HEAD" ? undefined : data);
  return true;
}
