import { run } from "probot";
import { createForemanApp } from "./app/create-foreman-app.ts";
import { FORMAT_REFERENCE_URL } from "./app/format-reference-url.ts";
import { loadTemplates } from "./app/load-templates.ts";
import { createForemanOctokit } from "./github/create-foreman-octokit.ts";
import { readOctokitSettings } from "./github/read-octokit-settings.ts";

// `npm start`: the hosted GitHub App. Probot reads APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH),
// WEBHOOK_SECRET, PORT and the rest of its settings from the environment; the Octokit is the one
// `foreman simulate` runs too, at GitHub's pace.
const templates = await loadTemplates();
await run(
  createForemanApp({
    templates,
    formatReferenceUrl: process.env.FOREMAN_FORMAT_REFERENCE_URL ?? FORMAT_REFERENCE_URL,
  }),
  { Octokit: createForemanOctokit(readOctokitSettings(process.env)) },
);
