import { readFile } from "node:fs/promises";
import type { AppCredentials } from "./check-app-installation.ts";
import { CliFailure } from "./cli-failure.ts";

/** The App's credentials from the environment `npm start` reads; null when not given. */
export async function readAppCredentials(env: NodeJS.ProcessEnv): Promise<AppCredentials | null> {
  const appId = env.APP_ID?.trim();
  if (!appId) return null;
  if (env.PRIVATE_KEY?.trim()) return { appId, privateKey: env.PRIVATE_KEY };
  if (env.PRIVATE_KEY_PATH?.trim()) {
    try {
      return { appId, privateKey: await readFile(env.PRIVATE_KEY_PATH, "utf8") };
    } catch (error) {
      throw new CliFailure(
        `cannot read PRIVATE_KEY_PATH '${env.PRIVATE_KEY_PATH}': ${(error as NodeJS.ErrnoException).code}`,
      );
    }
  }
  throw new CliFailure(
    "APP_ID is set but neither PRIVATE_KEY nor PRIVATE_KEY_PATH: give the App's private key too.",
  );
}
