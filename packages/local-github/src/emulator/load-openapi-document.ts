import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";

/** Where the normalised components live for Ajv: every `$ref` in the document is rewritten to point here. */
export const SPEC_SCHEMA_ID = "https://emulator.local/api.github.com.json";

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete" | "head";

export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
}

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  pathTemplate: string;
  parameters: SpecParameter[];
  requestBody: { required: boolean; schema: JsonSchema } | null;
  /** status code ("200", "404", …) → JSON schema of the body, or null when the response has no JSON body */
  responses: Map<string, JsonSchema | null>;
  documentationUrl: string;
}

export interface OpenApiDocument {
  operations: SpecOperation[];
  operationsById: Map<string, SpecOperation>;
  /** x-webhooks name ("issues-opened") → payload schema */
  webhookSchemas: Map<string, JsonSchema>;
  /** `{ $id, components }`, added to Ajv once so every rewritten `$ref` resolves */
  componentsSchema: JsonSchema;
}

const HTTP_METHODS: readonly string[] = [
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
] satisfies HttpMethod[];

function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.includes(method);
}

const referenceSchema = z.object({ $ref: z.string() });
const parameterSchema = z.looseObject({
  name: z.string(),
  in: z.enum(["path", "query", "header", "cookie"]),
  required: z.boolean().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
});
const mediaSchema = z.looseObject({ schema: z.record(z.string(), z.unknown()).optional() });
const bodySchema = z.looseObject({
  required: z.boolean().optional(),
  content: z.record(z.string(), mediaSchema).optional(),
});
const operationSchema = z.looseObject({
  operationId: z.string(),
  parameters: z.array(z.union([referenceSchema, parameterSchema])).optional(),
  requestBody: z.union([referenceSchema, bodySchema]).optional(),
  responses: z.record(z.string(), z.union([referenceSchema, bodySchema])),
  externalDocs: z.looseObject({ url: z.string() }).optional(),
});
const documentSchema = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  "x-webhooks": z.record(z.string(), z.looseObject({ post: z.looseObject({ requestBody: bodySchema }) })),
  components: z.looseObject({
    schemas: z.record(z.string(), z.unknown()),
    parameters: z.record(z.string(), z.unknown()),
    responses: z.record(z.string(), z.unknown()),
  }),
});

/**
 * Known defects of the description that no real response can satisfy, replaced by the schema GitHub's
 * answers actually follow. Each entry says why; nothing else is patched.
 */
const SPEC_ERRATA: Array<{ operationId: string; status: string; schema: JsonSchema; reason: string }> = [
  {
    operationId: "apps/list-installations",
    status: "200",
    schema: { type: "array", items: { $ref: `${SPEC_SCHEMA_ID}#/components/schemas/installation` } },
    reason:
      "the inline item schema requires `account` to be a user and an enterprise at once (allOf); the `installation` component says anyOf",
  },
  {
    operationId: "repos/create-or-update-file-contents",
    status: "409",
    schema: {
      anyOf: [
        { $ref: `${SPEC_SCHEMA_ID}#/components/schemas/basic-error` },
        { $ref: `${SPEC_SCHEMA_ID}#/components/schemas/repository-rule-violation-error` },
      ],
    },
    reason:
      "oneOf of two open schemas with no required fields: every error body matches both, so oneOf refuses them all",
  },
];

let cached: OpenApiDocument | undefined;

/**
 * GitHub's official description of api.github.com, read once per process (13 MB, ~0.3 s), with OpenAPI 3.0's
 * `nullable` rewritten to JSON Schema unions so Ajv validates `null` the way GitHub sends it.
 */
export function loadOpenApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const raw = documentSchema.parse(normaliseSchemaNode(JSON.parse(readFileSync(file, "utf8"))));
  const resolveLocal = (reference: string): unknown => {
    const pointer = reference.startsWith(SPEC_SCHEMA_ID) ? reference.slice(SPEC_SCHEMA_ID.length) : reference;
    let node: unknown = raw;
    for (const part of pointer.replace(/^#\//, "").split("/")) {
      node = node !== null && typeof node === "object" ? Reflect.get(node, part) : undefined;
    }
    return node;
  };
  const deref = (node: unknown): unknown => {
    let current = node;
    for (let depth = 0; depth < 10; depth++) {
      const reference = referenceSchema.safeParse(current);
      if (!reference.success) return current;
      current = resolveLocal(reference.data.$ref);
    }
    return current;
  };

  const operations: SpecOperation[] = [];
  for (const [pathTemplate, item] of Object.entries(raw.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!isHttpMethod(method)) continue;
      const operation = operationSchema.parse(value);
      const parameters = (operation.parameters ?? []).map((entry) => {
        const parameter = parameterSchema.parse(deref(entry));
        return {
          name: parameter.name,
          in: parameter.in,
          required: parameter.required ?? false,
          schema: parameter.schema ?? {},
        } satisfies SpecParameter;
      });
      const body = operation.requestBody ? bodySchema.parse(deref(operation.requestBody)) : null;
      const bodyJson = body?.content?.["application/json"]?.schema;
      const responses = new Map<string, JsonSchema | null>();
      for (const [status, response] of Object.entries(operation.responses)) {
        const resolved = bodySchema.parse(deref(response));
        responses.set(status, resolved.content?.["application/json"]?.schema ?? null);
      }
      operations.push({
        operationId: operation.operationId,
        method,
        pathTemplate,
        parameters,
        requestBody: bodyJson ? { required: body?.required ?? false, schema: bodyJson } : null,
        responses,
        documentationUrl: operation.externalDocs?.url ?? "https://docs.github.com/rest",
      });
    }
  }

  for (const erratum of SPEC_ERRATA) {
    operations
      .find((operation) => operation.operationId === erratum.operationId)
      ?.responses.set(erratum.status, erratum.schema);
  }

  const webhookSchemas = new Map<string, JsonSchema>();
  for (const [name, webhook] of Object.entries(raw["x-webhooks"])) {
    const schema = webhook.post.requestBody.content?.["application/json"]?.schema;
    if (schema) webhookSchemas.set(name, schema);
  }

  cached = {
    operations,
    operationsById: new Map(operations.map((operation) => [operation.operationId, operation])),
    webhookSchemas,
    componentsSchema: { $id: SPEC_SCHEMA_ID, components: raw.components },
  };
  return cached;
}

/**
 * Rewrites one level of the document (recursively): local `$ref`s become absolute so any fragment can be
 * compiled on its own, and `nullable: true` becomes a JSON Schema union.
 */
function normaliseSchemaNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseSchemaNode);
  if (node === null || typeof node !== "object") return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    result[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? `${SPEC_SCHEMA_ID}${value}`
        : normaliseSchemaNode(value);
  }
  if (result.nullable !== true) return result;
  delete result.nullable;
  if (result.type !== undefined) {
    result.type = Array.isArray(result.type) ? [...result.type, "null"] : [result.type, "null"];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
    return result;
  }
  if (result.oneOf !== undefined || result.anyOf !== undefined || result.allOf !== undefined) {
    return { anyOf: [result, { type: "null" }] };
  }
  // `nullable` without a type constrains nothing, so null is already accepted.
  return result;
}
