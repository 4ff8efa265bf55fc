import type { CanUseTool, HookCallbackMatcher, SDKMessage } from "@anthropic-ai/claude-agent-sdk";
import type { CommandRun, SessionRecord, ToolDenial } from "../core/attempt/attempt-types.ts";
import { boundOutput } from "../core/attempt/bound-output.ts";
import { countStreamTokens, NO_TOKENS } from "../core/attempt/count-stream-tokens.ts";
import { decideToolUse } from "../core/attempt/decide-tool-use.ts";
import { readSessionResult } from "../core/attempt/read-session-result.ts";
import type { ToolPolicy } from "../core/attempt/tool-policy.ts";
import type { AgentSdk } from "./load-agent-sdk.ts";

/** Command output kept per command in the report. */
const MAX_OUTPUT = 4_000;
/** The web tools are removed from the model's view unless a writer allowed them. */
const WEB_TOOLS = ["WebFetch", "WebSearch"];

export type SessionOptions = {
  sdk: AgentSdk;
  prompt: string;
  workspace: string;
  model: string;
  maxTurns: number;
  budgetUsd: number | null;
  /** input + output tokens this attempt may use; null: no token cap */
  maxTokens: number | null;
  policy: ToolPolicy;
  disallowedTools: string[];
  env: Record<string, string>;
  /** one line per event in the job log (already scrubbed by the caller) */
  log: (line: string) => void;
  /** makes text safe to keep: secrets and token shapes removed */
  scrub: (text: string) => string;
};

/**
 * One Claude Code session through the Agent SDK: the model, turn and dollar limits, project settings
 * only (CLAUDE.md), an explicit environment, and every tool call judged by the tool policy. Each tool
 * call is one line in the job log; the commands the agent ran are kept with their output (bounded).
 * Reading stops at the first `result` message (the stream may not end by itself).
 */
