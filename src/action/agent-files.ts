/**
 * The agent's own instructions and tools: always taken from the base branch, so a task branch (or the
 * agent itself) cannot rewrite what the next session is told or which servers it may use.
 */
export const AGENT_FILES = [".claude", "CLAUDE.md", "AGENTS.md", ".mcp.json"];
