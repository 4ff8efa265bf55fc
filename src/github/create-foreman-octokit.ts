import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

export type ForemanOctokitSettings = {
  /**
   * least time between two writes of one installation. GitHub asks integrations for at least one
   * second (secondary rate limits); `FOREMAN_WRITE_SPACING_MS` changes it for `npm start`, and the
   * simulator, talking to a local GitHub, sets 0
   */
  writeSpacingMs: number;
  /** the first pause before a request is sent again; later ones grow with the square of the attempt */
  retryBaseMs: number;
};

/** GitHub's advice between writes of one installation (secondary rate limits). */
export const PRODUCTION_SETTINGS: ForemanOctokitSettings = { writeSpacingMs: 1000, retryBaseMs: 1000 };

/** Requests sent again after a server error, or after a rate limit's `retry-after`. */
const RETRIES = 4;
/** Methods whose repetition cannot do a thing twice: reads, and writes that set a state. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE"]);

type RequestOptions = { method: string; request?: Record<string, unknown> };

/**
 * The one Octokit class Foreman talks to GitHub with, for `npm start` (Probot's `Octokit` option) and for
 * `foreman simulate` alike: Probot's plugins, with the retry policy (DESIGN.md "Idempotent by construction")
 * set here and nowhere else:
 * - a server error is retried for reads and idempotent writes only. A `POST` is never sent again: had it
 *   taken effect before the answer was lost, a second one would create a second issue. The reconcile,
 *   which reads the ground truth again after a refused write, is what repeats those.
 * - a rate limit (403/429 with `retry-after`) is waited out and the request sent again, whatever its
 *   method: GitHub refused it before doing anything.
 * - writes of one installation are spaced by `writeSpacingMs`.
 */
export function createForemanOctokit(settings: ForemanOctokitSettings): typeof ProbotOctokit {
  const waitOut = (_retryAfter: number, options: { request?: { retryCount?: number } }) =>
    (options.request?.retryCount ?? 0) < RETRIES;
  // One limiter per installation: writes to one installation are spaced, installations run side by side.
  // Writes that notify people (new issues, comments) get the same spacing, well within GitHub's
  // 80 content-creating requests a minute, instead of the plugin's three seconds.
  const spaced = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: settings.writeSpacingMs });
  const write = spaced();
  const notifications = spaced();
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { retries: RETRIES, retryAfterBaseValue: settings.retryBaseMs },
    throttle: {
      ...(options.throttle as object | undefined),
      enabled: true,
      id: `installation-${installationOf(options.auth) ?? "app"}`,
      // `retry-after` is in seconds; a local GitHub's are waited out at the retry pace instead.
      retryAfterBaseValue: Math.min(settings.retryBaseMs, 1000),
      write,
      notifications,
      onRateLimit: waitOut,
      onSecondaryRateLimit: waitOut,
    },
  })).plugin((octokit) => {
    // Registered after the retry plugin, so it runs first and the retry plugin reads the count it sets.
    octokit.hook.wrap("request", (request, options: RequestOptions) => {
      if (!IDEMPOTENT_METHODS.has(options.method.toUpperCase())) {
        options.request = { ...options.request, retries: 0 };
      }
      return request(options as Parameters<typeof request>[0]);
    });
  });
}

function installationOf(auth: unknown): number | undefined {
  return typeof auth === "object" &&
    auth !== null &&
    "installationId" in auth &&
    typeof auth.installationId === "number"
    ? auth.installationId
    : undefined;
}