export async function runClaudeSession(options: SessionOptions): Promise<SessionRecord> {
  const denials: ToolDenial[] = [];
  const commands: CommandRun[] = [];
  const pendingCommands = new Map<string, string>();
  let toolCalls = 0;
  let lastText = "";
  const stderr: string[] = [];
  const canUseTool: CanUseTool = async (tool, input) => {
    const decision = decideToolUse(tool, input, options.policy);
    if (decision.allow) return { behavior: "allow", updatedInput: input };
    const denial = { ...decision.denial, detail: options.scrub(decision.denial.detail) };
    denials.push(denial);
    options.log(`✋ refused ${tool}: ${oneLine(denial.detail)} — ${denial.reason}`);
    return {
      behavior: "deny",
      message: `Foreman's tool policy refused this: it ${denial.reason}. A writer can allow it: ${denial.allowWith}.`,
    };
  };
  // The token cap: the SDK has none, so the Action counts the API's own stream events and stops the
  // agent before its next tool call once the count is past the cap (a reply under way cannot be cut).
  let tokens = NO_TOKENS;
  let stoppedAtTokens: number | null = null;
  const { maxTokens } = options;
  const tokenCap: Partial<Record<"PreToolUse", HookCallbackMatcher[]>> =
    maxTokens === null
      ? {}
      : {
          PreToolUse: [
            {
              hooks: [
                async () => {
                  if (tokens.total <= maxTokens) return { continue: true };
                  if (stoppedAtTokens === null) {
                    stoppedAtTokens = tokens.total;
                    options.log(`✋ stopped: ${tokens.total} tokens used, the cap is ${maxTokens}`);
                  }
                  const reason = `Foreman's token cap of ${maxTokens} tokens for this attempt is used up.`;
                  // Deny the call itself (`continue: false` alone lets it run first), then end the session.
                  return {
                    continue: false,
                    stopReason: reason,
                    hookSpecificOutput: {
                      hookEventName: "PreToolUse",
                      permissionDecision: "deny",
                      permissionDecisionReason: reason,
                    },
                  };
                },
              ],
            },
          ],
        };
  const abort = new AbortController();
  const record = (partial: Partial<SessionRecord>): SessionRecord => ({
    gotResult: false,
    subtype: "none",
    isError: true,
    terminalReason: null,
    apiErrorStatus: null,
    turns: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    costUsd: 0,
    durationMs: 0,
    finalText: options.scrub(lastText),
    denials,
    commands,
    toolCalls,
    error: null,
    stoppedAtTokens,
    ...partial,
  });
  const started = performance.now();
  try {
    const stream = options.sdk.query({
      prompt: options.prompt,
      options: {
        cwd: options.workspace,
        model: options.model,
        maxTurns: options.maxTurns,
        ...(options.budgetUsd === null ? {} : { maxBudgetUsd: options.budgetUsd }),
        settingSources: ["project"],
        permissionMode: "default",
        tools: options.policy.tools,
        disallowedTools: [
          ...new Set([
            ...WEB_TOOLS.filter((tool) => !options.policy.tools.includes(tool)),
            ...options.disallowedTools,
          ]),
        ],
        canUseTool,
        hooks: tokenCap,
        ...(maxTokens === null ? {} : { includePartialMessages: true }),
        env: options.env,
        abortController: abort,
        stderr: (data) => {
          stderr.push(data);
          if (stderr.length > 50) stderr.shift();
        },
      },
    });
    for await (const message of stream) {
      if (message.type === "result") {
        const result = readSessionResult(message);
        abort.abort();
        if (result === null) return record({ error: "the SDK's result message could not be read" });
        return record({
          gotResult: true,
          subtype: result.subtype,
          isError: result.isError,
          terminalReason: result.terminalReason,
          apiErrorStatus: result.apiErrorStatus,
          turns: result.turns,
          inputTokens: result.inputTokens,
          outputTokens: result.outputTokens,
          cacheReadTokens: result.cacheReadTokens,
          cacheCreationTokens: result.cacheCreationTokens,
          costUsd: result.costUsd,
          durationMs: result.durationMs || performance.now() - started,
          finalText: options.scrub(result.text || lastText),
        });
      }
      tokens = countStreamTokens(tokens, message);
      lastText = observe(message, lastText);
    }
    return record({ durationMs: performance.now() - started, error: "the session ended before its result" });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const tail = stderr.join("").trim().split("\n").slice(-5).join(" | ");
    return record({
      durationMs: performance.now() - started,
      error: options.scrub(tail === "" ? detail : `${detail} (${tail})`),
    });
  }

  /** Logs tool calls and keeps shell commands with their results; returns the latest assistant text. */
  function observe(message: SDKMessage, text: string): string {
    if (message.type === "assistant") {
      let latest = text;
      for (const block of message.message.content) {
        if (block.type === "text" && block.text.trim() !== "") latest = block.text;
        if (block.type !== "tool_use") continue;
        toolCalls += 1;
        const input: Record<string, unknown> = isRecord(block.input) ? block.input : {};
        options.log(`→ ${block.name}: ${oneLine(options.scrub(describeCall(input)))}`);
        if (block.name === "Bash" && typeof input.command === "string")
          pendingCommands.set(block.id, input.command);
      }
      return latest;
    }
    if (message.type === "user" && Array.isArray(message.message.content)) {
      for (const block of message.message.content) {
        if (typeof block !== "object" || block === null || block.type !== "tool_result") continue;
        const command = pendingCommands.get(block.tool_use_id);
        if (command === undefined) continue;
        pendingCommands.delete(block.tool_use_id);
        const output = boundOutput(options.scrub(resultText(block.content)), MAX_OUTPUT);
        commands.push({
          command: options.scrub(command),
          output: output.text,
          failed: block.is_error === true,
          truncated: output.truncated,
        });
      }
    }
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) =>
      typeof part === "object" && part !== null && "text" in part && typeof part.text === "string"
        ? part.text
        : "",
    )
    .join("\n");
}

function describeCall(input: Record<string, unknown>): string {
  for (const key of ["command", "file_path", "notebook_path", "pattern", "path", "url", "query"]) {
    const value = input[key];
    if (typeof value === "string") return value;
  }
  return JSON.stringify(input);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
