/**
 * Faults a test aims at one thing, on top of the seeded fault plan: the next deliveries of one event
 * lost, or one client's requests slow (a replica stalled by a long pause, a congested link). A client
 * is told apart by its `User-Agent`, as GitHub's logs tell apps apart.
 */
export type WebhookDropRule = { event: string; action?: string; times: number };
export type RequestDelayRule = {
  /** part of the `User-Agent` header, e.g. a replica's own product token */
  userAgent: string;
  /** only this operation (e.g. `issues/create`); every one when absent */
  operationId?: string;
  ms: number;
  /** `before`: the request waits, then takes effect; `after`: it takes effect, then its answer waits */
  phase: "before" | "after";
  times: number;
};

export class TargetedFaults {
  readonly #drops: WebhookDropRule[] = [];
  readonly #delays: RequestDelayRule[] = [];

  dropWebhooks(rule: WebhookDropRule): void {
    this.#drops.push({ ...rule });
  }

  delayRequests(rule: RequestDelayRule): void {
    this.#delays.push({ ...rule });
  }

  /** Whether a delivery of `event`/`action` is to be lost; each match uses up one of its rule's times. */
  takeWebhookDrop(event: string, action: string | undefined): boolean {
    const rule = this.#drops.find(
      (candidate) =>
        candidate.times > 0 &&
        candidate.event === event &&
        (candidate.action === undefined || candidate.action === action),
    );
    if (rule) rule.times -= 1;
    return rule !== undefined;
  }

  /** How long a request waits in `phase` (0 when no rule matches); each match uses up one time. */
  takeRequestDelay(userAgent: string, operationId: string, phase: "before" | "after"): number {
    const rule = this.#delays.find(
      (candidate) =>
        candidate.times > 0 &&
        candidate.phase === phase &&
        userAgent.includes(candidate.userAgent) &&
        (candidate.operationId === undefined || candidate.operationId === operationId),
    );
    if (!rule) return 0;
    rule.times -= 1;
    return rule.ms;
  }
}
