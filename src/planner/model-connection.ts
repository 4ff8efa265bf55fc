/**
 * Where the planner reaches the Messages API and with which key: the operator's settings, from the
 * environment (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`), never from a repository's config.
 */
export type ModelConnection = { apiKey: string | null; baseURL: string | null };
