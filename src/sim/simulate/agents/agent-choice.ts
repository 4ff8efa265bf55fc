/**
 * Who plays Claude Code's model in `foreman simulate`: every choice runs the same job path — the
 * installed task workflow on the local runner, the real Action, the real Claude Code binary — and
 * differs only in what answers the binary's Messages API requests.
 */
export type AgentChoice =
  /** a generated script per attempt; the first attempt breaks a test with probability `failRate` */
  | { kind: "synthetic"; failRate: number; seed: number }
  /** the example's recorded sessions (`sessions/<task>-attempt-<n>.json`) */
  | { kind: "replay" }
  /** Anthropic's real API (needs ANTHROPIC_API_KEY) */
  | { kind: "claude" };
