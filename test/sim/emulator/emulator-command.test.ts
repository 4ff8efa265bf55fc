import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src/cli/cli-io.ts";
import { runCli } from "../../../src/cli.ts";
import { clientFor } from "./emulator-fixture.ts";

const LISTENING = /GitHub emulator listening on (http:\/\/127\.0\.0\.1:\d+)\ntoken: (\S+)\n/;

function capturingIo() {
  const output = { stdout: "", stderr: "" };
  let stop: () => void = () => {};
  const io: CliIo = {
    stdout: (text) => {
      output.stdout += text;
    },
    stderr: (text) => {
      output.stderr += text;
    },
    readStdin: async () => "",
    cwd: process.cwd(),
    onStop: (handler) => {
      stop = handler;
    },
  };
  return { io, output, stop: () => stop() };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("foreman emulator", () => {
  it("prints the URL and token, serves the API until stopped, then exits 0", async () => {
    const { io, output, stop } = capturingIo();
    const running = runCli(["emulator", "--port", "0", "--repo", "acme/demo", "--repo", "acme/other"], io);
    const [, url = "", token = ""] = await waitFor(() => LISTENING.exec(output.stdout) ?? undefined);
    const octokit = clientFor({ url, token });
    expect((await octokit.repos.get({ owner: "acme", repo: "demo" })).data.full_name).toBe("acme/demo");
    expect((await octokit.repos.get({ owner: "acme", repo: "other" })).data.default_branch).toBe("main");
    stop();
    expect(await running).toBe(0);
    expect(output.stderr).toBe("");
  });

  it.each([
    [["--port", "http"], "--port must be a whole number from 0 to 65535, got 'http'"],
    [["--repo", "just-a-name"], "--repo wants OWNER/NAME (e.g. acme/demo), got 'just-a-name'"],
    [["--faults", "api=5xx:7"], "--faults: fault spec: '5xx:7': 5xx is a probability between 0 and 1"],
    [["--seed=-1"], "--seed must be a whole number from 0 to 4294967295, got '-1'"],
    [["--verbose"], "Unknown option '--verbose'"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("refuses %j with exit status 2 and a clear message", async (args, message) => {
    const { io, output } = capturingIo();
    expect(await runCli(["emulator", ...args], io)).toBe(2);
    expect(output.stderr).toContain(message);
    expect(output.stderr).toContain("Usage: foreman emulator");
  });

  it("exits 1 with the reason when the port is taken", async () => {
    const first = capturingIo();
    const running = runCli(["emulator", "--port", "0"], first.io);
    const [, url = ""] = await waitFor(() => LISTENING.exec(first.output.stdout) ?? undefined);
    const second = capturingIo();
    expect(await runCli(["emulator", "--port", new URL(url).port], second.io)).toBe(1);
    expect(second.output.stderr).toContain("foreman emulator: could not start: listen EADDRINUSE");
    first.stop();
    expect(await running).toBe(0);
  });

  it("runs as `foreman emulator` from bin/foreman.js", async () => {
    const bin = fileURLToPath(new URL("../../../bin/foreman.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "emulator", "--port", "0", "--repo", "acme/demo"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const [, url = "", token = ""] = await waitFor(() => LISTENING.exec(stdout) ?? undefined, 40_000);
      const response = await fetch(`${url}/repos/acme/demo/issues`, {
        method: "POST",
        headers: { authorization: `token ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "From the command line" }),
      });
      expect(response.status).toBe(201);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
