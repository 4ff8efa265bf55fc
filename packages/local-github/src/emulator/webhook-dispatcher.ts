import { createHmac, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultPlan, WebhookFault } from "./fault-plan.ts";

/** Where one app's deliveries go and how they are signed: its webhook URL, then its replicas' URLs. */
export interface DeliveryTarget {
  appId: number;
  hookId: number;
  urls: string[];
  secret: string;
}

/**
 * `overlapping` (GitHub's behaviour): a delivery is sent without waiting for the previous one's answer.
 * `sequential`: one delivery on the wire at a time, each after the previous one was answered.
 */
export type DeliveryMode = "overlapping" | "sequential";

/**
 * How one delivery reaches an app with several webhook URLs (replicas): `all` sends it to every URL (the
 * same delivery id, as when each replica gets the event), `spread` to one URL in turn, as a load balancer
 * would; a duplicate then goes to the next URL.
 */
export type ReplicaDelivery = "all" | "spread";

/** GitHub does not deliver a payload over 25 MB; it drops the delivery. */
export const MAX_WEBHOOK_PAYLOAD_BYTES = 25 * 1024 * 1024;

export interface DeliveryLogEntry {
  id: string;
  event: string;
  action?: string;
  /** HTTP status the receiver answered; null while on the wire, when dropped, or when the connection failed */
  status: number | null;
  /** the webhook URL it was sent to; null when it was not sent at all */
  url: string | null;
  duplicate: boolean;
  redelivery: boolean;
  payload: unknown;
  appId: number;
  /** epoch ms when it was sent (or dropped) */
  sentAt: number;
  error?: string;
}

interface QueuedDelivery {
  target: DeliveryTarget;
  id: string;
  event: string;
  action: string | undefined;
  body: string;
  payload: unknown;
  fault: WebhookFault;
}

/**
 * How long a delivery picked for reordering waits for a later one to overtake it. Generous, so that the
 * same seed gives the same order even on a slow machine; it only costs time when nothing else follows.
 */
const REORDER_WINDOW_MS = 500;
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Sends webhook deliveries over real HTTP in the order they were raised, each without waiting for the
 * previous answer (or one at a time in `sequential` mode), unless the fault plan drops, duplicates,
 * delays or reorders them. Payloads over 25 MB are dropped, as GitHub drops them. Like GitHub, it never
 * retries on its own: failures are logged, and `redeliver` sends a logged delivery again.
 */
export class WebhookDispatcher {
  readonly #faults: FaultPlan | null;
  readonly #queue: QueuedDelivery[] = [];
  readonly #log: DeliveryLogEntry[] = [];
  readonly #sent = new Map<string, QueuedDelivery>();
  readonly #counters = { delivered: 0, duplicated: 0, dropped: 0, failed: 0, oversized: 0 };
  readonly #mode: DeliveryMode;
  readonly #replicaDelivery: ReplicaDelivery;
  readonly #maxPayloadBytes: number;
  /** per app, the index of the URL the next `spread` delivery goes to */
  readonly #nextUrl = new Map<number, number>();
  #draining = false;
  /** Wakes a delivery that waits to be overtaken as soon as another one is queued. */
  #onArrival: (() => void) | undefined;
  #busy = 0;
  #closed = false;

  constructor(options: {
    faults: FaultPlan | null;
    mode?: DeliveryMode;
    replicaDelivery?: ReplicaDelivery;
    /** GitHub's 25 MB unless a test needs a smaller cap */
    maxPayloadBytes?: number;
  }) {
    this.#faults = options.faults;
    this.#mode = options.mode ?? "overlapping";
    this.#replicaDelivery = options.replicaDelivery ?? "all";
    this.#maxPayloadBytes = options.maxPayloadBytes ?? MAX_WEBHOOK_PAYLOAD_BYTES;
  }

