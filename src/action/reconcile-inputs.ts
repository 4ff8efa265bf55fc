import { z } from "zod";
import { actionInputsSchema } from "./action-inputs.ts";

/** The Action's inputs in `mode: reconcile` (`action/action.yml`), validated in this one place. */
export const reconcileInputsSchema = z.object({
  "github-token": actionInputsSchema.shape["github-token"],
  "app-slug": z.string().trim().min(1, {
    error:
      "is required in reconcile mode: the App's slug (actions/create-github-app-token's `app-slug` output), so Foreman knows its own comments",
  }),
  // Only `/foreman draft` asks a model while reconciling; without a key it says what to set.
  "anthropic-api-key": z.string().trim(),
  engine: z
    .string()
    .trim()
    .transform((value) => (value === "" ? "on" : value))
    .pipe(z.enum(["on", "off"], { error: "must be on or off" })),
});

export type ReconcileInputs = z.infer<typeof reconcileInputsSchema>;
