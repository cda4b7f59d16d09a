/**
 * Errors the SDK throws, one class per HTTP status, each carrying the server's problem-details `code`.
 *
 * - `ImagegateError`
 *   - `APIConnectionError`: no answer (refused, reset, DNS…) after the last retry; names the URL
 *     - `APITimeoutError`: no answer in time (or a job did not finish in time)
 *   - `APIUserAbortError`: your `AbortSignal` fired
 *   - `APIStatusError`: an error answer (`status`, `code`, `message`, `errors`, `requestId`)
 *     - `BadRequestError` 400, `AuthenticationError` 401, `PermissionDeniedError` 403,
 *       `NotFoundError` 404, `ConflictError` 409, `UnprocessableEntityError` 422,
 *       `RateLimitError` 429 (`retryAfter`), `QuotaExceededError` (a quota or budget: not retried),
 *       `InternalServerError` 5xx
 *   - `JobFailedError`: a job ended `failed` or `canceled` where images were expected
 *   - `WebhookVerificationError`: a webhook's headers, timestamp or signature do not check out
 */
import { PERMANENT_CODES, parseRetryAfter } from "./retry.js";
import type { Job } from "./types.js";

/** Base of every error this SDK throws. */
export class ImagegateError extends Error {
  override name = "ImagegateError";
}

/** The request got no answer: refused, dropped, DNS, TLS… `url` names where it went. */
export class APIConnectionError extends ImagegateError {
  override name = "APIConnectionError";
  constructor(
    message: string,
    readonly method?: string,
    readonly url?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server did not answer (or a job did not finish) in time. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

/** The caller's `AbortSignal` aborted the request. Never retried. */
export class APIUserAbortError extends ImagegateError {
  override name = "APIUserAbortError";
}

/** One offending field of a request, as the server names it. */
export interface FieldError {
  /** Where: e.g. `body.width`. */
  loc?: string;
  field?: string;
  message?: string;
  code?: string;
  [key: string]: unknown;
}

/** An error answer (RFC 9457 problem details). */
export class APIStatusError extends ImagegateError {
  override name = "APIStatusError";
  /** The server's stable machine-readable code, e.g. `rate_limited`, `validation_error`. */
  readonly code: string | undefined;
  /** The server's explanation. */
  override readonly message: string;
  /** The fields a 422 (or 400) names. */
  readonly errors: FieldError[];
  /** Quote it to find the request in the server's logs. */
  readonly requestId: string | undefined;
  readonly headers: Headers;

  constructor(
    readonly status: number,
    readonly body: unknown,
    headers: Headers = new Headers(),
  ) {
    const detail = isRecord(body) ? body : {};
    const nested = isRecord(detail.error) ? detail.error : {};
    const code = str(detail.code) ?? str(nested.code);
    const message = str(detail.detail) ?? str(detail.message) ?? str(nested.message) ?? String(body);
    super(`${status}${code ? ` ${code}` : ""}: ${message}`);
    this.code = code;
    this.message = message;
    this.errors = Array.isArray(detail.errors) ? (detail.errors as FieldError[]) : [];
    this.requestId = str(detail.request_id) ?? headers.get("x-request-id") ?? undefined;
    this.headers = headers;
  }
}

export class BadRequestError extends APIStatusError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIStatusError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIStatusError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIStatusError {
  override name = "NotFoundError";
}
export class ConflictError extends APIStatusError {
  override name = "ConflictError";
}
export class UnprocessableEntityError extends APIStatusError {
  override name = "UnprocessableEntityError";
}

/** Too many requests right now; `retryAfter` says in how many seconds to come back. */
export class RateLimitError extends APIStatusError {
  override name = "RateLimitError";
  /** Seconds the server asked to wait (`Retry-After`/`retry-after-ms`, else the body's `retry_after`). */
  get retryAfter(): number | undefined {
    const fromHeaders = parseRetryAfter(this.headers);
    if (fromHeaders !== undefined) return fromHeaders;
    const fromBody = isRecord(this.body) ? this.body.retry_after : undefined;
    return typeof fromBody === "number" ? fromBody : undefined;
  }
}

/** A daily quota or a budget is used up: never retried, it resets on its own schedule. */
export class QuotaExceededError extends RateLimitError {
  override name = "QuotaExceededError";
}

export class InternalServerError extends APIStatusError {
  override name = "InternalServerError";
}

/** The job ended `failed` or `canceled`; `job.error` says why. */
export class JobFailedError extends ImagegateError {
  override name = "JobFailedError";
  constructor(readonly job: Job) {
    const error = job.error;
    super(`job ${job.id} ${job.status}: ${error ? `${error.code}: ${error.message}` : "no error given"}`);
  }
  get code(): string | undefined {
    return this.job.error?.code ?? undefined;
  }
}

/** Thrown by `verifyWebhook` for anything short of a valid, fresh, correctly signed delivery. */
export class WebhookVerificationError extends ImagegateError {
  override name = "WebhookVerificationError";
}

const BY_STATUS: Record<number, typeof APIStatusError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The typed error for an error answer. */
export function errorFor(status: number, body: unknown, headers: Headers): APIStatusError {
  const code = isRecord(body) ? body.code : undefined;
  if ((status === 402 || status === 429) && typeof code === "string" && PERMANENT_CODES.has(code)) {
    return new QuotaExceededError(status, body, headers);
  }
  const cls = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIStatusError);
  return new cls(status, body, headers);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
