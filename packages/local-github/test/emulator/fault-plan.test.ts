import { afterAll, describe, expect, it } from "vitest";
import { FaultPlan, FaultSpecError, parseFaultSpec } from "../../src/emulator/fault-plan.ts";
import { errorBodyOf, startTestEmulator, startWebhookReceiver, statusOf } from "./emulator-fixture.ts";

const SPEC =
  "api=5xx:0.2,applied5xx:0.1,appliedtimeout:0.05,ratelimit:0.1,latency:3;webhooks=dup:0.3,drop:0.1,reorder:0.2,delay:5";
const NO_API_FAULTS = {
  serverError: 0,
  appliedServerError: 0,
  appliedTimeout: 0,
  rateLimit: 0,
  latencyMs: 0,
};

describe("parseFaultSpec", () => {
  it("reads both sections", () => {
    expect(parseFaultSpec(SPEC)).toEqual({
      api: { serverError: 0.2, appliedServerError: 0.1, appliedTimeout: 0.05, rateLimit: 0.1, latencyMs: 3 },
      webhooks: { duplicate: 0.3, drop: 0.1, reorder: 0.2, delayMs: 5 },
    });
  });

  it("accepts one section alone and an empty spec", () => {
    expect(parseFaultSpec("webhooks=drop:1").webhooks.drop).toBe(1);
    expect(parseFaultSpec("").api).toEqual(NO_API_FAULTS);
    expect(parseFaultSpec("api=applied5xx:1").api).toEqual({ ...NO_API_FAULTS, appliedServerError: 1 });
  });

  it.each([
    ["apy=5xx:0.1", "unknown target 'apy'"],
    ["api=5xx:2", "'5xx:2': 5xx is a probability between 0 and 1"],
    ["api=boom:0.1", "unknown api fault 'boom'; use 5xx, applied5xx, appliedtimeout, ratelimit or latency"],
    ["api=applied5xx:1.5", "'applied5xx:1.5': applied5xx is a probability between 0 and 1"],
    ["api=appliedtimeout", "'appliedtimeout': expected appliedtimeout:<value>"],
    ["api=5xx:0.5,applied5xx:0.3,appliedtimeout:0.3", "add up to more than 1"],
    ["webhooks=dup", "'dup': expected dup:<value>"],
    ["webhooks=delay:1.5", "delay is a whole number of milliseconds"],
    ["api=5xx:abc", "'abc' is not a number"],
    ["api", "expected api=name:value"],
    ["api=5xx:0.6,ratelimit:0.6", "add up to more than 1"],
    ["api=5xx:0.1;api=latency:3", "api is given twice"],
  ])("names the bad part of %j", (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});

describe("FaultPlan", () => {
  const sequence = (seed: number) => {
    const plan = FaultPlan.parse(SPEC, seed);
    return {
      api: Array.from({ length: 200 }, () => plan.nextApiFault()),
      webhooks: Array.from({ length: 200 }, () => plan.nextWebhookFault()),
    };
  };

  it("replays the same faults for the same seed", () => {
    expect(sequence(42)).toEqual(sequence(42));
  });

  it("draws different faults for another seed", () => {
    expect(sequence(42).api).not.toEqual(sequence(43).api);
  });

  it("keeps the API stream independent of how many webhooks were decided", () => {
    const quiet = FaultPlan.parse(SPEC, 7);
    const busy = FaultPlan.parse(SPEC, 7);
    for (let index = 0; index < 50; index++) busy.nextWebhookFault();
    expect(Array.from({ length: 50 }, () => busy.nextApiFault())).toEqual(
      Array.from({ length: 50 }, () => quiet.nextApiFault()),
    );
  });

  it("injects each fault kind at roughly its rate", () => {
    const plan = FaultPlan.parse(SPEC, 1);
    const faults = Array.from({ length: 5000 }, () => plan.nextApiFault());
    const share = (kind: string) => faults.filter((fault) => fault.kind === kind).length / faults.length;
    expect(share("server-error")).toBeGreaterThan(0.17);
    expect(share("server-error")).toBeLessThan(0.23);
    expect(share("rate-limit")).toBeGreaterThan(0.08);
    expect(share("rate-limit")).toBeLessThan(0.12);
    expect(share("applied-server-error")).toBeGreaterThan(0.08);
    expect(share("applied-server-error")).toBeLessThan(0.12);
    expect(share("applied-timeout")).toBeGreaterThan(0.035);
    expect(share("applied-timeout")).toBeLessThan(0.065);
    expect(Math.max(...faults.map((fault) => fault.latencyMs))).toBeLessThanOrEqual(3);
  });
});

describe("API faults in the emulator", () => {
  const started: Array<Awaited<ReturnType<typeof startTestEmulator>>> = [];
  afterAll(async () => {
    for (const { emulator } of started) {
      expect(emulator.violations()).toEqual([]);
      await emulator.close();
    }
  });

  async function statusesFor(seed: number): Promise<number[]> {
    const fixture = await startTestEmulator({ faults: "api=5xx:0.3,ratelimit:0.2", seed });
    started.push(fixture);
    const statuses: number[] = [];
    for (let index = 0; index < 30; index++) {
      statuses.push(await statusOf(fixture.octokit.repos.get({ owner: "acme", repo: "demo" })));
    }
    return statuses;
  }

  it("answers the same requests with the same faults for the same seed", async () => {
    const first = await statusesFor(99);
    const second = await statusesFor(99);
    expect(first).toEqual(second);
    expect(first).toContain(200);
    expect(first.some((status) => status === 502 || status === 503)).toBe(true);
    expect(first.some((status) => status === 403 || status === 429)).toBe(true);
    const stats = started[0]?.emulator.stats();
    expect(stats?.requests.byOperation["repos/get"]).toBe(30);
    expect(Object.values(stats?.requests.faulted ?? {}).reduce((sum, count) => sum + count, 0)).toBe(
      first.filter((status) => status !== 200).length,
    );
  });

  it("keeps the faults an older spec draws when applied faults are added at zero", () => {
    const old = FaultPlan.parse("api=5xx:0.2,ratelimit:0.1", 3);
    const extended = FaultPlan.parse("api=5xx:0.2,ratelimit:0.1,applied5xx:0,appliedtimeout:0", 3);
    expect(Array.from({ length: 100 }, () => extended.nextApiFault())).toEqual(
      Array.from({ length: 100 }, () => old.nextApiFault()),
    );
  });

  it("applied5xx: the issue is created and its events raised, then the answer is a 5xx", async () => {
    const receiver = await startWebhookReceiver("secret");
    const fixture = await startTestEmulator({ faults: "api=applied5xx:1", seed: 2 });
    started.push(fixture);
    await fixture.emulator.createApp({
      webhookUrl: receiver.url,
      webhookSecret: "secret",
      events: ["issues"],
    });
    const statuses = [
      await statusOf(fixture.octokit.issues.create({ owner: "acme", repo: "demo", title: "Lost answer" })),
      await statusOf(fixture.octokit.issues.create({ owner: "acme", repo: "demo", title: "Lost again" })),
    ];
    await fixture.emulator.waitForIdle();
    await receiver.close();
    expect(statuses.every((status) => status === 500 || status === 502)).toBe(true);
    // Both writes took effect: GitHub raised their events and numbered them one after the other.
    expect(receiver.ofEvent("issues", "opened").map((delivery) => delivery.payload.issue)).toEqual([
      expect.objectContaining({ number: 1, title: "Lost answer" }),
      expect.objectContaining({ number: 2, title: "Lost again" }),
    ]);
    const faulted = fixture.emulator.stats().requests.faulted;
    expect(Object.keys(faulted).every((kind) => kind === "applied-500" || kind === "applied-502")).toBe(true);
  });

  it("appliedtimeout: the comment is created, then the connection closes without an answer", async () => {
    const fixture = await startTestEmulator({ faults: "api=appliedtimeout:0.5", seed: 4 });
    started.push(fixture);
    const issue = await createWithRetries(fixture, "Target");
    const before = await countComments(fixture, issue);
    const attempts: string[] = [];
    for (let index = 0; index < 6; index++) {
      try {
        await fixture.octokit.issues.createComment({
          owner: "acme",
          repo: "demo",
          issue_number: issue,
          body: `Comment ${index}`,
        });
        attempts.push("answered");
      } catch (error) {
        attempts.push(
          error instanceof Error && /other side closed|socket|fetch failed/i.test(errorText(error))
            ? "dropped"
            : `other: ${errorText(error)}`,
        );
      }
    }
    expect(attempts).toContain("dropped");
    expect(attempts.filter((attempt) => attempt.startsWith("other"))).toEqual([]);
    // Every comment took effect, answered or not.
    expect((await countComments(fixture, issue)) - before).toBe(6);
  });

  it("injectFaults: faults while running, for the named operations only, as many as the limit", async () => {
    const fixture = await startTestEmulator();
    started.push(fixture);
    const repo = { owner: "acme", repo: "demo" };
    fixture.emulator.injectFaults("api=applied5xx:1", { operations: ["issues/create"], limit: 2 });
    const statuses = [];
    for (const title of ["One", "Two", "Three"]) {
      statuses.push(await statusOf(fixture.octokit.issues.create({ ...repo, title })));
      // Not named: never faulted.
      statuses.push(await statusOf(fixture.octokit.repos.get(repo)));
    }
    expect(statuses.filter((status) => status >= 500)).toHaveLength(2);
    expect(statuses.slice(4)).toEqual([201, 200]);
    expect((await listIssues(fixture)).map((issue) => issue.title).sort()).toEqual(["One", "Three", "Two"]);
    fixture.emulator.injectFaults("api=5xx:1");
    expect(await statusOf(fixture.octokit.repos.get(repo))).toBeGreaterThanOrEqual(502);
    fixture.emulator.injectFaults(null);
    expect(await statusOf(fixture.octokit.repos.get(repo))).toBe(200);
  });

  it("sends a secondary rate limit with retry-after and GitHub's message", async () => {
    const fixture = await startTestEmulator({ faults: "api=ratelimit:1", seed: 5 });
    started.push(fixture);
    const failure = fixture.octokit.repos.get({ owner: "acme", repo: "demo" });
    const body = await errorBodyOf(failure);
    expect(body).toMatchObject({
      message: expect.stringContaining("You have exceeded a secondary rate limit"),
    });
    const response = await fetch(`${fixture.emulator.url}/repos/acme/demo`, {
      headers: { authorization: `token ${fixture.emulator.token}` },
    });
    expect([403, 429]).toContain(response.status);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("x-ratelimit-limit")).toBe("5000");
  });
});

function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause)
    parts.push(current.message);
  return parts.join(": ");
}

type Fixture = Awaited<ReturnType<typeof startTestEmulator>>;

/** Creates an issue through a faulty API: a dropped answer still created it, so look before retrying. */
async function createWithRetries(fixture: Fixture, title: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return (await fixture.octokit.issues.create({ owner: "acme", repo: "demo", title })).data.number;
    } catch {
      const found = await listIssues(fixture);
      const made = found.find((issue) => issue.title === title);
      if (made) return made.number;
    }
  }
  throw new Error("could not create the issue");
}

async function listIssues(fixture: Fixture): Promise<Array<{ number: number; title: string }>> {
  for (;;) {
    try {
      return (await fixture.octokit.issues.listForRepo({ owner: "acme", repo: "demo", state: "all" })).data;
    } catch {
      // A read whose answer was dropped: read again.
    }
  }
}

async function countComments(fixture: Fixture, issue: number): Promise<number> {
  for (;;) {
    try {
      return (await fixture.octokit.issues.listComments({ owner: "acme", repo: "demo", issue_number: issue }))
        .data.length;
    } catch {
      // A read whose answer was dropped: read again.
    }
  }
}
