import * as core from "@actions/core";
import { scrubSecrets } from "../core/attempt/scrub-secrets.ts";
import { actionInputsSchema } from "./action-inputs.ts";
import type { AttemptOutputs } from "./attempt-outputs.ts";
import { readActionInputs } from "./read-action-inputs.ts";
import { runAttempt } from "./run-attempt.ts";
import { runnerEnvironmentSchema } from "./runner-environment.ts";

/**
 * The runner (release-drafter's shape): inputs → the attempt → outputs. The only place that fails
 * the step: an attempt that did not succeed fails it after its outputs are set, so the run shows red
 * and the engine still reads every figure.
 */
export async function runAction(): Promise<void> {
  const read = readActionInputs(actionInputsSchema);
  if (!read.ok) {
    core.setFailed(read.message);
    return;
  }
  const env = runnerEnvironmentSchema.safeParse(process.env);
  if (!env.success) {
    const names = env.error.issues.map((issue) => issue.path.join(".")).join(", ");
    core.setFailed(`The Foreman Action must run in a GitHub Actions job: missing or invalid ${names}`);
    return;
  }
  try {
    const outputs = await runAttempt({
      inputs: read.inputs,
      env: env.data,
      jobEnv: process.env,
      log: (line) => core.info(line),
      writeSummary: async (markdown) => {
        await core.summary.addRaw(markdown, true).write();
      },
    });
    setOutputs(outputs);
    if (outputs.result !== "success") core.setFailed(`${outputs.result}: ${outputs.reason}`);
  } catch (error) {
    const secrets = [
      read.inputs["github-token"],
      read.inputs["anthropic-api-key"],
      read.inputs["claude-code-oauth-token"],
    ];
    const message = scrubSecrets(error instanceof Error ? error.message : String(error), secrets);
    core.setOutput("result", "failed");
    core.setOutput("reason", message);
    core.setFailed(scrubSecrets(error instanceof Error ? (error.stack ?? message) : message, secrets));
  }
}

function setOutputs(outputs: AttemptOutputs): void {
  core.setOutput("result", outputs.result);
  core.setOutput("reason", outputs.reason);
  core.setOutput("pr-number", outputs.prNumber === null ? "" : String(outputs.prNumber));
  core.setOutput("turns", String(outputs.turns));
  core.setOutput("input-tokens", String(outputs.inputTokens));
  core.setOutput("output-tokens", String(outputs.outputTokens));
  core.setOutput("cost-usd", outputs.costUsd.toFixed(6));
  core.setOutput("duration-ms", String(outputs.durationMs));
  core.setOutput("report-path", outputs.reportPath);
}
