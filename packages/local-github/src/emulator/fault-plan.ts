/**
 * Seeded, reproducible fault injection. A spec string such as
 * `api=5xx:0.05,applied5xx:0.05,appliedtimeout:0.01,ratelimit:0.02,latency:20;webhooks=dup:0.3,drop:0.1,reorder:0.2,delay:50`
 * names probabilities (0–1) and maximum delays (milliseconds). `5xx` fails a request before it takes
 * effect; `applied5xx` and `appliedtimeout` let it take effect and then lose the answer (a 5xx, or the
 * connection dropped without an answer), as when GitHub's front end gives up on a write that still commits.
 *
 * Reproducibility: API decisions and webhook decisions come from two separate PRNG streams derived from
 * the seed, and every decision consumes the same number of draws whatever its outcome, so the n-th request
 * (or delivery) gets the same fault for the same seed no matter how the other stream was used.
 */

export interface FaultSpec {
  api: {
    serverError: number;
    appliedServerError: number;
    appliedTimeout: number;
    rateLimit: number;
    latencyMs: number;
  };
  webhooks: { duplicate: number; drop: number; reorder: number; delayMs: number };
}

export type ApiFault =
  | { kind: "none"; latencyMs: number }
  | { kind: "server-error"; latencyMs: number; status: 502 | 503 }
  /** the request takes effect, then its answer is a 5xx */
  | { kind: "applied-server-error"; latencyMs: number; status: 500 | 502 }
  /** the request takes effect, then the connection closes without an answer */
  | { kind: "applied-timeout"; latencyMs: number }
  | { kind: "rate-limit"; latencyMs: number; status: 403 | 429; retryAfterSeconds: number };

export interface WebhookFault {
  drop: boolean;
  duplicate: boolean;
  reorder: boolean;
  delayMs: number;
}

const NO_FAULTS: FaultSpec = {
  api: { serverError: 0, appliedServerError: 0, appliedTimeout: 0, rateLimit: 0, latencyMs: 0 },
  webhooks: { duplicate: 0, drop: 0, reorder: 0, delayMs: 0 },
};

/** GitHub asks for a minute; the emulator asks for one second so simulations stay fast but still wait. */
const RETRY_AFTER_SECONDS = 1;

const API_KEYS = {
  "5xx": "serverError",
  applied5xx: "appliedServerError",
  appliedtimeout: "appliedTimeout",
  ratelimit: "rateLimit",
  latency: "latencyMs",
} as const;
const WEBHOOK_KEYS = { dup: "duplicate", drop: "drop", reorder: "reorder", delay: "delayMs" } as const;

export class FaultSpecError extends Error {}

function isApiKey(key: string): key is keyof typeof API_KEYS {
  return Object.hasOwn(API_KEYS, key);
}

function isWebhookKey(key: string): key is keyof typeof WEBHOOK_KEYS {
  return Object.hasOwn(WEBHOOK_KEYS, key);
}

function parseNumber(part: string, key: string, text: string, isDelay: boolean): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new FaultSpecError(`fault spec: '${part}': '${text}' is not a number`);
  }
  if (isDelay && (value < 0 || !Number.isInteger(value))) {
    throw new FaultSpecError(`fault spec: '${part}': ${key} is a whole number of milliseconds (0 or more)`);
  }
  if (!isDelay && (value < 0 || value > 1)) {
    throw new FaultSpecError(`fault spec: '${part}': ${key} is a probability between 0 and 1`);
  }
  return value;
}

