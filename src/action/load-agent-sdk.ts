import { execFile } from "node:child_process";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { query } from "@anthropic-ai/claude-agent-sdk";
import { z } from "zod";

export type AgentSdk = { query: typeof query; version: string; directory: string };

const SDK_PACKAGE = "@anthropic-ai/claude-agent-sdk";
const packageSchema = z.object({
  version: z.string(),
  exports: z.object({ ".": z.object({ default: z.string() }).loose() }).loose(),
});

/**
 * The one seam between the Action and Claude Code. The binary (~400 MB, per platform) cannot live in
 * the bundle, so the pinned `@anthropic-ai/claude-agent-sdk` is installed in the job, into
 * `$RUNNER_TOOL_CACHE/foreman-claude-agent-sdk/<version>` (a directory a workflow may cache), once;
 * `FOREMAN_AGENT_SDK_DIR` names a directory that already holds it (tests, pre-provisioned runners).
 * The version found must be the version asked for.
 */
export async function loadAgentSdk(options: {
  version: string;
  toolCache: string;
  preinstalled: string | undefined;
  log: (line: string) => void;
}): Promise<AgentSdk> {
  const directory =
    options.preinstalled ?? join(options.toolCache, "foreman-claude-agent-sdk", options.version);
  const packageDir = join(directory, "node_modules", ...SDK_PACKAGE.split("/"));
  const manifestPath = join(packageDir, "package.json");
  if (!(await exists(manifestPath))) {
    if (options.preinstalled !== undefined) {
      throw new Error(
        `FOREMAN_AGENT_SDK_DIR=${directory} has no ${SDK_PACKAGE}; install it there or unset the variable`,
      );
    }
    options.log(`Installing ${SDK_PACKAGE}@${options.version} (Claude Code) into ${directory}`);
    await promisify(execFile)(
      "npm",
      [
        "install",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--prefix",
        directory,
        `${SDK_PACKAGE}@${options.version}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  }
  const manifest = packageSchema.parse(JSON.parse(await readFile(manifestPath, "utf8")));
  if (manifest.version !== options.version) {
    throw new Error(
      `${SDK_PACKAGE} in ${directory} is version ${manifest.version}, but the Action asks for ${options.version} (input \`claude-code-version\`)`,
    );
  }
  const module: unknown = await import(pathToFileURL(join(packageDir, manifest.exports["."].default)).href);
  if (!isSdkModule(module)) throw new Error(`${SDK_PACKAGE} in ${directory} does not export query()`);
  return { query: module.query, version: manifest.version, directory };
}

function isSdkModule(value: unknown): value is { query: typeof query } {
  return typeof value === "object" && value !== null && "query" in value && typeof value.query === "function";
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
