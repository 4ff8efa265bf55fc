import { generateKeyPairSync } from "node:crypto";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Emulator } from "../../src/emulator/start-emulator.ts";
import {
  clientFor,
  errorBodyOf,
  signAppJwt,
  startTestEmulator,
  startWebhookReceiver,
  statusOf,
} from "./emulator-fixture.ts";

const errorBodySchema = z.looseObject({ message: z.string() });

async function call(emulator: Emulator, path: string, authorization?: string) {
  const response = await fetch(`${emulator.url}${path}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: response.status, body: errorBodySchema.parse(await response.json()) };
}

describe("GitHub App authentication", () => {
  let emulator: Emulator;
  let app: Awaited<ReturnType<Emulator["createApp"]>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    receiver = await startWebhookReceiver("secret");
    ({ emulator } = await startTestEmulator());
    app = await emulator.createApp({ webhookUrl: receiver.url, webhookSecret: "secret", slug: "foreman" });
  });

  afterAll(async () => {
    expect(emulator.violations()).toEqual([]);
    expect(emulator.stats().requests.unimplemented).toEqual({});
    await emulator.close();
    await receiver.close();
  });

  it("returns a PKCS#1 key and an installation", () => {
    expect(app.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(app.slug).toBe("foreman");
    expect(app.installationId).toBeGreaterThan(0);
  });

  it("serves /app endpoints to a valid JWT and mints installation tokens that act as the bot", async () => {
    const jwt = signAppJwt(app.privateKey, { iat: now() - 30, exp: now() + 540, iss: app.appId });
    const octokit = clientFor(emulator, jwt);
    const authenticated = await octokit.apps.getAuthenticated();
    expect(authenticated.data).toMatchObject({ id: app.appId, slug: "foreman" });
    const installations = await octokit.apps.listInstallations();
    expect(installations.data.map((installation) => installation.id)).toEqual([app.installationId]);
    const repoInstallation = await octokit.apps.getRepoInstallation({ owner: "acme", repo: "demo" });
    expect(repoInstallation.data).toMatchObject({
      id: app.installationId,
      app_id: app.appId,
      app_slug: "foreman",
    });
    const minted = await octokit.apps.createInstallationAccessToken({ installation_id: app.installationId });
    expect(minted.status).toBe(201);
    expect(minted.data.token).toMatch(/^ghs_/);
    const issue = await clientFor(emulator, minted.data.token).issues.create({
      owner: "acme",
      repo: "demo",
      title: "From the bot",
    });
    expect(issue.data.user).toMatchObject({ login: "foreman[bot]", type: "Bot" });
    expect(await statusOf(octokit.apps.createInstallationAccessToken({ installation_id: 12345 }))).toBe(404);
  });

  it("lists the repositories an installation token reaches, and refuses other credentials", async () => {
    const jwt = signAppJwt(app.privateKey, { iat: now() - 30, exp: now() + 540, iss: app.appId });
    const octokit = clientFor(emulator, jwt);
    const minted = await octokit.apps.createInstallationAccessToken({ installation_id: app.installationId });
    const installation = clientFor(emulator, minted.data.token);
    const repositories = await installation.paginate(installation.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    expect(repositories.map((repository) => repository.full_name)).toEqual(["acme/demo"]);
    expect(await statusOf(clientFor(emulator).apps.listReposAccessibleToInstallation())).toBe(403);
  });

  it("works with Probot's own Octokit and app auth, as Foreman's app will use it", async () => {
    const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      baseUrl: emulator.url,
      retry: { enabled: false },
      throttle: { ...(typeof options.throttle === "object" ? options.throttle : {}), enabled: false },
    }));
    const octokit = new Octokit({
      auth: { appId: app.appId, privateKey: app.privateKey, installationId: app.installationId },
    });
    const issue = await octokit.rest.issues.create({ owner: "acme", repo: "demo", title: "Via Probot" });
    expect(issue.data.user?.login).toBe("foreman[bot]");
    expect(emulator.stats().requests.byOperation["apps/create-installation-access-token"]).toBeGreaterThan(0);
  });

  it("answers bad app credentials with 401 and GitHub's messages", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    const forged = signAppJwt(other, { iat: now() - 30, exp: now() + 540, iss: app.appId });
    expect(await call(emulator, "/app", `Bearer ${forged}`)).toEqual({
      status: 401,
      body: {
        message: "A JSON web token could not be decoded",
        documentation_url: "https://docs.github.com/rest/apps/apps#get-the-authenticated-app",
        status: "401",
      },
    });
    const expired = signAppJwt(app.privateKey, { iat: now() - 700, exp: now() - 100, iss: app.appId });
    expect((await call(emulator, "/app", `Bearer ${expired}`)).body.message).toMatch(
      /'Expiration time' claim \('exp'\) must be a numeric value representing the future time/,
    );
    const tooLong = signAppJwt(app.privateKey, { iat: now(), exp: now() + 3600, iss: app.appId });
    expect((await call(emulator, "/app", `Bearer ${tooLong}`)).body.message).toBe(
      "'Expiration time' claim ('exp') is too far in the future",
    );
    const unknownApp = signAppJwt(app.privateKey, { iat: now(), exp: now() + 60, iss: 4242 });
    expect((await call(emulator, "/app", `Bearer ${unknownApp}`)).status).toBe(401);
    expect(await call(emulator, "/app", `token ${emulator.token}`)).toMatchObject({
      status: 401,
      body: { message: "A JSON web token could not be decoded" },
    });
    const jwt = signAppJwt(app.privateKey, { iat: now() - 30, exp: now() + 540, iss: app.appId });
    expect(await call(emulator, "/repos/acme/demo", `Bearer ${jwt}`)).toMatchObject({
      status: 401,
      body: { message: "Bad credentials" },
    });
  });

  it("answers missing and unknown tokens with 401, still with rate-limit headers", async () => {
    const anonymous = await fetch(`${emulator.url}/repos/acme/demo`);
    expect(anonymous.headers.get("x-ratelimit-limit")).toBe("60");
    expect(anonymous.headers.get("x-github-request-id")).toMatch(/^[0-9A-F]{16}$/);
    expect(await call(emulator, "/repos/acme/demo")).toMatchObject({
      status: 401,
      body: { message: "Requires authentication", status: "401" },
    });
    expect(await call(emulator, "/repos/acme/demo", "token ghp_not-a-real-token")).toEqual({
      status: 401,
      body: {
        message: "Bad credentials",
        documentation_url: "https://docs.github.com/rest/repos/repos#get-a-repository",
        status: "401",
      },
    });
  });

  it("lets anyone open issues but only writers change the repository, like GitHub", async () => {
    const stranger = clientFor(emulator, emulator.userToken("stranger"));
    const issue = await stranger.issues.create({
      owner: "acme",
      repo: "demo",
      title: "From outside",
      labels: ["bug"],
    });
    expect(issue.data.labels).toEqual([]);
    expect(issue.data.author_association).toBe("NONE");
    expect(await statusOf(stranger.issues.createLabel({ owner: "acme", repo: "demo", name: "nope" }))).toBe(
      403,
    );
    expect(
      await errorBodyOf(
        stranger.issues.addLabels({
          owner: "acme",
          repo: "demo",
          issue_number: issue.data.number,
          labels: ["bug"],
        }),
      ),
    ).toMatchObject({
      message: "Resource not accessible by personal access token",
      status: "403",
    });
    const main = await stranger.git.getRef({ owner: "acme", repo: "demo", ref: "heads/main" });
    expect(
      await statusOf(
        stranger.git.createRef({
          owner: "acme",
          repo: "demo",
          ref: "refs/heads/x",
          sha: main.data.object.sha,
        }),
      ),
    ).toBe(403);
    expect(
      await errorBodyOf(
        clientFor(emulator).checks.create({
          owner: "acme",
          repo: "demo",
          name: "x",
          head_sha: main.data.object.sha,
        }),
      ),
    ).toMatchObject({
      message: "You must authenticate via a GitHub App.",
    });
    await emulator.addCollaborator("acme/demo", "stranger", "write");
    expect(
      (
        await stranger.git.createRef({
          owner: "acme",
          repo: "demo",
          ref: "refs/heads/x",
          sha: main.data.object.sha,
        })
      ).status,
    ).toBe(201);
    const level = await clientFor(emulator).repos.getCollaboratorPermissionLevel({
      owner: "acme",
      repo: "demo",
      username: "stranger",
    });
    expect(level.data).toMatchObject({
      permission: "write",
      role_name: "write",
      user: { login: "stranger" },
    });
    expect(emulator.userToken("stranger")).toBe(emulator.userToken("stranger"));
    const bot = clientFor(emulator, emulator.userToken("helper[bot]"));
    expect((await bot.issues.create({ owner: "acme", repo: "demo", title: "bot" })).data.user?.type).toBe(
      "Bot",
    );
  });
});
