import { createHmac, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultPlan, WebhookFault } from "./fault-plan.ts";

/** Where one app's deliveries go and how they are signed. */
export interface DeliveryTarget {
  appId: number;
  hookId: number;
  url: string;
  secret: string;
}

export interface DeliveryLogEntry {
  id: string;
  event: string;
  action?: string;
  /** HTTP status the receiver answered; null when the delivery was dropped or the connection failed */
  status: number | null;
  duplicate: boolean;
  redelivery: boolean;
  payload: unknown;
  appId: number;
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
 * Sends webhook deliveries over real HTTP, one at a time in the order they were raised (as one GitHub hook
 * would), unless the fault plan drops, duplicates, delays or reorders them. Like GitHub, it never retries
 * on its own: failures are logged, and `redeliver` sends a logged delivery again.
 */
export class WebhookDispatcher {
  readonly #faults: FaultPlan | null;
  readonly #queue: QueuedDelivery[] = [];
  readonly #log: DeliveryLogEntry[] = [];
  readonly #sent = new Map<string, QueuedDelivery>();
  readonly #counters = { delivered: 0, duplicated: 0, dropped: 0, failed: 0 };
  #draining = false;
  /** Wakes a delivery that waits to be overtaken as soon as another one is queued. */
  #onArrival: (() => void) | undefined;
  #busy = 0;
  #closed = false;

  constructor(options: { faults: FaultPlan | null }) {
    this.#faults = options.faults;
  }

  enqueue(target: DeliveryTarget, event: string, payload: Record<string, unknown>): void {
    if (this.#closed) return;
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const fault = this.#faults?.nextWebhookFault() ?? {
      drop: false,
      duplicate: false,
      reorder: false,
      delayMs: 0,
    };
    this.#queue.push({
      target,
      id: randomUUID(),
      event,
      action,
      body: JSON.stringify(payload),
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

  stats(): { delivered: number; duplicated: number; dropped: number; failed: number } {
    return { ...this.#counters };
  }

  /** Sends a logged delivery again with the same delivery id, as GitHub's "Redeliver" button does. */
  async redeliver(deliveryId: string): Promise<void> {
    const original = this.#sent.get(deliveryId);
    if (!original)
      throw new Error(`redeliver: no delivery with id ${deliveryId}; see deliveries() for the ids`);
    this.#busy += 1;
    try {
      await this.#send(original, { duplicate: false, redelivery: true });
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
        await this.#process(next);
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
      this.#record(delivery, {
        status: null,
        duplicate: false,
        redelivery: false,
        error: "dropped by fault plan",
      });
      return;
    }
    if (delivery.fault.delayMs > 0) await sleep(delivery.fault.delayMs);
    await this.#send(delivery, { duplicate: false, redelivery: false });
    if (delivery.fault.duplicate) {
      this.#counters.duplicated += 1;
      await this.#send(delivery, { duplicate: true, redelivery: false });
    }
  }

  async #send(delivery: QueuedDelivery, flags: { duplicate: boolean; redelivery: boolean }): Promise<void> {
    const signature = createHmac("sha256", delivery.target.secret).update(delivery.body).digest("hex");
    const legacySignature = createHmac("sha1", delivery.target.secret).update(delivery.body).digest("hex");
    try {
      const response = await fetch(delivery.target.url, {
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
      this.#record(delivery, { status: response.status, ...flags });
    } catch (error) {
      this.#counters.failed += 1;
      this.#record(delivery, {
        status: null,
        ...flags,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #record(
    delivery: QueuedDelivery,
    outcome: { status: number | null; duplicate: boolean; redelivery: boolean; error?: string },
  ): void {
    this.#log.push({
      id: delivery.id,
      event: delivery.event,
      ...(delivery.action === undefined ? {} : { action: delivery.action }),
      status: outcome.status,
      duplicate: outcome.duplicate,
      redelivery: outcome.redelivery,
      payload: delivery.payload,
      appId: delivery.target.appId,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    });
  }
}
