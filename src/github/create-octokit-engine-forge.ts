import { z } from "zod";
import type { GitHubRequest } from "./create-octokit-forge.ts";
import type { EngineForge, MergeResult } from "./engine-forge.ts";
import { gitRefSchema, pullSchema } from "./github-schemas.ts";
import { statusOfError } from "./status-of-error.ts";

const PER_PAGE = 100;
const MAX_PAGES = 50;

const timedCommentSchema = z.object({
  id: z.number(),
  body: z.string().nullable().optional(),
  user: z.object({ login: z.string() }).nullable(),
  html_url: z.string(),
  updated_at: z.string(),
});
const fileSchema = z.object({ filename: z.string() });
const dispatchSchema = z.object({ workflow_run_id: z.number(), html_url: z.string().optional() });
const checkRunSchema = z.object({ id: z.number() });
const mergeSchema = z.object({ merged: z.boolean(), sha: z.string().nullable().optional() });
const mergeAsyncSchema = z.object({ status: z.enum(["pending", "merged", "enqueued", "failed"]) });
const contentSchema = z.object({ sha: z.string() });

/** A GitHub Actions check run links its job: `…/actions/runs/<run>/job/<job>`. */
const ACTIONS_JOB = /\/actions\/runs\/\d+\/job\/(\d+)/;

