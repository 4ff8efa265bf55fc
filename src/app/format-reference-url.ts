/**
 * Where Foreman's comments point people for the task format: `docs/task-format.md` in Foreman's own
 * repository. Deployments override it with `FOREMAN_FORMAT_REFERENCE_URL` (see `src/main.ts`).
 */
export const FORMAT_REFERENCE_URL = "https://github.com/foreman-app/foreman/blob/main/docs/task-format.md";
