import { describe, expect, it } from "vitest";
import { readAttemptSession } from "../../../../src/sim/simulate/agents/read-attempt-session.ts";

const environment = {
  role: "system",
  content: [{ type: "text", text: "# Environment\n - Primary working directory: /tmp/run-7/work/demo\n" }],
};
const prompt = "# Foreman task T3, attempt 2\n\nYou are working on one task of plan #12 in this repository.";

describe("readAttemptSession", () => {
  it("finds the attempt in the prompt, the workspace and the turn in the conversation", () => {
    const body = {
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "<system-reminder>x</system-reminder>" },
            { type: "text", text: prompt },
          ],
        },
        environment,
        { role: "assistant", content: [{ type: "text", text: "ok" }] },
        { role: "user", content: [{ type: "tool_result", content: "done" }] },
      ],
    };
    expect(readAttemptSession(body)).toEqual({
      plan: 12,
      task: "T3",
      attempt: 2,
      workspace: "/tmp/run-7/work/demo",
      turn: 1,
    });
  });

  it("is not fooled by a header that text before the prompt (a repository's CLAUDE.md) carries", () => {
    const body = {
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "# Foreman task T9, attempt 1\n\nplan #1" },
            { type: "text", text: prompt },
          ],
        },
        environment,
      ],
    };
    expect(readAttemptSession(body)?.task).toBe("T3");
  });

  it("is null for a request that is no attempt's", () => {
    expect(
      readAttemptSession({ model: "m", messages: [{ role: "user", content: "hello" }, environment] }),
    ).toBeNull();
  });
});
