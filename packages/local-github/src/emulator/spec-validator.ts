import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { type JsonSchema, loadOpenApiDocument, type SpecOperation } from "./load-openapi-document.ts";

/** One problem with a request, in the vocabulary of GitHub's 422 `errors` entries. */
export interface RequestProblem {
  field: string;
  code: "missing_field" | "invalid";
  message: string;
}

let sharedAjv: Ajv | undefined;
const compiledByKey = new Map<string, ValidateFunction>();

/** One Ajv per process: compiling GitHub's schemas costs 10–150 ms each, so compiled validators are shared. */
function specAjv(): Ajv {
  if (sharedAjv) return sharedAjv;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false });
  // ajv-formats is CommonJS: Node's default import is module.exports, whose `default` is the plugin.
  ajvFormats.default(ajv);
  // Formats GitHub's description uses beyond JSON Schema's: "owner/name" and a numeric or ISO timestamp.
  ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
  ajv.addFormat("timestamp", true);
  ajv.addSchema(loadOpenApiDocument().componentsSchema);
  sharedAjv = ajv;
  return ajv;
}

function compiled(key: string, schema: JsonSchema): ValidateFunction {
  const known = compiledByKey.get(key);
  if (known) return known;
  const validate = specAjv().compile(schema);
  compiledByKey.set(key, validate);
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined, limit = 5): string[] {
  return (errors ?? [])
    .slice(0, limit)
    .map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`);
}

/** Query and path values arrive as text; the spec says which JSON type each one means. */
function coerceParameter(text: string, schema: JsonSchema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (type === "array") return text.split(",");
  return text;
}

/** Validates requests, responses and webhook payloads against GitHub's OpenAPI description. */
export class SpecValidator {
  /** Path and query parameters, typed per the spec; problems name the parameter. */
  parameters(
    operation: SpecOperation,
    pathValues: Record<string, string>,
    query: URLSearchParams,
  ): { path: Record<string, unknown>; query: Record<string, unknown>; problems: RequestProblem[] } {
    const values: Record<"path" | "query", Record<string, unknown>> = { path: {}, query: {} };
    const problems: RequestProblem[] = [];
    for (const parameter of operation.parameters) {
      if (parameter.in !== "path" && parameter.in !== "query") continue;
      const text =
        parameter.in === "path" ? pathValues[parameter.name] : (query.get(parameter.name) ?? undefined);
      if (text === undefined) {
        if (parameter.required) {
          problems.push({
            field: parameter.name,
            code: "missing_field",
            message: `${parameter.name} is required`,
          });
        }
        continue;
      }
      const value = coerceParameter(text, parameter.schema);
      const validate = compiled(`param:${operation.operationId}:${parameter.name}`, parameter.schema);
      if (validate(value)) {
        values[parameter.in][parameter.name] = value;
      } else {
        problems.push({
          field: parameter.name,
          code: "invalid",
          message: `${parameter.name} ${describe(validate.errors, 1).join("; ")}`.trim(),
        });
      }
    }
    return { ...values, problems };
  }

  /** The JSON body against the operation's request schema. */
  body(operation: SpecOperation, body: unknown): RequestProblem[] {
    if (!operation.requestBody) return [];
    if (body === undefined && !operation.requestBody.required) return [];
    const validate = compiled(`body:${operation.operationId}`, operation.requestBody.schema);
    // A required body that is absent is reported field by field, as if `{}` had been sent.
    if (validate(body ?? {})) return [];
    return (validate.errors ?? []).map((error) => {
      if (error.keyword === "required") {
        const missing = String(error.params.missingProperty);
        const parent = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
        const field = parent ? `${parent}.${missing}` : missing;
        return { field, code: "missing_field", message: `${field} wasn't supplied` };
      }
      const field = error.instancePath.replace(/^\//, "").replaceAll("/", ".") || "body";
      return { field, code: "invalid", message: `${field} ${error.message ?? "is invalid"}` };
    });
  }

  /** Violations of the documented response for this status (empty when it conforms). */
  response(operation: SpecOperation, status: number, body: unknown): string[] {
    const key = String(status);
    if (!operation.responses.has(key)) {
      // GitHub answers 4xx/5xx that individual operations do not document (404 on checks/get, …); only an
      // undocumented success is a contract break.
      return status < 400 ? [`${operation.operationId}: status ${status} is not documented`] : [];
    }
    const schema = operation.responses.get(key) ?? null;
    if (schema === null) {
      // Error statuses documented without a schema still carry GitHub's error body.
      return body === undefined || status >= 400
        ? []
        : [`${operation.operationId} ${status}: documented without a body`];
    }
    const validate = compiled(`response:${operation.operationId}:${key}`, schema);
    if (validate(body)) return [];
    return describe(validate.errors).map((problem) => `${operation.operationId} ${status}: ${problem}`);
  }

  /** A webhook payload against the spec's x-webhooks schema ("issues-opened", "push", …). */
  webhook(name: string, payload: unknown): string[] {
    const schema = loadOpenApiDocument().webhookSchemas.get(name);
    if (!schema) return [`webhook ${name}: not described in the OpenAPI document`];
    const validate = compiled(`webhook:${name}`, schema);
    if (validate(payload)) return [];
    return describe(validate.errors).map((problem) => `webhook ${name}: ${problem}`);
  }
}
