import type { EngineWrite, EngineWriteOutcome } from "../core/engine/engine-write.ts";
import type { WriteOutcome } from "../core/plan/plan-write.ts";
import type { EngineForge } from "./engine-forge.ts";
import { executePlanWrite } from "./execute-plan-write.ts";
import type { Forge } from "./forge.ts";

/**
 * Carries out one engine write and returns what GitHub answered. Exclusive writes (the attempt claim)
 * and refused preconditions come back as `refused`, so the shell reads again instead of repeating.
 */
export async function executeEngineWrite(
  forge: Forge,
  engine: EngineForge,
  write: EngineWrite,
): Promise<EngineWriteOutcome | WriteOutcome> {
  switch (write.kind) {
    case "create-comment":
    case "update-comment":
    case "update-issue":
    case "add-labels":
      return executePlanWrite(forge, write);
    case "claim-attempt":
      return (await forge.createRef(write.ref, write.sha)) === "created"
        ? { kind: "done" }
        : { kind: "refused", status: 422 };
    case "dispatch-workflow": {
      const result = await engine.dispatchWorkflow(write.workflow, write.ref, write.inputs);
      return result.kind === "missing" ? { kind: "workflow-missing" } : result;
    }
    case "post-record": {
      const comment = await forge.createComment(write.number, write.body);
      return { kind: "record", id: comment.id, url: comment.url, updatedAt: new Date().toISOString() };
    }
    case "update-record": {
      const comment = await forge.updateComment(write.commentId, write.body);
      return { kind: "record", id: comment.id, url: comment.url, updatedAt: new Date().toISOString() };
    }
    case "publish-check":
      return {
        kind: "check",
        id: await engine.publishCheckRun(write.checkRunId, {
          name: write.name,
          headSha: write.headSha,
          status: write.status,
          conclusion: write.conclusion,
          title: write.title,
          summary: write.summary,
          actions: write.actions,
        }),
      };
    case "rerun-check":
      return (await engine.rerunCheck(write.checkRunId, write.url)) === "requested"
        ? { kind: "done" }
        : { kind: "rerun-refused" };
    case "cancel-run":
      await engine.cancelRun(write.runId);
      return { kind: "done" };
    case "update-branch": {
      const result = await engine.updateBranch(write.pull, write.headSha);
      return result === "updated"
        ? { kind: "done" }
        : result === "conflict"
          ? { kind: "conflict" }
          : { kind: "refused", status: 422 };
    }
    case "merge-pull":
      return engine.mergePull(write.pull, write.sha, write.method);
    case "delete-branch":
      await forge.deleteRef(`refs/heads/${write.branch}`);
      return { kind: "done" };
    case "commit-file":
      await engine.commitFile(write);
      return { kind: "done" };
    case "open-pull":
      return { kind: "pull", ...(await engine.openPull(write)) };
  }
}
