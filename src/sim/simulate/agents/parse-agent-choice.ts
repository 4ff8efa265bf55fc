import type { AgentChoice } from "./agent-choice.ts";

const USAGE = "use synthetic[:fail=RATE,seed=N], replay or claude, e.g. --agent synthetic:fail=0.3,seed=7";

/** Reads `--agent` (`synthetic[:fail=RATE,seed=N]`, `replay`, `claude`); a bad value names what and how. */
export function parseAgentChoice(text: string): AgentChoice {
  const [kind = "", options, ...rest] = text.split(":");
  if (rest.length > 0) throw new Error(`--agent '${text}': one ':' at most; ${USAGE}`);
  if (kind === "replay" || kind === "claude") {
    if (options !== undefined) throw new Error(`--agent ${kind} takes no options; ${USAGE}`);
    return { kind };
  }
  if (kind !== "synthetic") throw new Error(`--agent '${kind}' is not an agent; ${USAGE}`);
  const choice: AgentChoice = { kind, failRate: 0, seed: 0 };
  for (const pair of options === undefined || options === "" ? [] : options.split(",")) {
    const [name, value = "", extra] = pair.split("=");
    if (extra !== undefined || value === "")
      throw new Error(`--agent synthetic: '${pair}' is not NAME=VALUE; ${USAGE}`);
    if (name === "fail") {
      const rate = Number(value);
      if (!/^\d*\.?\d+$/.test(value) || rate > 1)
        throw new Error(`--agent synthetic: fail=${value} is not a rate between 0 and 1`);
      choice.failRate = rate;
    } else if (name === "seed") {
      if (!/^\d+$/.test(value)) throw new Error(`--agent synthetic: seed=${value} is not a whole number`);
      choice.seed = Number(value);
    } else {
      throw new Error(`--agent synthetic: unknown option '${name}'; the options are fail and seed`);
    }
  }
  return choice;
}
