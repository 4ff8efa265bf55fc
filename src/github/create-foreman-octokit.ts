import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import { retryTransientRequests } from "./retry-transient-requests.ts";

export type ForemanOctokitSettings = {
  /**
   * least time between two writes of one installation. GitHub asks integrations for at least one
   * second (secondary rate limits); `FOREMAN_WRITE_SPACING_MS` changes it for `npm start`, and the
   * simulator, talking to a local GitHub, sets 0
   */
  writeSpacingMs: number;
  /** the pace of retries: at 1000 a request waits what GitHub asks for; smaller values scale every wait */
  retryBaseMs: number;
};

/** GitHub's advice between writes of one installation (secondary rate limits). */
export const PRODUCTION_SETTINGS: ForemanOctokitSettings = { writeSpacingMs: 1000, retryBaseMs: 1000 };

/**
 * The one Octokit class Foreman talks to GitHub with, for `npm start` (Probot's `Octokit` option) and for
 * `foreman simulate` alike: Probot's plugins with their own retries off, so that Foreman's retry policy
 * (`retryTransientRequests`, shared with the Action) decides alone, and writes of one installation
 * spaced by `writeSpacingMs`.
 */
export function createForemanOctokit(settings: ForemanOctokitSettings): typeof ProbotOctokit {
  // One limiter per installation: writes to one installation are spaced, installations run side by side.
  // Writes that notify people (new issues, comments) get the same spacing, well within GitHub's
  // 80 content-creating requests a minute, instead of the plugin's three seconds.
  const spaced = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: settings.writeSpacingMs });
  const write = spaced();
  const notifications = spaced();
  // The throttling plugin only spaces; a rate limit goes on to the retry policy, which waits it out.
  const passOn = () => false;
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: {
      ...(options.throttle as object | undefined),
      enabled: true,
      id: `installation-${installationOf(options.auth) ?? "app"}`,
      write,
      notifications,
      onRateLimit: passOn,
      onSecondaryRateLimit: passOn,
    },
  })).plugin(retryTransientRequests(settings.retryBaseMs));
}

function installationOf(auth: unknown): number | undefined {
  return typeof auth === "object" &&
    auth !== null &&
    "installationId" in auth &&
    typeof auth.installationId === "number"
    ? auth.installationId
    : undefined;
}
