import { register } from "node:module";

/**
 * `@actions/workflow-parser` imports its schema JSON without `with { type: "json" }`, which Node 20's
 * own loader refuses (tsx forgives it, Vitest and a plain build do not). This load hook adds the
 * attribute for `.json` files; it is registered once, before the package is first imported.
 */
const JSON_ATTRIBUTE_HOOK = `export async function load(url, context, nextLoad) {
  if (url.endsWith(".json")) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}`;

let registered = false;

export async function loadWorkflowParser(): Promise<typeof import("@actions/workflow-parser")> {
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(JSON_ATTRIBUTE_HOOK)}`);
    registered = true;
  }
  return import("@actions/workflow-parser");
}