/** The engine's calls over GitHub's REST API (or the local GitHub), through the same client as the Forge. */
export function createOctokitEngineForge(options: {
  request: GitHubRequest;
  owner: string;
  repo: string;
  selfLogin: string;
}): EngineForge {
  const { request, owner, repo, selfLogin } = options;
  const base = { owner, repo };
  const statusIn = (error: unknown, ...statuses: number[]) => statuses.includes(statusOfError(error) ?? 0);

  return {
    async listRecordComments(issueNumber) {
      const comments: z.infer<typeof timedCommentSchema>[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { data } = await request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          ...base,
          issue_number: issueNumber,
          per_page: PER_PAGE,
          page,
        });
        const items = timedCommentSchema.array().parse(data);
        comments.push(...items);
        if (items.length < PER_PAGE) break;
      }
      return comments
        .filter((comment) => comment.user?.login === selfLogin)
        .map((comment) => ({
          id: comment.id,
          url: comment.html_url,
          updatedAt: comment.updated_at,
          body: comment.body ?? "",
        }));
    },

    async listRefs(prefix) {
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
          ...base,
          ref: prefix,
        });
        return gitRefSchema
          .array()
          .parse(data)
          .map((ref) => ref.ref)
          .filter((ref) => ref.startsWith(`refs/${prefix}`));
      } catch (error) {
        if (statusIn(error, 404)) return [];
        throw error;
      }
    },

    async listPullFiles(pullNumber) {
      const files: string[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { data } = await request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
          ...base,
          pull_number: pullNumber,
          per_page: PER_PAGE,
          page,
        });
        const items = fileSchema.array().parse(data);
        files.push(...items.map((file) => file.filename));
        if (items.length < PER_PAGE) break;
      }
      return files;
    },

    async workflowExists(workflowFile) {
      try {
        await request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}", {
          ...base,
          workflow_id: workflowFile,
        });
        return true;
      } catch (error) {
        if (statusIn(error, 404)) return false;
        throw error;
      }
    },

    async dispatchWorkflow(workflowFile, ref, inputs) {
      try {
        const { status, data } = await request(
          "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
          {
            ...base,
            workflow_id: workflowFile,
            ref,
            inputs,
            return_run_details: true,
          },
        );
        if (status === 204) return { kind: "run", runId: null, url: null };
        const run = dispatchSchema.parse(data);
        return { kind: "run", runId: run.workflow_run_id, url: run.html_url ?? null };
      } catch (error) {
        if (statusIn(error, 404)) return { kind: "missing" };
        throw error;
      }
    },

    async publishCheckRun(checkRunId, content) {
      const output = { title: content.title, summary: content.summary };
      const fields = {
        ...base,
        name: content.name,
        status: content.status,
        ...(content.conclusion ? { conclusion: content.conclusion } : {}),
        output,
        actions: content.actions,
      };
      const { data } =
        checkRunId === null
          ? await request("POST /repos/{owner}/{repo}/check-runs", { ...fields, head_sha: content.headSha })
          : await request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
              ...fields,
              check_run_id: checkRunId,
            });
      return checkRunSchema.parse(data).id;
    },

    async rerunCheck(checkRunId, url) {
      const job = ACTIONS_JOB.exec(url)?.[1];
      try {
        if (job) {
          await request("POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", {
            ...base,
            job_id: Number(job),
          });
        } else {
          await request("POST /repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest", {
            ...base,
            check_run_id: checkRunId,
          });
        }
        return "requested";
      } catch (error) {
        // GitHub re-runs only what it can: a check another app owns, or one gone, keeps its failure.
        if (statusIn(error, 403, 404, 422)) return "refused";
        throw error;
      }
    },

    async cancelRun(runId) {
      try {
        await request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...base, run_id: runId });
      } catch (error) {
        // 409: the run already finished; cancelling it is then nothing to do.
        if (!statusIn(error, 409)) throw error;
      }
    },

    async updateBranch(pullNumber, headSha) {
      try {
        await request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch", {
          ...base,
          pull_number: pullNumber,
          expected_head_sha: headSha,
        });
        return "updated";
      } catch (error) {
        if (!statusIn(error, 422)) throw error;
        return /conflict/i.test(String((error as { message?: unknown }).message ?? ""))
          ? "conflict"
          : "refused";
      }
    },

    async mergePull(pullNumber, sha, method) {
      try {
        const { data } = await request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", {
          ...base,
          pull_number: pullNumber,
          sha,
          merge_method: method,
        });
        const merged = mergeSchema.parse(data);
        return merged.merged && merged.sha
          ? { kind: "merged", sha: merged.sha }
          : { kind: "refused", status: 200 };
      } catch (error) {
        const status = statusOfError(error) ?? 0;
        const message = String((error as { message?: unknown }).message ?? "");
        // A repository with a merge queue takes merges only through it (`merge-async`).
        if (status === 405 && /merge queue/i.test(message)) return enqueue(pullNumber, sha, method);
        if (status === 405 && /conflict/i.test(message)) return { kind: "conflict" };
        if (status === 405 || status === 409 || status === 422) return { kind: "refused", status };
        throw error;
      }
    },

    async commitFile(file) {
      try {
        await request("POST /repos/{owner}/{repo}/git/refs", {
          ...base,
          ref: `refs/heads/${file.branch}`,
          sha: file.baseSha,
        });
      } catch (error) {
        if (!statusIn(error, 422)) throw error;
      }
      let existing: string | undefined;
      try {
        const { data } = await request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...base,
          path: file.path,
          ref: file.branch,
        });
        existing = contentSchema.safeParse(data).data?.sha;
      } catch (error) {
        if (!statusIn(error, 404)) throw error;
      }
      await request("PUT /repos/{owner}/{repo}/contents/{path}", {
        ...base,
        path: file.path,
        branch: file.branch,
        message: file.message,
        content: Buffer.from(file.content, "utf8").toString("base64"),
        ...(existing ? { sha: existing } : {}),
      });
    },

    async openPull(pull) {
      const { data } = await request("POST /repos/{owner}/{repo}/pulls", {
        ...base,
        head: pull.branch,
        base: pull.base,
        title: pull.title,
        body: pull.body,
      });
      const created = pullSchema.parse(data);
      return { number: created.number, url: created.html_url, headSha: created.head.sha };
    },
  };

  async function enqueue(
    pullNumber: number,
    sha: string,
    method: "squash" | "merge" | "rebase",
  ): Promise<MergeResult> {
    const { data } = await request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge-async", {
      ...base,
      pull_number: pullNumber,
      sha,
      merge_method: method,
      merge_action: "merge_queue",
    });
    const answer = mergeAsyncSchema.parse(data);
    return answer.status === "failed" ? { kind: "refused", status: 422 } : { kind: "enqueued" };
  }
}
