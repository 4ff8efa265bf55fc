import * as core from "@actions/core";
import { readActionMode } from "./read-action-mode.ts";
import { runAction } from "./run-action.ts";
import { runReconcile } from "./run-reconcile.ts";

const mode = readActionMode();
if (!mode.ok) core.setFailed(mode.message);
else if (mode.mode === "reconcile") await runReconcile();
else await runAction();
