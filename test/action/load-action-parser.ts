import { register } from "node:module";

/**
 * `@actions/workflow-parser` imports its schema JSON without `with { type: "json" }`, which Node 20
 * refuses once Vitest leaves the package to Node's own loader. This load hook adds the attribute; it
 * is registered before the package is first imported. (The local GitHub's tests have their own: the
 * package boundary keeps test helpers from crossing.)
 */
const JSON_ATTRIBUTE_HOOK = `export async function load(url, context, nextLoad) {
  if (url.endsWith(".json")) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}`;

let registered = false;

export async function loadActionParser() {
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(JSON_ATTRIBUTE_HOOK)}`);
    registered = true;
  }
  const [workflows, actions] = await Promise.all([
    import("@actions/workflow-parser"),
    import("@actions/workflow-parser/actions/index"),
  ]);
  return { ...workflows, ...actions };
}