  enqueue(target: DeliveryTarget, event: string, payload: Record<string, unknown>): void {
    if (this.#closed) return;
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const body = JSON.stringify(payload);
    const id = randomUUID();
    const bytes = Buffer.byteLength(body);
    if (bytes > this.#maxPayloadBytes) {
      // Decided before the fault plan draws, so an oversized payload does not shift later faults.
      this.#counters.oversized += 1;
      this.#record({ target, id, event, action, payload }, null, {
        status: null,
        duplicate: false,
        redelivery: false,
        error: `payload of ${bytes} bytes is over GitHub's ${this.#maxPayloadBytes}-byte limit; not delivered`,
      });
      return;
    }
    const fault = this.#faults?.nextWebhookFault() ?? {
      drop: false,
      duplicate: false,
      reorder: false,
      delayMs: 0,
    };
    this.#queue.push({
      target,
      id,
      event,
      action,
      body,
      payload,
      fault,
    });
    this.#onArrival?.();
    void this.#drain();
  }

  /** Deliveries queued, waiting out a fault delay, or on the wire. */
  pending(): number {
    return this.#queue.length + this.#busy;
  }

  deliveries(): DeliveryLogEntry[] {
    return this.#log.map((entry) => ({ ...entry }));
  }

  stats(): { delivered: number; duplicated: number; dropped: number; failed: number; oversized: number } {
    return { ...this.#counters };
  }

  /** Sends a logged delivery again with the same delivery id, as GitHub's "Redeliver" button does. */
  async redeliver(deliveryId: string): Promise<void> {
    const original = this.#sent.get(deliveryId);
    if (!original)
      throw new Error(`redeliver: no delivery with id ${deliveryId}; see deliveries() for the ids`);
    this.#busy += 1;
    try {
      await this.#sendToTargets(original, { duplicate: false, redelivery: true });
    } finally {
      this.#busy -= 1;
    }
  }

  /** Stops sending; what is still queued is discarded, a delivery on the wire finishes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    while (this.#busy > 0) await sleep(5);
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    this.#busy += 1;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        let next = this.#queue.shift();
        if (!next) break;
        if (next.fault.reorder) {
          if (this.#queue.length === 0) await this.#nextArrival();
          const overtaking = this.#queue.shift();
          if (overtaking) {
            // The later delivery goes first (it is not held back itself); the reordered one follows it.
            this.#queue.unshift({ ...next, fault: { ...next.fault, reorder: false } });
            next = overtaking;
          }
        }
        const processing = this.#process(next);
        if (this.#mode === "sequential") {
          await processing;
        } else {
          this.#busy += 1;
          void processing.finally(() => {
            this.#busy -= 1;
          });
        }
      }
    } finally {
      this.#busy -= 1;
      this.#draining = false;
    }
  }

  async #nextArrival(): Promise<void> {
    const arrived = new Promise<void>((resolve) => {
      this.#onArrival = resolve;
    });
    const timer = new AbortController();
    const windowClosed = sleep(REORDER_WINDOW_MS, undefined, { signal: timer.signal }).catch(() => undefined);
    await Promise.race([arrived, windowClosed]);
    timer.abort();
    this.#onArrival = undefined;
  }

  async #process(delivery: QueuedDelivery): Promise<void> {
    this.#sent.set(delivery.id, delivery);
    if (delivery.fault.drop) {
      this.#counters.dropped += 1;
      this.#record(delivery, null, {
        status: null,
        duplicate: false,
        redelivery: false,
        error: "dropped by fault plan",
      });
      return;
    }
    if (delivery.fault.delayMs > 0) await sleep(delivery.fault.delayMs);
    await this.#sendToTargets(delivery, { duplicate: false, redelivery: false });
    if (delivery.fault.duplicate) {
      this.#counters.duplicated += 1;
      await this.#sendToTargets(delivery, { duplicate: true, redelivery: false });
    }
  }

  /** Every URL of the app (`all`), or the next one in turn (`spread`), at the same time. */
  async #sendToTargets(
    delivery: QueuedDelivery,
    flags: { duplicate: boolean; redelivery: boolean },
  ): Promise<void> {
    const { urls, appId } = delivery.target;
    if (urls.length === 0) return;
    if (this.#replicaDelivery === "all") {
      await Promise.all(urls.map((url) => this.#send(delivery, url, flags)));
      return;
    }
    const index = this.#nextUrl.get(appId) ?? 0;
    this.#nextUrl.set(appId, index + 1);
    await this.#send(delivery, urls[index % urls.length] ?? urls[0] ?? "", flags);
  }

  async #send(
    delivery: QueuedDelivery,
    url: string,
    flags: { duplicate: boolean; redelivery: boolean },
  ): Promise<void> {
    const signature = createHmac("sha256", delivery.target.secret).update(delivery.body).digest("hex");
    const legacySignature = createHmac("sha1", delivery.target.secret).update(delivery.body).digest("hex");
    // Logged when sent, so the log keeps the sending order even when answers come back in another.
    const entry = this.#record(delivery, url, { status: null, ...flags });
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/emulator",
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.id,
          "x-github-hook-id": String(delivery.target.hookId),
          "x-github-hook-installation-target-id": String(delivery.target.appId),
          "x-github-hook-installation-target-type": "integration",
          "x-hub-signature": `sha1=${legacySignature}`,
          "x-hub-signature-256": `sha256=${signature}`,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (response.ok) this.#counters.delivered += 1;
      else this.#counters.failed += 1;
      entry.status = response.status;
    } catch (error) {
      this.#counters.failed += 1;
      entry.error = error instanceof Error ? error.message : String(error);
    }
  }

  #record(
    delivery: Pick<QueuedDelivery, "target" | "id" | "event" | "action" | "payload">,
    url: string | null,
    outcome: { status: number | null; duplicate: boolean; redelivery: boolean; error?: string },
  ): DeliveryLogEntry {
    const entry: DeliveryLogEntry = {
      id: delivery.id,
      event: delivery.event,
      ...(delivery.action === undefined ? {} : { action: delivery.action }),
      status: outcome.status,
      url,
      duplicate: outcome.duplicate,
      redelivery: outcome.redelivery,
      payload: delivery.payload,
      appId: delivery.target.appId,
      sentAt: Date.now(),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
    this.#log.push(entry);
    return entry;
  }
}
