import type { AppManifest } from "./read-app-manifest.ts";

const RANK: Record<string, number> = { read: 1, write: 2, admin: 3 };

/**
 * What an installation lacks of what the manifest asks: each permission below the asked level, and
 * each event it is not subscribed to (GitHub keeps an installation's grants when the App later asks
 * for more, until the owner accepts).
 */
export function compareAppInstallation(
  manifest: AppManifest,
  installation: { permissions: Record<string, string | undefined>; events: readonly string[] },
): { permissions: string[]; events: string[] } {
  const permissions = Object.entries(manifest.default_permissions).flatMap(([name, asked]) => {
    const granted = installation.permissions[name];
    if (granted !== undefined && (RANK[granted] ?? 0) >= (RANK[asked] ?? 0)) return [];
    return [`${name}: ${asked} (has ${granted ?? "none"})`];
  });
  const events = manifest.default_events.filter((event) => !installation.events.includes(event));
  return { permissions, events };
}
