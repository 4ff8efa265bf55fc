import { chmod, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RefUpdate } from "./bare-repo.ts";
import { runGit } from "./run-git.ts";

/** Where the hook finds the socket of the process that currently owns the repository. */
export const PUSH_RELAY_ENDPOINT_FILE = "foreman-push-relay.json";
const RELAY_SCRIPT_FILE = "foreman-push-relay.cjs";
/** How long a push waits for the owner to confirm its listeners ran. */
const ACK_TIMEOUT_MS = 3000;

export interface PushRelay {
  /** Stops listening; later pushes still succeed, they just reach nobody. */
  close(): Promise<void>;
}

/**
 * The hook's body. CommonJS on purpose: `.cjs` is unambiguous whatever package.json sits above the
 * repository. It waits for the owner's "ok" so that, when `git push` returns, the listeners have already
 * seen the update — a client that pushes and then opens a pull request must find the branch known.
 */
const RELAY_SCRIPT = `"use strict";
// Installed by Foreman's local GitHub emulator (packages/local-github/src/git/push-relay.ts): reports the refs a push
// updated to the process that owns this repository. post-receive cannot reject a push, and when nobody
// listens this script exits quietly, so a push never fails because of it.
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

const isZero = (sha) => /^0+$/.test(sha);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  const updates = input
    .split("\\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [before, after, ref] = line.trim().split(" ");
      return { ref, before: isZero(before) ? null : before, after: isZero(after) ? null : after };
    });
  if (updates.length === 0) return;
  let endpoint;
  try {
    endpoint = JSON.parse(fs.readFileSync(path.join(__dirname, "..", ${JSON.stringify(PUSH_RELAY_ENDPOINT_FILE)}), "utf8"));
  } catch {
    return;
  }
  const socket = net.connect(endpoint.socket);
  // An owner whose event loop is blocked (say, by a synchronous push of its own) cannot answer. Stop
  // waiting then; the message stays queued on the socket and is delivered once the owner runs again.
  const giveUp = setTimeout(() => {
    socket.end();
    socket.unref();
  }, ${ACK_TIMEOUT_MS});
  // Set by the emulator's git HTTP server for an authenticated push; absent for a push by path.
  const pusher = process.env.FOREMAN_PUSHER || null;
  socket.on("connect", () => socket.write(JSON.stringify({ updates, pusher }) + "\\n"));
  socket.on("data", () => {});
  socket.on("error", () => clearTimeout(giveUp));
  socket.on("close", () => clearTimeout(giveUp));
});
`;

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function postReceiveHook(nodePath: string): string {
  return [
    "#!/bin/sh",
    "# Installed by Foreman's local GitHub emulator: relays pushed refs to it (see foreman-push-relay.cjs).",
    "# NODE_OPTIONS is cleared so a pusher's loaders (tsx, test runners) cannot break the relay.",
    `NODE_OPTIONS= ${shellQuote(nodePath)} "$(dirname "$0")/${RELAY_SCRIPT_FILE}"`,
    "exit 0",
    "",
  ].join("\n");
}

function isRefUpdate(value: unknown): value is RefUpdate {
  if (typeof value !== "object" || value === null) return false;
  const { ref, before, after } = value as Record<string, unknown>;
  const isSha = (sha: unknown) => sha === null || (typeof sha === "string" && /^[0-9a-f]{40,64}$/.test(sha));
  return typeof ref === "string" && ref.startsWith("refs/") && isSha(before) && isSha(after);
}

function parseRelayMessage(line: string): RefUpdate[] | null {
  try {
    const message: unknown = JSON.parse(line);
    if (typeof message !== "object" || message === null) return null;
    const { updates, pusher } = message as Record<string, unknown>;
    if (!Array.isArray(updates) || !updates.every(isRefUpdate)) return null;
    return updates.map(({ ref, before, after }) => ({
      ref,
      before,
      after,
      ...(typeof pusher === "string" && pusher !== "" ? { pusher } : {}),
    }));
  } catch {
    return null;
  }
}

function serveConnection(socket: Socket, onUpdates: (updates: RefUpdate[]) => void): void {
  let received = "";
  socket.setEncoding("utf8");
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: string) => {
    received += chunk;
    const newline = received.indexOf("\n");
    if (newline < 0) return;
    const updates = parseRelayMessage(received.slice(0, newline));
    if (updates) onUpdates(updates);
    socket.end(updates ? "ok\n" : "error: expected one JSON line {updates:[{ref,before,after}]}\n");
  });
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Installs a post-receive hook in the bare repository at `gitDir` and listens on a Unix socket for what
 * it reports, so pushes by path from any process reach `onUpdates`. Changes made through git plumbing by
 * the owner itself do not pass through here (post-receive runs only for pushes), which is what keeps
 * listeners from hearing about those twice. The most recent owner of a repository receives its pushes.
 */
export async function startPushRelay(
  gitDir: string,
  onUpdates: (updates: RefUpdate[]) => void,
): Promise<PushRelay> {
  // Unix socket paths are limited to ~104 bytes; a long TMPDIR (macOS) must not break the relay.
  const socketParent = tmpdir().length > 60 ? "/tmp" : tmpdir();
  const socketDir = await mkdtemp(join(socketParent, "foreman-push-"));
  const socketPath = join(socketDir, "relay.sock");
  const server = createServer((socket) => serveConnection(socket, onUpdates));
  await listen(server, socketPath);
  // The repository object must not keep a process alive on its own; whoever serves requests does.
  server.unref();

  const hooksDir = join(gitDir, "hooks");
  await writeFile(join(hooksDir, RELAY_SCRIPT_FILE), RELAY_SCRIPT);
  const hookPath = join(hooksDir, "post-receive");
  await writeFile(hookPath, postReceiveHook(process.execPath));
  await chmod(hookPath, 0o755);
  // A user-wide core.hooksPath would otherwise make git skip the repository's own hooks.
  await runGit(["config", "core.hooksPath", hooksDir], { cwd: gitDir });

  const endpointPath = join(gitDir, PUSH_RELAY_ENDPOINT_FILE);
  const endpointText = `${JSON.stringify({ socket: socketPath, pid: process.pid })}\n`;
  await writeFile(`${endpointPath}.${process.pid}.tmp`, endpointText);
  await rename(`${endpointPath}.${process.pid}.tmp`, endpointPath);

  return {
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const current = await readFile(endpointPath, "utf8").catch(() => null);
      if (current === endpointText) await rm(endpointPath, { force: true });
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
