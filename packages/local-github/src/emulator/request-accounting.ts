/** One answered API request, in the order answers were sent. */
export type RequestLogEntry = {
  /** epoch ms when the answer was sent */
  at: number;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  /** the login the token acts as; null when the request was not authenticated */
  caller: string | null;
};

/** Answered requests kept for `requestLog()`; older ones are dropped first, so a long-running emulator stays bounded. */
const MAX_LOGGED_REQUESTS = 200_000;

/** Counts requests the way benchmarks read them: by operation id, and reads (GET/HEAD) against writes. */
export class RequestAccounting {
  #log: RequestLogEntry[] = [];
  #total = 0;
  #reads = 0;
  #writes = 0;
  readonly #byOperation = new Map<string, number>();
  readonly #unimplemented = new Map<string, number>();
  readonly #faulted = new Map<string, number>();

  record(method: string, operationId: string | null): void {
    this.#total += 1;
    if (method === "GET" || method === "HEAD") this.#reads += 1;
    else this.#writes += 1;
    const key = operationId ?? "unknown-route";
    this.#byOperation.set(key, (this.#byOperation.get(key) ?? 0) + 1);
  }

  /** An answer sent: benchmarks time reactions and count writes in order from these. */
  recordAnswer(entry: RequestLogEntry): void {
    this.#log.push(entry);
    if (this.#log.length > MAX_LOGGED_REQUESTS) this.#log = this.#log.slice(-MAX_LOGGED_REQUESTS / 2);
  }

  log(): RequestLogEntry[] {
    return [...this.#log];
  }

  /** A route GitHub has but the emulator does not serve; tests should never reach one. */
  recordUnimplemented(operationId: string): void {
    this.#unimplemented.set(operationId, (this.#unimplemented.get(operationId) ?? 0) + 1);
  }

  /** A request answered by the fault plan (5xx or secondary rate limit) instead of its handler. */
  recordFault(kind: string): void {
    this.#faulted.set(kind, (this.#faulted.get(kind) ?? 0) + 1);
  }

  snapshot(): {
    total: number;
    reads: number;
    writes: number;
    byOperation: Record<string, number>;
    unimplemented: Record<string, number>;
    faulted: Record<string, number>;
  } {
    return {
      total: this.#total,
      reads: this.#reads,
      writes: this.#writes,
      byOperation: Object.fromEntries(this.#byOperation),
      unimplemented: Object.fromEntries(this.#unimplemented),
      faulted: Object.fromEntries(this.#faulted),
    };
  }
}
