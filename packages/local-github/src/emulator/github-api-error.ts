export const GENERIC_DOCUMENTATION_URL = "https://docs.github.com/rest";

export interface ValidationErrorEntry {
  resource: string;
  code: "missing_field" | "invalid" | "already_exists" | "missing" | "custom" | "unprocessable";
  field?: string;
  message?: string;
}

/**
 * A failure answered in GitHub's own error shape. Handlers throw it; the server fills in the operation's
 * documentation URL when the thrower did not know it.
 */
export class GitHubApiError extends Error {
  readonly status: number;
  readonly errors: ValidationErrorEntry[] | undefined;
  readonly headers: Record<string, string>;
  readonly documentationUrl: string | undefined;
  /** an operation's own error body where the spec documents one (e.g. merge-async's `{status, details}`) */
  readonly documentedBody: unknown;

  constructor(
    status: number,
    message: string,
    options: {
      errors?: ValidationErrorEntry[];
      headers?: Record<string, string>;
      documentationUrl?: string;
      documentedBody?: unknown;
    } = {},
  ) {
    super(message);
    this.documentedBody = options.documentedBody;
    this.status = status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.documentationUrl = options.documentationUrl;
  }

  /** `{"message", "errors"?, "documentation_url", "status"}` — the body GitHub sends with every error. */
  body(fallbackDocumentationUrl: string): unknown {
    if (this.documentedBody !== undefined) return this.documentedBody;
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl ?? fallbackDocumentationUrl,
      status: String(this.status),
    };
  }
}

export function notFound(): GitHubApiError {
  return new GitHubApiError(404, "Not Found");
}

export function validationFailed(errors: ValidationErrorEntry[]): GitHubApiError {
  return new GitHubApiError(422, "Validation Failed", { errors });
}

export function unprocessable(message: string): GitHubApiError {
  return new GitHubApiError(422, message);
}

export function forbidden(message: string): GitHubApiError {
  return new GitHubApiError(403, message);
}
