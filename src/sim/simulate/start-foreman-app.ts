import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Emulator } from "@foreman/local-github";
import { createNodeMiddleware, Probot } from "probot";
import { parse } from "yaml";
import { z } from "zod";
import { createForemanApp } from "../../app/create-foreman-app.ts";
import { FORMAT_REFERENCE_URL } from "../../app/format-reference-url.ts";
import { guardWebhookRequests } from "../../app/guard-webhook-requests.ts";
import { loadTemplates } from "../../app/load-templates.ts";
import { createForemanOctokit, type ForemanOctokitSettings } from "../../github/create-foreman-octokit.ts";
import type { ModelConnection } from "../../planner/model-connection.ts";

export type RunningForemanApp = {
  /** where the emulator delivers webhooks */
  webhookUrl: string;
  appId: number;
  slug: string;
  installationId: number;
  /** the registration's credentials, so a replica can run behind the same app */
  privateKey: string;
  webhookSecret: string;
  /** a fresh app process behind the same registration and address: everything in memory is gone */
  restart(): Promise<void>;
  /**
   * resolves once the local GitHub is idle and no event is being handled: a handler waiting before a
   * retry makes no request, and a handler outlasting GitHub's 10 s delivery timeout is still working
   */
  settle(timeoutMs?: number): Promise<void>;
  /**
   * what the hosted app's periodic re-drive does (every 15 minutes by default): a reconcile of every
   * open plan, which recovers what lost deliveries left behind; the simulator's clock runs it on demand
   */
  resync(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Sees every API request the app makes, before it is sent and after its answer arrived; throwing
 * aborts the app right there (tests use it to crash the app at a chosen write).
 */
export type RequestInterceptor = (
  request: { method: string; url: string },
  phase: "before" | "after",
) => void;

const MANIFEST = new URL("../../../app.yml", import.meta.url);
const manifestSchema = z.object({ default_events: z.array(z.string()).min(1) });

const SETTLE_POLL_MS = 20;
const WEBHOOK_PATH = "/api/github/webhooks";

/**
 * The production client's settings at a local GitHub's pace: no spacing between writes, short pauses
 * before a retry. Everything else — which requests are retried, throttling — is what `npm start` runs.
 */
export const SIMULATION_OCTOKIT_SETTINGS: ForemanOctokitSettings = { writeSpacingMs: 0, retryBaseMs: 20 };

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => unknown;

/**
 * The real Foreman Probot app registered on the emulator and served over loopback HTTP: webhooks
 * arrive signed, the app authenticates with its private key (JWT, then installation tokens), and
 * every API call goes to the emulator, through the Octokit `npm start` uses (`createForemanOctokit`).
 */
export async function startForemanApp(
  emulator: Emulator,
  options: {
    intercept?: RequestInterceptor;
    /** the app's own log (Probot's pino levels); quiet by default, the summary is the output */
    logLevel?: "fatal" | "error" | "warn" | "info" | "debug";
    /** run the engine too (off: the plan stage only, what `--stop-after plan` and the plan tests see) */
    engine?: boolean;
    /** run as another replica of this app: same registration, own memory, its own webhook URL */
    replicaOf?: RunningForemanApp;
    /** the Messages API `/foreman draft` asks (a local fake in tests) */
    modelConnection?: ModelConnection;
  } = {},
): Promise<RunningForemanApp> {
  let middleware: Middleware | undefined;
  const server = createServer((request, response) => {
    const notFound = () => {
      response.writeHead(404);
      response.end();
    };
    if (!middleware) return notFound();
    void middleware(request, response, notFound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const webhookUrl = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
  const replicaOf = options.replicaOf;
  const secret = replicaOf?.webhookSecret ?? randomBytes(20).toString("hex");
  const registered = replicaOf
    ? replicaOf
    : await emulator.createApp({
        webhookUrl,
        webhookSecret: secret,
        slug: "foreman",
        // The app is registered with the events its manifest subscribes to, as on GitHub.
        events: manifestSchema.parse(parse(await readFile(MANIFEST, "utf8"))).default_events,
      });
  if (replicaOf) emulator.addWebhookUrl(replicaOf.appId, webhookUrl);

  const templates = await loadTemplates();
  const intercept = options.intercept;
  const Octokit = createForemanOctokit(SIMULATION_OCTOKIT_SETTINGS).plugin((octokit) => {
    if (!intercept) return;
    octokit.hook.wrap("request", async (request, requestOptions) => {
      const seen = { method: requestOptions.method, url: requestOptions.url };
      intercept(seen, "before");
      const response = await request(requestOptions);
      intercept(seen, "after");
      return response;
    });
  });
  let resync: () => Promise<void> = async () => {};
  let handling = 0;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    handling++;
    try {
      return await work();
    } finally {
      handling--;
    }
  };
  const load = async () => {
    const probot = new Probot({
      appId: registered.appId,
      privateKey: registered.privateKey,
      secret,
      baseUrl: emulator.url,
      logLevel: options.logLevel ?? "fatal",
      Octokit,
    });
    middleware = guardWebhookRequests(
      await createNodeMiddleware(
        createForemanApp({
          templates,
          formatReferenceUrl: FORMAT_REFERENCE_URL,
          track,
          // Each (re)start looks for plans a crash or a lost delivery left unfinished, as `npm start` does.
          redrive: {
            intervalMs: null,
            onReady: (redrive) => {
              resync = redrive;
            },
          },
          engine: options.engine ?? false,
          ...(options.modelConnection ? { modelConnection: options.modelConnection } : {}),
        }),
        {
          probot,
        },
      ),
      { secret, path: WEBHOOK_PATH, log: (message) => probot.log.warn(message) },
    );
  };
  await load();
  return {
    webhookUrl,
    appId: registered.appId,
    slug: registered.slug,
    installationId: registered.installationId,
    privateKey: registered.privateKey,
    webhookSecret: secret,
    restart: load,
    resync: () => resync(),
    async settle(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await emulator.waitForIdle(Math.max(deadline - Date.now(), 1));
        if (handling === 0) return;
        if (Date.now() > deadline)
          throw new Error(`settle: ${handling} events still being handled after ${timeoutMs} ms`);
        await sleep(SETTLE_POLL_MS);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (replicaOf) emulator.removeWebhookUrl(replicaOf.appId, webhookUrl);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
