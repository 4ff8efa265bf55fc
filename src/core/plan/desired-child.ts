import type { IssuePatch } from "./plan-write.ts";

/** What a child issue should show; absent fields are left as they are. */
export type DesiredChild = {
  title?: string;
  body?: string;
  labels: string[];
  state?: IssuePatch["state"];
  stateReason?: IssuePatch["stateReason"];
};
