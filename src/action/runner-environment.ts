import { z } from "zod";

/** The variables a GitHub runner sets that the Action reads, checked once. */
export const runnerEnvironmentSchema = z.object({
  GITHUB_WORKSPACE: z.string().min(1),
  GITHUB_REPOSITORY: z.string().regex(/^[^/]+\/[^/]+$/),
  GITHUB_SERVER_URL: z.string().default("https://github.com"),
  GITHUB_API_URL: z.string().default("https://api.github.com"),
  GITHUB_RUN_ID: z.string().regex(/^\d+$/).transform(Number).optional(),
  GITHUB_EVENT_PATH: z.string().optional(),
  GITHUB_REF_NAME: z.string().optional(),
  RUNNER_TEMP: z.string().min(1),
  RUNNER_TOOL_CACHE: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value)),
  /** a directory whose node_modules already holds the pinned SDK (tests, pre-provisioned runners) */
  FOREMAN_AGENT_SDK_DIR: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value)),
});

export type RunnerEnvironment = z.infer<typeof runnerEnvironmentSchema>;
