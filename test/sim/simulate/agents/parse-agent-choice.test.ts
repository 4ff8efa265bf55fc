import { describe, expect, it } from "vitest";
import { parseAgentChoice } from "../../../../src/sim/simulate/agents/parse-agent-choice.ts";

describe("parseAgentChoice", () => {
  it("reads every agent and the synthetic options", () => {
    expect(parseAgentChoice("replay")).toEqual({ kind: "replay" });
    expect(parseAgentChoice("claude")).toEqual({ kind: "claude" });
    expect(parseAgentChoice("synthetic")).toEqual({ kind: "synthetic", failRate: 0, seed: 0 });
    expect(parseAgentChoice("synthetic:fail=0.3,seed=7")).toEqual({
      kind: "synthetic",
      failRate: 0.3,
      seed: 7,
    });
  });

  it.each([
    ["robot", "'robot' is not an agent"],
    ["replay:fast", "takes no options"],
    ["synthetic:fail=2", "fail=2 is not a rate between 0 and 1"],
    ["synthetic:fail=-1", "is not a rate"],
    ["synthetic:seed=x", "seed=x is not a whole number"],
    ["synthetic:speed=3", "unknown option 'speed'"],
    ["synthetic:fail", "'fail' is not NAME=VALUE"],
  ])("refuses %s, saying what is wrong", (text, message) => {
    expect(() => parseAgentChoice(text)).toThrow(message);
  });
});
