import { createServer } from "node:http";
import { createNodeMiddleware, createProbot, run } from "probot";
import { z } from "zod";
import { createForemanApp, DEFAULT_REDRIVE_MS } from "./app/create-foreman-app.ts";
import { FORMAT_REFERENCE_URL } from "./app/format-reference-url.ts";
import { guardWebhookRequests } from "./app/guard-webhook-requests.ts";
import { loadTemplates } from "./app/load-templates.ts";
import { createForemanOctokit } from "./github/create-foreman-octokit.ts";
import { readOctokitSettings } from "./github/read-octokit-settings.ts";
import { readModelConnection } from "./planner/read-model-connection.ts";

// `npm start`: the hosted GitHub App. Probot reads APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH),
// WEBHOOK_SECRET and its other settings from the environment; the Octokit is the one `foreman simulate`
// runs too, at GitHub's pace. Without APP_ID, Probot's setup mode registers the app from app.yml.
const environment = z
  .object({
    PORT: z.coerce.number().int().positive().default(3000),
    HOST: z.string().default("0.0.0.0"),
    WEBHOOK_SECRET: z.string().optional(),
    FOREMAN_REDRIVE_MINUTES: z.coerce.number().positive().optional(),
    FOREMAN_FORMAT_REFERENCE_URL: z.string().url().optional(),
  })
  .parse(process.env);
const Octokit = createForemanOctokit(readOctokitSettings(process.env));
const app = createForemanApp({
  templates: await loadTemplates(),
  formatReferenceUrl: environment.FOREMAN_FORMAT_REFERENCE_URL ?? FORMAT_REFERENCE_URL,
  modelConnection: readModelConnection(process.env),
  redrive: {
    intervalMs: environment.FOREMAN_REDRIVE_MINUTES
      ? environment.FOREMAN_REDRIVE_MINUTES * 60_000
      : DEFAULT_REDRIVE_MS,
  },
});

if (!process.env.APP_ID || !environment.WEBHOOK_SECRET) {
  await run(app, { Octokit });
} else {
  const probot = createProbot({ overrides: { Octokit } });
  const guarded = guardWebhookRequests(await createNodeMiddleware(app, { probot }), {
    secret: environment.WEBHOOK_SECRET,
    path: "/api/github/webhooks",
    log: (message) => probot.log.warn(message),
  });
  const server = createServer((request, response) => {
    void guarded(request, response, () => {
      response.writeHead(404).end();
    });
  });
  server.listen(environment.PORT, environment.HOST, () =>
    probot.log.info(
      `Foreman listening on http://${environment.HOST}:${environment.PORT}/api/github/webhooks`,
    ),
  );
}
