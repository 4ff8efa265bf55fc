import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub never sends a webhook payload over 25 MB; anything larger is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export type NodeMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: () => void,
) => unknown;

/**
 * Stands in front of Probot's webhook middleware, for `npm start` and the simulator alike: a request to
 * the webhook path is read up to GitHub's 25 MB (a larger one is answered 413 and dropped unread) and
 * its signature checked here, so an unsigned or forged body is answered 401 with one short log line —
 * never buffered beyond the limit, never handed on, never logged with its payload (Probot's error log
 * would print it whole).
 */
export function guardWebhookRequests(
  middleware: NodeMiddleware,
  options: { secret: string; path: string; log: (message: string) => void },
): NodeMiddleware {
  return async (request, response, next) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method !== "POST" || path !== options.path) return middleware(request, response, next);
    const delivery = String(request.headers["x-github-delivery"] ?? "unknown");
    const refuse = (status: number, message: string) => {
      options.log(`webhook ${delivery} refused (${status}): ${message}`);
      response.writeHead(status, { "content-type": "application/json", connection: "close" });
      response.end(JSON.stringify({ error: message }), () => request.destroy());
    };
    const declared = Number(request.headers["content-length"] ?? Number.NaN);
    if (declared > MAX_WEBHOOK_BYTES) return refuse(413, "payload larger than GitHub's 25 MB");
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > MAX_WEBHOOK_BYTES) return refuse(413, "payload larger than GitHub's 25 MB");
        chunks.push(chunk as Buffer);
      }
    } catch {
      return refuse(400, "the request body could not be read");
    }
    const body = Buffer.concat(chunks);
    const signature = String(request.headers["x-hub-signature-256"] ?? "");
    const expected = `sha256=${createHmac("sha256", options.secret).update(body).digest("hex")}`;
    const matches =
      signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    if (!matches) return refuse(401, "signature does not match the payload and the webhook secret");
    // Probot's middleware reads a body already read from here instead of the (consumed) stream.
    Object.assign(request, { body: body.toString("utf8") });
    return middleware(request, response, next);
  };
}
