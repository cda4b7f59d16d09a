/** What every resource shares: the resolved options, and one HTTP request with its retries. */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  ImagegateError,
  errorFor,
  type APIStatusError,
} from "./errors.js";
import { DEFAULT_RETRY, isRetryable, parseRetryAfter, retryDelay, type RetryPolicy } from "./retry.js";

export const VERSION = "0.1.0";

/** How to reach the server; every field but `baseURL` and `apiKey` has a default. */
export interface ClientOptions {
  /** The server, e.g. `http://127.0.0.1:8000`; else `IMAGEGATE_URL` from the environment (Node). */
  baseURL?: string;
  /** An `ig_…` key; else `IMAGEGATE_API_KEY` from the environment (Node). */
  apiKey?: string;
  /** Milliseconds per HTTP request (default 60 000). Waiting for a job has its own `timeout`. */
  timeout?: number;
  /** Retries of a failed request: connection errors, timeouts, 408/409/429/5xx (default 2). */
  maxRetries?: number;
  /** Seconds: a longer `Retry-After` is not waited out but thrown as a `RateLimitError` (default 120). */
  maxRetryAfter?: number;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Your own `fetch` (a proxy agent, a test double); the platform's by default. */
  fetch?: typeof fetch;
}

/** Per-call settings every method takes last. */
export interface RequestOptions {
  /** Aborts the call (including its retries and waits) with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Milliseconds per HTTP request, instead of the client's. */
  timeout?: number;
  /** Retries, instead of the client's. */
  maxRetries?: number;
  /** More headers for this call. */
  headers?: Record<string, string>;
}

export interface Resolved {
  baseURL: string;
  apiKey: string;
  timeout: number;
  retry: RetryPolicy;
  defaultHeaders: Record<string, string>;
  fetch: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

function fromEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value ? value : undefined;
}

/** Checks the options and fills the defaults; throws before any request when something is missing. */
export function resolveOptions(options: ClientOptions): Resolved {
  const baseURL = options.baseURL ?? fromEnv("IMAGEGATE_URL");
  if (!baseURL) {
    throw new ImagegateError(
      "no server: pass baseURL (e.g. new Imagegate({ baseURL: 'http://127.0.0.1:8000', apiKey })) or set IMAGEGATE_URL",
    );
  }
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new ImagegateError(`baseURL ${JSON.stringify(baseURL)} is not a URL (e.g. http://127.0.0.1:8000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ImagegateError(`baseURL must be http(s), got ${JSON.stringify(baseURL)}`);
  }
  const apiKey = options.apiKey ?? fromEnv("IMAGEGATE_API_KEY");
  if (!apiKey) {
    throw new ImagegateError("no API key: pass apiKey ('ig_…', printed by the server on its first start) or set IMAGEGATE_API_KEY");
  }
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new ImagegateError("maxRetries must be an integer ≥ 0");
  // Bound: a browser's fetch called with another `this` throws "Illegal invocation".
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== "function") throw new ImagegateError("no fetch on this platform: pass options.fetch");
  return {
    // A base URL ending in /v1 (as the OpenAI dialect's) is accepted: paths here start with /v1.
    baseURL: baseURL.replace(/\/+$/, "").replace(/\/v1$/, ""),
    apiKey,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, maxRetries, maxRetryAfter: options.maxRetryAfter ?? DEFAULT_RETRY.maxRetryAfter },
    defaultHeaders: { ...options.defaultHeaders },
    fetch: fetchImpl,
  };
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Call extends RequestOptions {
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A multipart body (files). */
  form?: FormData;
  /** With `stream`, the answer comes back with its body unread (the timeout covers the headers only). */
  stream?: boolean;
}

/** A successful answer: its status, headers and (unless streamed) its body bytes. */
export interface Answer {
  response: Response;
  bytes: Uint8Array;
}

/** Sends one API call with retries: the HTTP layer under every resource. */
export class Transport {
  constructor(readonly options: Resolved) {}

  url(path: string, query?: Query): string {
    const url = new URL(path.startsWith("http") ? path : this.options.baseURL + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /**
   * Send with retries; resolve with the successful answer or throw the typed error of the last
   * one. Every POST carries an `Idempotency-Key` (the caller's, else a new one) that its retries repeat.
   */
  async request(method: string, path: string, call: Call = {}): Promise<Answer> {
    const url = this.url(path, call.query);
    const headers = new Headers({
      Accept: "application/json",
      "User-Agent": `imagegate-js/${VERSION}`,
      ...this.options.defaultHeaders,
      ...call.headers,
      Authorization: `Bearer ${this.options.apiKey}`,
    });
    if (method === "POST" && !headers.has("idempotency-key")) {
      headers.set("Idempotency-Key", `ig-sdk-${crypto.randomUUID()}`);
    }
    let body: BodyInit | undefined;
    if (call.form !== undefined) body = call.form;
    else if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers.set("Content-Type", "application/json");
    }
    const policy = { ...this.options.retry, maxRetries: call.maxRetries ?? this.options.retry.maxRetries };
    const timeout = call.timeout ?? this.options.timeout;
    for (let attempt = 0; ; attempt++) {
      let error: Error;
      let delay: number | undefined;
      try {
        const answer = await this.once(method, url, headers, body, timeout, call);
        if (answer.response.ok) return answer;
        const status = errorOf(answer);
        error = status;
        delay = isRetryable(status.status, status.headers, status.code)
          ? retryDelay(attempt, policy, parseRetryAfter(status.headers))
          : undefined;
      } catch (caught) {
        if (!(caught instanceof APIConnectionError)) throw caught;
        error = caught;
        delay = retryDelay(attempt, policy);
      }
      if (delay === undefined) throw error;
      await sleep(delay * 1000, call.signal);
    }
  }

  /** One try: the answer, or an `APIConnectionError` naming the URL, or `APIUserAbortError`. */
  private async once(
    method: string,
    url: string,
    headers: Headers,
    body: BodyInit | undefined,
    timeout: number,
    call: Call,
  ): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort();
    if (call.signal?.aborted) throw new APIUserAbortError("the request was aborted");
    call.signal?.addEventListener("abort", onAbort, { once: true });
    const where = `${method} ${url.split("?")[0]}`;
    try {
      const send = this.options.fetch; // called unbound, as the platform's fetch must be
      const response = await send(url, { method, headers, body, signal: controller.signal });
      if (call.stream && response.ok) return { response, bytes: new Uint8Array() };
      return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
    } catch (caught) {
      if (call.signal?.aborted) throw new APIUserAbortError("the request was aborted", { cause: caught });
      if (timedOut) throw new APITimeoutError(`${where}: no answer in ${timeout} ms`, method, url, { cause: caught });
      throw new APIConnectionError(`${where}: ${describe(caught)}`, method, url, { cause: caught });
    } finally {
      clearTimeout(timer);
      // A stream's body is still being read: the caller's signal must keep reaching it.
      if (!call.stream) call.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** The parsed JSON of a successful call. */
  async json<T>(method: string, path: string, call: Call = {}): Promise<T> {
    const { bytes } = await this.request(method, path, call);
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  }
}

function errorOf(answer: Answer): APIStatusError {
  const text = new TextDecoder().decode(answer.bytes);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text as the message
  }
  return errorFor(answer.response.status, body, answer.response.headers);
}

/** A network error's most specific reason: undici hides the errno (ECONNREFUSED…) in `cause`. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.join(": ") || String(error);
}

/** Wait `ms`, or throw `APIUserAbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError("the request was aborted"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError("the request was aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
