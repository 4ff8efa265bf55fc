import type { ModelConnection } from "./model-connection.ts";

/** The model connection from the environment; an empty variable counts as unset. */
export function readModelConnection(env: Readonly<Record<string, string | undefined>>): ModelConnection {
  const apiKey = env.ANTHROPIC_API_KEY?.trim() || null;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || null;
  return { apiKey, baseURL };
}
