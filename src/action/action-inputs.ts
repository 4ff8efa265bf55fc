import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? null : value));

const optionalPositive = (what: string, kind: "whole" | "amount") =>
  optionalText.pipe(
    z
      .string()
      .nullable()
      .transform((value, context) => {
        if (value === null) return null;
        const number = Number(value);
        const valid =
          Number.isFinite(number) && number > 0 && (kind === "amount" || Number.isInteger(number));
        if (!valid) {
          context.addIssue({
            code: "custom",
            message: `must be ${kind === "whole" ? "a whole number" : "an amount"} above 0 (${what}), got "${value}"`,
          });
          return z.NEVER;
        }
        return number;
      }),
  );

const toolList = z.string().transform((value) =>
  value
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== ""),
);

/** The Action's inputs (`action/action.yml`), validated in this one place. */
export const actionInputsSchema = z
  .object({
    "github-token": z
      .string()
      .trim()
      .min(1, { error: "is required: a GitHub App installation token, so pushes start CI" }),
    "anthropic-api-key": z.string().trim(),
    "claude-code-oauth-token": z.string().trim(),
    plan: z
      .string()
      .trim()
      .regex(/^[1-9]\d*$/, { error: "must be the plan's issue number" })
      .transform(Number),
    task: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "must be a task id such as T3 or 2.1" }),
    attempt: z
      .string()
      .trim()
      .regex(/^[1-9]\d*$/, { error: "must be a whole number from 1" })
      .transform(Number),
    model: optionalText,
    "max-turns": optionalPositive("agent turns in this attempt", "whole"),
    "budget-usd": optionalPositive("US dollars this attempt may spend", "amount"),
    "max-tokens": optionalPositive("input + output tokens this attempt may use", "whole"),
    "allowed-tools": toolList,
    "disallowed-tools": toolList,
    "claude-code-version": z
      .string()
      .trim()
      .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, {
        error: "must be an exact version of @anthropic-ai/claude-agent-sdk, e.g. 0.3.332",
      }),
    "reports-dir": optionalText.refine(
      (value) => value === null || (!value.startsWith("/") && !value.split("/").includes("..")),
      {
        error: "must be a path inside the repository",
      },
    ),
    "app-slug": optionalText,
  })
  .refine((inputs) => inputs["anthropic-api-key"] !== "" || inputs["claude-code-oauth-token"] !== "", {
    error: "set `anthropic-api-key` or `claude-code-oauth-token`",
    path: ["anthropic-api-key"],
  });

export type ActionInputs = z.infer<typeof actionInputsSchema>;
export const ACTION_INPUT_NAMES = Object.keys(actionInputsSchema.shape);
