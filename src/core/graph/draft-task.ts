import type { OrderLine } from "./read-order-statements.ts";
import type { Reference } from "./read-references.ts";
import type { Diagnostic, DocumentStatus, Step } from "./task-graph.ts";

/** A reference together with where it was written, so diagnostics can point at it. */
export interface PlacedReference {
  ref: Reference;
  line: number;
  column: number;
}

/** A task as read from the document, before references are resolved into dependency edges. */
export interface DraftTask {
  id: string;
  /** True for a checklist item without an id; it gets a number only if the document has no ids at all. */
  idGenerated: boolean;
  title: string;
  status: DocumentStatus;
  parallel: boolean;
  optional: boolean;
  issue: number | null;
  phase: string | null;
  description: string[];
  steps: Step[];
  acceptance: string[];
  verify: string[];
  specs: string[];
  files: string[];
  depRefs: PlacedReference[];
  blockRefs: PlacedReference[];
  parallelRefs: PlacedReference[];
  conflictRefs: PlacedReference[];
  /** Done when its subtasks are, whatever text it has (a Task Master parent). */
  container: boolean;
  /** `Depends on: none` — no implied order or phase edge either. */
  explicitNone: boolean;
  priority: string | null;
  complexity: string | null;
  type: string | null;
  typeAt: { line: number; column: number } | null;
  agent: string | null;
  labels: string[];
  line: number;
  column: number;
}

export interface DraftPlan {
  title: string | null;
  summary: string;
  settings: Record<string, unknown>;
  phases: Array<{ name: string; line: number }>;
  tasks: DraftTask[];
  /** Lines of the plan's dependency prose and flowcharts, read once the groups are known. */
  orderLines: OrderLine[];
  diagnostics: Diagnostic[];
}

export function newDraftTask(id: string, line: number, column: number): DraftTask {
  return {
    id,
    idGenerated: false,
    title: "",
    status: "todo",
    parallel: false,
    optional: false,
    issue: null,
    phase: null,
    description: [],
    steps: [],
    acceptance: [],
    verify: [],
    specs: [],
    files: [],
    depRefs: [],
    blockRefs: [],
    parallelRefs: [],
    conflictRefs: [],
    container: false,
    explicitNone: false,
    priority: null,
    complexity: null,
    type: null,
    typeAt: null,
    agent: null,
    labels: [],
    line,
    column,
  };
}
