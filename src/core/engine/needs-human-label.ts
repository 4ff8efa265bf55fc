import type { StateLabel } from "../plan/foreman-labels.ts";

/** On a child issue: the engine stopped trying; a person decides (`/foreman retry` or `/foreman skip`). */
export const NEEDS_HUMAN_LABEL = "foreman:needs-human" satisfies StateLabel;
