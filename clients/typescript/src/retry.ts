/**
 * The retry policy, as pure functions: which answers to retry and how long to wait (the same rules
 * as the Python SDK's `_retry.py`).
 *
 * Retried: connection errors and timeouts, 408, 409, 429 and 5xx — unless the server says
 * `X-Should-Retry: false` (`true` forces a retry), and never a quota or budget refusal. The wait is
 * exponential backoff with full jitter (uniform in [0, min(maxDelay, initialDelay · 2^attempt)]);
 * a server's `retry-after-ms` or `Retry-After` (seconds or an HTTP date) replaces it, waited out in
 * full plus up to 10 % (≤ 1 s) of jitter. A server-directed wait above `maxRetryAfter` is not waited:
 * the error is thrown with its `retryAfter` for the caller.
 */

/** Refusals that waiting a few seconds cannot fix (quotas and budgets). */
export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  "quota_exceeded",
  "daily_quota_exceeded",
  "budget_exceeded",
  "insufficient_quota",
]);

export interface RetryPolicy {
  /** Retries after the first try (default 2). */
  maxRetries: number;
  /** Seconds; the first backoff's ceiling (default 0.5). */
  initialDelay: number;
  /** Seconds; the backoff's cap (default 8). */
  maxDelay: number;
  /** Seconds; a longer `Retry-After` is not waited out (default 120). */
  maxRetryAfter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, initialDelay: 0.5, maxDelay: 8, maxRetryAfter: 120 };

/**
 * Seconds a server asks to wait, from `retry-after-ms` or `Retry-After` (delay-seconds or an HTTP
 * date), never negative; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const millis = seconds(headers.get("retry-after-ms"));
  if (millis !== undefined) return millis / 1000;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const delay = seconds(value);
  if (delay !== undefined) return delay;
  const when = Date.parse(value.trim());
  return Number.isNaN(when) ? undefined : Math.max(0, (when - now) / 1000);
}

function seconds(text: string | null): number | undefined {
  if (text === null || !/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? Math.max(0, value) : undefined;
}

/** Whether an error answer is worth another try. */
export function isRetryable(status: number, headers: Headers, code?: string): boolean {
  const should = headers.get("x-should-retry");
  if (should === "true") return true;
  if (should === "false" || (code !== undefined && PERMANENT_CODES.has(code))) return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Full jitter for the `attempt`-th retry (from 0), in seconds. */
export function backoff(attempt: number, policy: RetryPolicy, rand: () => number = Math.random): number {
  return rand() * Math.min(policy.maxDelay, policy.initialDelay * 2 ** attempt);
}

/**
 * Seconds to wait before the next try, or `undefined` to give up now. `attempt` counts the retries
 * already made.
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfter?: number,
  rand: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  if (retryAfter !== undefined) {
    if (retryAfter > policy.maxRetryAfter) return undefined;
    return retryAfter + rand() * Math.min(1, 0.1 * retryAfter);
  }
  return backoff(attempt, policy, rand);
}
