import { createServer } from "node:http";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator, EmulatorOptions } from "../../src/emulator/start-emulator.ts";
import { MAX_WEBHOOK_PAYLOAD_BYTES, WebhookDispatcher } from "../../src/emulator/webhook-dispatcher.ts";
import { clientFor, startTestEmulator, startWebhookReceiver } from "./emulator-fixture.ts";

const SECRET = "replica-secret";

/** A receiver that answers each delivery only after `holdMs`, logging when each one arrived and was answered. */
async function startSlowReceiver(holdMs: number) {
  const timeline: Array<{ title: string; at: "arrived" | "answered" }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const title = String(payload.issue?.title ?? payload.action);
      timeline.push({ title, at: "arrived" });
      setTimeout(() => {
        timeline.push({ title, at: "answered" });
        response.writeHead(200).end();
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    timeline,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe("webhook deliveries", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
    const { emulator } = await startTestEmulator(options);
    cleanups.push(async () => {
      expect(emulator.violations()).toEqual([]);
      await emulator.close();
    });
    return emulator;
  }

  async function openTwoIssues(emulator: Emulator, url: string) {
    await emulator.createApp({ webhookUrl: url, webhookSecret: SECRET, events: ["issues"] });
    const octokit = clientFor(emulator);
    await octokit.issues.create({ owner: "acme", repo: "demo", title: "first" });
    await octokit.issues.create({ owner: "acme", repo: "demo", title: "second" });
    await emulator.waitForIdle();
  }

  it("overlap by default: the next delivery is sent before the previous one is answered", async () => {
    const receiver = await startSlowReceiver(400);
    cleanups.push(receiver.close);
    await openTwoIssues(await emulatorWith({}), receiver.url);
    expect(receiver.timeline).toEqual([
      { title: "first", at: "arrived" },
      { title: "second", at: "arrived" },
      { title: "first", at: "answered" },
      { title: "second", at: "answered" },
    ]);
  });

  it("wait for each answer in sequential mode", async () => {
    const receiver = await startSlowReceiver(150);
    cleanups.push(receiver.close);
    await openTwoIssues(await emulatorWith({ webhookDelivery: "sequential" }), receiver.url);
    expect(receiver.timeline).toEqual([
      { title: "first", at: "arrived" },
      { title: "first", at: "answered" },
      { title: "second", at: "arrived" },
      { title: "second", at: "answered" },
    ]);
  });

  it("reach every replica URL of an app with the same delivery id, until a replica is removed", async () => {
    const emulator = await emulatorWith({});
    const primary = await startWebhookReceiver(SECRET);
    const replica = await startWebhookReceiver(SECRET);
    cleanups.push(primary.close, replica.close);
    const { appId } = await emulator.createApp({
      webhookUrl: primary.url,
      webhookSecret: SECRET,
      events: ["issues"],
    });
    emulator.addWebhookUrl(appId, replica.url);
    emulator.addWebhookUrl(appId, replica.url);
    const octokit = clientFor(emulator);
    await octokit.issues.create({ owner: "acme", repo: "demo", title: "to both" });
    await emulator.waitForIdle();
    emulator.removeWebhookUrl(appId, replica.url);
    await octokit.issues.create({ owner: "acme", repo: "demo", title: "to the primary" });
    await emulator.waitForIdle();
    const titles = (receiver: typeof primary) =>
      receiver.received.map((delivery) => (delivery.payload.issue as { title: string }).title);
    expect(titles(primary)).toEqual(["to both", "to the primary"]);
    expect(titles(replica)).toEqual(["to both"]);
    expect(replica.received[0]?.deliveryId).toBe(primary.received[0]?.deliveryId);
    expect(replica.received.every((delivery) => delivery.signatureValid)).toBe(true);
    const logged = emulator.deliveries().filter((delivery) => delivery.action === "opened");
    expect(logged.map((delivery) => delivery.url).sort()).toEqual(
      [primary.url, replica.url, primary.url].sort(),
    );
    expect(() => emulator.addWebhookUrl(424242, replica.url)).toThrow("no app with id 424242");
  });

  it("lose the deliveries a test aims at, and only those, on every replica", async () => {
    const emulator = await emulatorWith({});
    const primary = await startWebhookReceiver(SECRET);
    const replica = await startWebhookReceiver(SECRET);
    cleanups.push(primary.close, replica.close);
    const { appId } = await emulator.createApp({
      webhookUrl: primary.url,
      webhookSecret: SECRET,
      events: ["issues"],
    });
    emulator.addWebhookUrl(appId, replica.url);
    emulator.dropWebhooks({ event: "issues", action: "labeled" });
    const octokit = clientFor(emulator);
    const { data } = await octokit.issues.create({ owner: "acme", repo: "demo", title: "plan" });
    await octokit.issues.addLabels({
      owner: "acme",
      repo: "demo",
      issue_number: data.number,
      labels: ["bug"],
    });
    await octokit.issues.addLabels({
      owner: "acme",
      repo: "demo",
      issue_number: data.number,
      labels: ["question"],
    });
    await emulator.waitForIdle();
    for (const receiver of [primary, replica]) {
      expect(receiver.received.map((delivery) => delivery.payload.action)).toEqual(["opened", "labeled"]);
      expect(receiver.ofEvent("issues", "labeled")[0]?.payload.label).toMatchObject({ name: "question" });
    }
    expect(emulator.stats().webhooks.dropped).toBe(1);
  });

  it("slow one client's requests, before they take effect or only their answers", async () => {
    const emulator = await emulatorWith({});
    const slow = new Octokit({ auth: emulator.token, baseUrl: emulator.url, userAgent: "replica-b" });
    const other = clientFor(emulator);
    const order: string[] = [];
    const note = (what: string) => () => order.push(what);
    emulator.delayRequests({
      userAgent: "replica-b",
      operationId: "issues/create",
      ms: 2000,
      phase: "after",
    });
    const created = slow.issues
      .create({ owner: "acme", repo: "demo", title: "slow answer" })
      .then(note("answered"));
    // The write takes effect while its answer is still held back.
    for (;;) {
      const { data } = await other.issues.listForRepo({ owner: "acme", repo: "demo" });
      if (data.some((issue) => issue.title === "slow answer")) break;
    }
    note("listed")();
    await created;
    emulator.delayRequests({ userAgent: "replica-b", ms: 2000 });
    await Promise.all([
      slow.repos.get({ owner: "acme", repo: "demo" }).then(note("slow client")),
      other.repos.get({ owner: "acme", repo: "demo" }).then(note("other client")),
    ]);
    expect(order).toEqual(["listed", "answered", "other client", "slow client"]);
  });

  it("spread over replicas one delivery each in turn", async () => {
    const emulator = await emulatorWith({ replicaDelivery: "spread" });
    const first = await startWebhookReceiver(SECRET);
    const second = await startWebhookReceiver(SECRET);
    cleanups.push(first.close, second.close);
    const { appId } = await emulator.createApp({
      webhookUrl: first.url,
      webhookSecret: SECRET,
      events: ["issues"],
    });
    emulator.addWebhookUrl(appId, second.url);
    const octokit = clientFor(emulator);
    for (const title of ["a", "b", "c", "d"])
      await octokit.issues.create({ owner: "acme", repo: "demo", title });
    await emulator.waitForIdle();
    expect(first.received).toHaveLength(2);
    expect(second.received).toHaveLength(2);
    const ids = [...first.received, ...second.received].map((delivery) => delivery.deliveryId);
    expect(new Set(ids).size).toBe(4);
  });

  it("never send a payload over GitHub's 25 MB, and log it as not delivered", async () => {
    const receiver = await startWebhookReceiver(SECRET);
    cleanups.push(receiver.close);
    const dispatcher = new WebhookDispatcher({ faults: null });
    const target = { appId: 1, hookId: 2, urls: [receiver.url], secret: SECRET };
    const huge = "x".repeat(MAX_WEBHOOK_PAYLOAD_BYTES);
    dispatcher.enqueue(target, "issues", { action: "edited", issue: { body: huge } });
    dispatcher.enqueue(target, "issues", { action: "opened", issue: { title: "small" } });
    while (dispatcher.pending() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await dispatcher.close();
    expect(receiver.received.map((delivery) => delivery.payload.action)).toEqual(["opened"]);
    expect(dispatcher.stats()).toMatchObject({ delivered: 1, oversized: 1, failed: 0 });
    const [oversized] = dispatcher.deliveries();
    expect(oversized).toMatchObject({ action: "edited", status: null, url: null });
    expect(oversized?.error).toContain("over GitHub's 26214400-byte limit; not delivered");
  });
});
