import type { operations } from "@octokit/openapi-types";
import type { EmulatorRuntime } from "./emulator-runtime.ts";

export type OperationId = keyof operations;

/** A non-JSON answer, e.g. a file's bytes for `Accept: application/vnd.github.raw`. */
export interface RawBody {
  contentType: string;
  data: Buffer;
}

/** Who is calling: a user or bot token, an installation token, or the app itself (JWT, /app endpoints only). */
export type Actor =
  | { kind: "user"; login: string }
  | { kind: "installation"; login: string; installationId: number; appId: number }
  | { kind: "app"; login: string; appId: number };

type ParametersOf<Id extends OperationId> = operations[Id] extends { parameters: infer P } ? P : never;
export type PathOf<Id extends OperationId> =
  ParametersOf<Id> extends { path: infer P } ? P : Record<string, never>;
export type QueryOf<Id extends OperationId> =
  ParametersOf<Id> extends { query?: infer Q } ? NonNullable<Q> : Record<string, never>;
export type BodyOf<Id extends OperationId> = operations[Id] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : operations[Id] extends { requestBody?: { content: { "application/json": infer B } } }
    ? B | undefined
    : undefined;

type ResponsesOf<Id extends OperationId> = operations[Id]["responses"];
type JsonContentOf<R> = R extends { content: { "application/json": infer B } } ? B : undefined;

/** A successful answer, typed by the spec: the status must be documented and the body must match it. */
export type OperationResult<Id extends OperationId> = {
  [Status in keyof ResponsesOf<Id>]: Status extends 200 | 201 | 202 | 204 | 302
    ? {
        status: Status;
        body: JsonContentOf<ResponsesOf<Id>[Status]>;
        headers?: Record<string, string>;
        /** Sent instead of the JSON body when the client asked for a raw media type; `body` is still validated. */
        raw?: RawBody;
      }
    : never;
}[keyof ResponsesOf<Id>];

/** What a handler receives once the request matched its route, authenticated and passed validation. */
export interface OperationRequest<Id extends OperationId> {
  runtime: EmulatorRuntime;
  actor: Actor;
  path: PathOf<Id>;
  query: QueryOf<Id>;
  body: BodyOf<Id>;
  url: URL;
  /** the request's Accept header ("" when absent), for media types such as `application/vnd.github.raw` */
  accept: string;
}

export type OperationHandler<Id extends OperationId> = (
  request: OperationRequest<Id>,
) => Promise<OperationResult<Id>>;

export type OperationHandlers = { [Id in OperationId]?: OperationHandler<Id> };

/** A handler seen from the dispatcher, before the spec's types are known. */
export interface UntypedOperationRequest {
  runtime: EmulatorRuntime;
  actor: Actor;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  url: URL;
  /** the request's Accept header ("" when absent), for media types such as `application/vnd.github.raw` */
  accept: string;
}
export type UntypedOperationResult = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: RawBody;
};

/**
 * The one place where requests lose their static types: the dispatcher only knows the operation id at
 * run time. That is sound because parameters and bodies were validated against the same OpenAPI document
 * the types are generated from before any handler runs.
 */
export function findOperationHandler(
  handlers: OperationHandlers,
  operationId: string,
): ((request: UntypedOperationRequest) => Promise<UntypedOperationResult>) | undefined {
  const handler = Object.hasOwn(handlers, operationId) ? Reflect.get(handlers, operationId) : undefined;
  return typeof handler === "function" ? handler : undefined;
}
