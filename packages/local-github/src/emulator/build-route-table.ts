import type { HttpMethod, SpecOperation } from "./load-openapi-document.ts";

export interface RouteMatch {
  operation: SpecOperation;
  pathValues: Record<string, string>;
}

export interface RouteTable {
  match(method: string, pathname: string): RouteMatch | null;
  /** Whether any operation answers this path with another method (GitHub then says 404 too, so this is for accounting). */
  knowsPath(pathname: string): boolean;
}

/**
 * Parameters GitHub lets span several segments: `git/refs/heads/feature/x`, `contents/src/a.ts`,
 * `branches/foreman/1/t1`. Clients may also send them with `%2F`, which a single segment already covers.
 */
const MULTI_SEGMENT_PARAMETERS = new Set(["ref", "path", "branch", "name"]);

interface CompiledRoute {
  operation: SpecOperation;
  pattern: RegExp;
  parameterNames: string[];
  literalSegments: number;
  multiSegment: boolean;
}

function compileRoute(operation: SpecOperation, allowMultiSegment: boolean): CompiledRoute {
  const parameterNames: string[] = [];
  let literalSegments = 0;
  let multiSegment = false;
  const parts = operation.pathTemplate
    .split("/")
    .slice(1)
    .map((segment) => {
      const parameter = /^\{([^}]+)\}$/.exec(segment);
      if (!parameter?.[1]) {
        literalSegments += 1;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }
      parameterNames.push(parameter[1]);
      if (allowMultiSegment && MULTI_SEGMENT_PARAMETERS.has(parameter[1])) {
        multiSegment = true;
        return "(.+)";
      }
      return "([^/]+)";
    });
  // A trailing `{path}` may be empty: GET /repos/o/r/contents lists the repository root.
  const source =
    multiSegment && operation.pathTemplate.endsWith("/{path}")
      ? `^/${parts.slice(0, -1).join("/")}(?:/(.*))?$`
      : `^/${parts.join("/")}/?$`;
  return {
    operation,
    pattern: new RegExp(source),
    parameterNames,
    literalSegments,
    multiSegment,
  };
}

/** Path templates of the spec → operations; the most literal template wins, as on GitHub. */
export function buildRouteTable(operations: SpecOperation[]): RouteTable {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const operation of operations) {
    const routes = byMethod.get(operation.method) ?? [];
    routes.push(compileRoute(operation, false));
    const multi = compileRoute(operation, true);
    if (multi.multiSegment) routes.push(multi);
    byMethod.set(operation.method, routes);
  }
  for (const routes of byMethod.values()) {
    routes.sort(
      (a, b) =>
        Number(a.multiSegment) - Number(b.multiSegment) ||
        b.literalSegments - a.literalSegments ||
        a.parameterNames.length - b.parameterNames.length,
    );
  }

  const match = (method: string, pathname: string): RouteMatch | null => {
    const lookup: HttpMethod | string = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
    for (const route of byMethod.get(lookup) ?? []) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const pathValues: Record<string, string> = {};
      let decodable = true;
      route.parameterNames.forEach((name, index) => {
        try {
          pathValues[name] = decodeURIComponent(found[index + 1] ?? "");
        } catch {
          decodable = false;
        }
      });
      if (decodable) return { operation: route.operation, pathValues };
    }
    return null;
  };

  return {
    match,
    knowsPath: (pathname) => [...byMethod.keys()].some((method) => match(method, pathname) !== null),
  };
}
