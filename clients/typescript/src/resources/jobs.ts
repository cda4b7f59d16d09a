/** `client.jobs`: create, get, list, cancel, follow (`events`) and `wait` for generation jobs. */
import { sleep, type RequestOptions, type Transport } from "../core.js";
import { APIConnectionError, APITimeoutError, APIUserAbortError, NotFoundError } from "../errors.js";
import { backoff } from "../retry.js";
import { SSEDecoder, lines } from "../sse.js";
import { TERMINAL_EVENTS, type Job, type JobEvent, type JobPage, type JobRequest } from "../types.js";

/** Milliseconds `wait` and the `images` methods wait for a job by default (10 minutes). */
export const DEFAULT_JOB_TIMEOUT_MS = 600_000;

export interface CreateOptions extends RequestOptions {
  /** Makes retries of this call safe: the same key returns the same job. One is generated if omitted. */
  idempotencyKey?: string;
  /** Seconds (≤ 60) the server holds the request to return the job finished (`Prefer: wait`). */
  wait?: number;
}

export interface ListParams {
  /** Only jobs in this status, or any of these. */
  status?: string | string[];
  /** Jobs per page, 1–100 (default 20). */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

export interface EventsOptions {
  /** Start after this event number (`seq`) instead of from the beginning. */
  after?: number;
  /** Milliseconds to follow at most; past it, `APITimeoutError`. */
  timeout?: number;
  signal?: AbortSignal;
}

export interface WaitOptions {
  /** Milliseconds to wait at most (default 10 minutes); past it, `APITimeoutError`. */
  timeout?: number;
  signal?: AbortSignal;
}

export class Jobs {
  constructor(private readonly transport: Transport) {}

  /**
   * Queue a job (any task: `txt2img` by default, `img2img`, `inpaint`, `outpaint`, `variation`,
   * `upscale`, `controlnet`) and return it at once (status `queued`) — or, with `wait`, hold up to
   * that many seconds and return it finished if it was quick enough. Image fields take base64 or URLs
   * here; the `images` methods accept paths, bytes and Blobs.
   */
  create(body: JobRequest, options: CreateOptions = {}): Promise<Job> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
    let timeout = options.timeout;
    if (options.wait) {
      headers["Prefer"] = `wait=${options.wait}`;
      // The server holds the answer up to `wait` seconds: the request's timeout must outlast it.
      timeout ??= Math.max(this.transport.options.timeout, (options.wait + 10) * 1000);
    }
    return this.transport.json<Job>("POST", "/v1/jobs", { ...options, json: body, headers, timeout });
  }

  /** A job by id: status, progress, effective parameters, images once done, `error` if it failed. */
  get(jobId: string, options: RequestOptions = {}): Promise<Job> {
    return this.transport.json<Job>("GET", `/v1/jobs/${encodeURIComponent(jobId)}`, options);
  }

  /** One page of your jobs, newest first (`has_more`, `next_cursor`). */
  list(params: ListParams = {}, options: RequestOptions = {}): Promise<JobPage> {
    const status = Array.isArray(params.status) ? params.status.join(",") : params.status;
    const query = { status, limit: params.limit, cursor: params.cursor };
    return this.transport.json<JobPage>("GET", "/v1/jobs", { ...options, query });
  }

  /** Cancel a queued job at once, a running one at its next step. An ended job: `ConflictError`. */
  cancel(jobId: string, options: RequestOptions = {}): Promise<Job> {
    return this.transport.json<Job>("DELETE", `/v1/jobs/${encodeURIComponent(jobId)}`, options);
  }

  /**
   * Follow a job live, as an async iterator of `JobEvent`s: `queued`, `started`, `progress` (with
   * `preview` JPEGs now and then), ending after `succeeded` / `failed` / `canceled`. A dropped
   * connection is resumed with `Last-Event-ID`: no event is lost or repeated. Leaving the loop
   * (`break`) closes the connection.
   *
   * ```js
   * for await (const event of client.jobs.events(job.id)) console.log(event.type, event.step);
   * ```
   */
  async *events(jobId: string, options: EventsOptions = {}): AsyncGenerator<JobEvent, void, undefined> {
    const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout;
    const policy = this.transport.options.retry;
    const path = `/v1/jobs/${encodeURIComponent(jobId)}/events`;
    let last = options.after;
    let failures = 0;
    for (;;) {
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const timer = deadline === undefined ? undefined : setTimeout(onAbort, Math.max(0, deadline - Date.now()));
      try {
        const headers: Record<string, string> = { Accept: "text/event-stream" };
        if (last) headers["Last-Event-ID"] = String(last);
        const timeout = deadline === undefined ? undefined : Math.max(100, deadline - Date.now());
        const { response } = await this.transport.request("GET", path, {
          headers,
          stream: true,
          signal: stop.signal,
          timeout,
        });
        if (response.status === 204 || response.body === null) return; // ended, and we saw its end
        const decoder = new SSEDecoder();
        for await (const line of lines(response.body)) {
          const sse = decoder.decode(line);
          if (!sse?.data) continue;
          const event = JSON.parse(sse.data) as JobEvent;
          last = event.seq;
          failures = 0;
          yield event;
          if (TERMINAL_EVENTS.has(event.type)) return;
        }
        // The server closed the stream before the job ended (e.g. a restart): resume.
      } catch (error) {
        if (options.signal?.aborted) throw new APIUserAbortError("the request was aborted", { cause: error });
        if (deadline !== undefined && Date.now() >= deadline) {
          throw new APITimeoutError(`job ${jobId}: no final event in ${options.timeout} ms`, "GET", path);
        }
        if (!(error instanceof TypeError || error instanceof APIConnectionError)) throw error;
        // A TypeError here is undici's "terminated": the connection dropped mid-stream.
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        stop.abort(); // closes this connection if it is still open
      }
      failures += 1;
      if (failures > policy.maxRetries) {
        const url = this.transport.url(path);
        throw new APIConnectionError(`GET ${url}: lost the event stream of job ${jobId} ${failures} times in a row`, "GET", url);
      }
      await sleep(backoff(failures - 1, policy) * 1000, options.signal);
    }
  }

  /**
   * Resolve with the job once it has ended, whatever its final status (check `job.status`). Follows
   * the event stream; where that fails (a proxy that buffers streams), polls with backoff instead.
   */
  async wait(jobId: string, options: WaitOptions = {}): Promise<Job> {
    const timeout = options.timeout ?? DEFAULT_JOB_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    try {
      for await (const event of this.events(jobId, { timeout, signal: options.signal })) {
        if (TERMINAL_EVENTS.has(event.type)) break;
      }
    } catch (error) {
      const fallBack =
        (error instanceof NotFoundError && error.code === "route_not_found") ||
        (error instanceof APIConnectionError && !(error instanceof APITimeoutError));
      if (!fallBack) throw error;
    }
    for (let attempt = 0; ; attempt++) {
      const job = await this.get(jobId, { signal: options.signal });
      if (job.status === "succeeded" || job.status === "failed" || job.status === "canceled") return job;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new APITimeoutError(`job ${jobId} did not finish in ${timeout} ms (still ${job.status})`);
      await sleep(Math.min(remaining, 200 * 1.5 ** attempt, 2000), options.signal);
    }
  }
}