/** Parses a fault spec; every error names the part that is wrong and what would be right. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = { api: { ...NO_FAULTS.api }, webhooks: { ...NO_FAULTS.webhooks } };
  const seen = new Set<string>();
  for (const section of text.split(";").map((part) => part.trim())) {
    if (section === "") continue;
    const equals = section.indexOf("=");
    const target = equals < 0 ? section : section.slice(0, equals).trim();
    if (target !== "api" && target !== "webhooks") {
      throw new FaultSpecError(
        `fault spec: '${section}': unknown target '${target}'; use api=… or webhooks=… (sections separated by ';')`,
      );
    }
    if (equals < 0 || section.slice(equals + 1).trim() === "") {
      throw new FaultSpecError(`fault spec: '${section}': expected ${target}=name:value,…`);
    }
    if (seen.has(target)) throw new FaultSpecError(`fault spec: '${section}': ${target} is given twice`);
    seen.add(target);
    for (const item of section
      .slice(equals + 1)
      .split(",")
      .map((part) => part.trim())) {
      const colon = item.indexOf(":");
      const key = colon < 0 ? item : item.slice(0, colon).trim();
      const valueText = colon < 0 ? "" : item.slice(colon + 1).trim();
      if (target === "api") {
        if (!isApiKey(key)) {
          throw new FaultSpecError(
            `fault spec: '${item}': unknown api fault '${key}'; use 5xx, applied5xx, appliedtimeout, ratelimit or latency`,
          );
        }
        const field = API_KEYS[key];
        if (colon < 0) throw new FaultSpecError(`fault spec: '${item}': expected ${key}:<value>`);
        spec.api[field] = parseNumber(item, key, valueText, field === "latencyMs");
      } else {
        if (!isWebhookKey(key)) {
          throw new FaultSpecError(
            `fault spec: '${item}': unknown webhooks fault '${key}'; use dup, drop, reorder or delay`,
          );
        }
        const field = WEBHOOK_KEYS[key];
        if (colon < 0) throw new FaultSpecError(`fault spec: '${item}': expected ${key}:<value>`);
        spec.webhooks[field] = parseNumber(item, key, valueText, field === "delayMs");
      }
    }
  }
  const { serverError, appliedServerError, appliedTimeout, rateLimit } = spec.api;
  if (serverError + appliedServerError + appliedTimeout + rateLimit > 1) {
    throw new FaultSpecError(
      "fault spec: api 5xx, applied5xx, appliedtimeout and ratelimit probabilities add up to more than 1",
    );
  }
  return spec;
}

/** mulberry32: tiny, fast and good enough to make fault sequences reproducible from a 32-bit seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request and delivery by delivery, which faults happen. */
export class FaultPlan {
  readonly spec: FaultSpec;
  readonly seed: number;
  readonly #apiRandom: () => number;
  readonly #webhookRandom: () => number;

  constructor(spec: FaultSpec, seed: number) {
    this.spec = spec;
    this.seed = seed;
    this.#apiRandom = mulberry32(seed);
    this.#webhookRandom = mulberry32(seed ^ 0x9e3779b9);
  }

  static parse(text: string, seed: number): FaultPlan {
    return new FaultPlan(parseFaultSpec(text), seed);
  }

  nextApiFault(): ApiFault {
    const roll = this.#apiRandom();
    const variant = this.#apiRandom();
    const latencyMs = Math.floor(this.#apiRandom() * (this.spec.api.latencyMs + 1));
    // Each kind owns a slice of [0, 1); the older kinds keep their slices, so old seeds replay as before.
    const { serverError, rateLimit, appliedServerError, appliedTimeout } = this.spec.api;
    if (roll < serverError) {
      return { kind: "server-error", latencyMs, status: variant < 0.5 ? 502 : 503 };
    }
    if (roll < serverError + rateLimit) {
      // GitHub answers secondary rate limits with 403 mostly and 429 sometimes; clients must handle both.
      return {
        kind: "rate-limit",
        latencyMs,
        status: variant < 0.75 ? 403 : 429,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      };
    }
    if (roll < serverError + rateLimit + appliedServerError) {
      return { kind: "applied-server-error", latencyMs, status: variant < 0.5 ? 502 : 500 };
    }
    if (roll < serverError + rateLimit + appliedServerError + appliedTimeout) {
      return { kind: "applied-timeout", latencyMs };
    }
    return { kind: "none", latencyMs };
  }

  nextWebhookFault(): WebhookFault {
    const drop = this.#webhookRandom() < this.spec.webhooks.drop;
    const duplicate = this.#webhookRandom() < this.spec.webhooks.duplicate;
    const reorder = this.#webhookRandom() < this.spec.webhooks.reorder;
    const delayMs = Math.floor(this.#webhookRandom() * (this.spec.webhooks.delayMs + 1));
    return { drop, duplicate: !drop && duplicate, reorder: !drop && reorder, delayMs };
  }
}
