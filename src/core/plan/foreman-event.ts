import type { Actor } from "../commands/authorize-actor.ts";

/** An issue (or pull request) as a webhook shows it. */
export type EventIssue = {
  number: number;
  body: string;
  labels: string[];
  author: string;
  isPullRequest: boolean;
  /** how many issues this one blocks, when the payload says (`issue_dependencies_summary`) */
  blocking: number | null;
};

/**
 * Every webhook Foreman subscribes to, parsed once at the edge (`parseForemanEvent`) into what the
 * routing needs: handlers never read payloads.
 */
export type ForemanEvent =
  | {
      kind: "issue";
      action: "opened" | "edited" | "closed" | "reopened" | "labeled" | "unlabeled" | "other";
      issue: EventIssue;
      sender: Actor;
      /** the label added or removed, for `labeled` / `unlabeled` */
      label: string | null;
    }
  | {
      kind: "comment";
      comment: { id: number; body: string; author: Actor };
      issue: EventIssue;
    }
  | {
      /** activity on branches: pull requests, reviews, check runs and suites, workflow runs, statuses */
      kind: "branches";
      source: string;
      branches: string[];
    }
  | {
      /** a person pressed one of a check run's `requested_action` buttons */
      kind: "check-action";
      identifier: string;
      sender: Actor;
      checkRun: {
        id: number;
        name: string;
        /** the check suite's head branch and the heads of the pull requests the check run is on */
        branches: string[];
        pullNumbers: number[];
      };
    }
  | {
      /** the merge queue asks for checks on a merge group (`merge_group.checks_requested`) */
      kind: "merge-group";
      /** the pull requests in the group, read from its branch `gh-readonly-queue/<base>/pr-<n>-<sha>` */
      pullNumbers: number[];
    }
  | { kind: "other"; name: string };
