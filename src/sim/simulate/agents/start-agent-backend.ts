import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MessagesApi, type ScriptedTurn, startMessagesApi } from "@foreman/local-github";
import type { RecordedSession } from "../../../demo/recorded-session.ts";
import { resolveRecordedSession } from "../../../demo/resolve-recorded-session.ts";
import type { AgentChoice } from "./agent-choice.ts";
import { decideSyntheticBreak } from "./decide-synthetic-break.ts";
import { generateSyntheticSession, type SyntheticTask } from "./generate-synthetic-session.ts";
import { readAttemptSession } from "./read-attempt-session.ts";

/** This checkout: its node_modules hold the pinned Agent SDK with the Claude Code binary. */
const CHECKOUT = fileURLToPath(new URL("../../../../", import.meta.url));

export type AgentBackend = {
  /**
   * the repository variables the installed workflow reads: where the Agent SDK is already installed
   * (this checkout's), and for a fake agent where Claude Code's Messages API is
   */
  variables: Record<string, string>;
  /** the local runner machine's own variables (a self-hosted runner's `.env`) */
  runnerEnv: Record<string, string>;
  /** the repository secret `ANTHROPIC_API_KEY` the installed workflow hands the Action */
  apiKey: string;
  /** requests the fake API could not answer from a script (empty in a healthy run) */
  problems(): string[];
  close(): Promise<void>;
};

const SESSION_ENDED: ScriptedTurn = { blocks: [{ type: "text", text: "Nothing more to do." }] };

/**
 * What answers Claude Code inside each simulated job. `synthetic` and `replay` start one local fake
 * Messages API for every job; each request finds its own attempt's script from the request itself
 * (see readAttemptSession), so jobs running side by side never share turns. `claude` is the real API.
 */
export async function startAgentBackend(
  choice: AgentChoice,
  options: {
    tasks: ReadonlyMap<string, SyntheticTask>;
    /** the example's recordings, task id → attempts in order (replay) */
    sessions?: Readonly<Record<string, readonly RecordedSession[]>>;
    env: Readonly<Record<string, string | undefined>>;
  },
): Promise<AgentBackend> {
  const sdk = { FOREMAN_AGENT_SDK_DIR: CHECKOUT };
  if (choice.kind === "claude") {
    const apiKey = options.env.ANTHROPIC_API_KEY ?? "";
    if (apiKey === "")
      throw new Error(
        "--agent claude talks to Anthropic's API and needs a key: set ANTHROPIC_API_KEY, or use --agent synthetic or --agent replay offline",
      );
    const baseUrl = options.env.ANTHROPIC_BASE_URL;
    return {
      variables: { ...sdk, ...(baseUrl ? { ANTHROPIC_BASE_URL: baseUrl } : {}) },
      runnerEnv: {},
      apiKey,
      problems: () => [],
      close: async () => {},
    };
  }

  const problems: string[] = [];
  const scripts = new Map<string, ScriptedTurn[] | string>();
  const scriptFor = (session: NonNullable<ReturnType<typeof readAttemptSession>>) => {
    const key = `${session.plan}/${session.task}/${session.attempt}@${session.workspace}`;
    let script = scripts.get(key);
    if (script === undefined) {
      script = buildScript(choice, session, options);
      if (typeof script === "string") problems.push(script);
      scripts.set(key, script);
    }
    return script;
  };
  const api: MessagesApi = await startMessagesApi({
    script: ({ body }) => {
      const session = readAttemptSession(body);
      if (session === null) {
        const problem = "a request that names no Foreman attempt (no '# Foreman task …' prompt)";
        problems.push(problem);
        return { error: { status: 400, message: problem } };
      }
      const script = scriptFor(session);
      if (typeof script === "string") return { error: { status: 400, message: script } };
      return script[session.turn] ?? SESSION_ENDED;
    },
  });
  return {
    variables: { ...sdk, ANTHROPIC_BASE_URL: api.url },
    // A scripted error is the answer; Claude Code's backoff would only delay it.
    runnerEnv: { CLAUDE_CODE_MAX_RETRIES: "0" },
    // The fake checks no key; a real-looking one proves the Action masks it.
    apiKey: "sk-ant-simulated-0000000000000000",
    problems: () => [...problems],
    close: () => api.close(),
  };
}

/** The turns of one attempt, or why there are none. */
function buildScript(
  choice: Exclude<AgentChoice, { kind: "claude" }>,
  session: { task: string; attempt: number; workspace: string },
  options: {
    tasks: ReadonlyMap<string, SyntheticTask>;
    sessions?: Readonly<Record<string, readonly RecordedSession[]>>;
  },
): ScriptedTurn[] | string {
  if (choice.kind === "replay") {
    const recorded = options.sessions?.[session.task]?.find((entry) => entry.attempt === session.attempt);
    if (recorded === undefined)
      return `no recorded session for ${session.task} attempt ${session.attempt}: add sessions/${session.task}-attempt-${session.attempt}.json to the example`;
    return resolveRecordedSession(recorded, session.workspace);
  }
  const task = options.tasks.get(session.task);
  if (task === undefined) return `the plan has no task ${session.task}`;
  return generateSyntheticSession({
    task,
    attempt: session.attempt,
    breaks: decideSyntheticBreak({ ...choice, task: task.id, attempt: session.attempt }),
    workspace: session.workspace,
    existing: (path) => {
      try {
        return readFileSync(join(session.workspace, path), "utf8");
      } catch {
        return null;
      }
    },
  });
}
