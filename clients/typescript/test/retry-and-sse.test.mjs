// The pure parts, without a server: reading Retry-After, the backoff's bounds, and the SSE line
// splitter and decoder on CRLF, CR and split chunks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRetryAfter } from "../dist/index.js";
import { DEFAULT_RETRY, backoff, isRetryable, retryDelay } from "../dist/retry.js";
import { SSEDecoder, lines } from "../dist/sse.js";

test("Retry-After in seconds, as an HTTP date, and retry-after-ms", () => {
  assert.equal(parseRetryAfter(new Headers({ "Retry-After": "7" })), 7);
  assert.equal(parseRetryAfter(new Headers({ "Retry-After": "1.5" })), 1.5);
  assert.equal(parseRetryAfter(new Headers({ "retry-after-ms": "250", "Retry-After": "9" })), 0.25);
  const now = Date.parse("Mon, 07 Dec 2026 08:00:00 GMT");
  assert.equal(parseRetryAfter(new Headers({ "Retry-After": "Mon, 07 Dec 2026 08:00:30 GMT" }), now), 30);
  assert.equal(parseRetryAfter(new Headers({ "Retry-After": "Mon, 07 Dec 2026 07:00:00 GMT" }), now), 0);
  for (const unreadable of ["soon", "", "Infinity", "1e999", "-"]) {
    assert.equal(parseRetryAfter(new Headers({ "Retry-After": unreadable })), undefined, unreadable);
  }
  assert.equal(parseRetryAfter(new Headers()), undefined);
});

test("full jitter stays within its ceiling; Retry-After is waited in full plus at most 10 %", () => {
  const policy = { ...DEFAULT_RETRY, maxRetries: 5 };
  assert.equal(backoff(0, policy, () => 1), 0.5);
  assert.equal(backoff(3, policy, () => 1), 4);
  assert.equal(backoff(10, policy, () => 1), 8);
  assert.equal(backoff(2, policy, () => 0), 0);
  assert.equal(retryDelay(0, policy, 5, () => 0), 5);
  assert.equal(retryDelay(0, policy, 5, () => 1), 5.5);
  assert.equal(retryDelay(0, policy, 30, () => 1), 31);
  assert.equal(retryDelay(0, policy, 121), undefined, "longer than maxRetryAfter: give up");
  assert.equal(retryDelay(5, policy), undefined, "no retries left");
});

test("what is retried", () => {
  const none = new Headers();
  for (const status of [408, 409, 429, 500, 502, 503]) assert.ok(isRetryable(status, none), String(status));
  for (const status of [400, 401, 403, 404, 422]) assert.ok(!isRetryable(status, none), String(status));
  assert.ok(!isRetryable(429, none, "quota_exceeded"));
  assert.ok(!isRetryable(503, new Headers({ "x-should-retry": "false" })));
  assert.ok(isRetryable(400, new Headers({ "x-should-retry": "true" })));
});

test("SSE: lines split across chunks and line endings, comments, multi-line data, ids", async () => {
  const text = ": keep-alive\r\nid: 1\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\nid: 2\revent: x\rdata: two\r\rdata: last\n\n";
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.subarray(i, i + 3));
      controller.close();
    },
  });
  const decoder = new SSEDecoder();
  const events = [];
  for await (const line of lines(body)) {
    const event = decoder.decode(line);
    if (event) events.push(event);
  }
  assert.deepEqual(events, [
    { event: "message", data: '{"a":\n1}', id: "1", retry: undefined },
    { event: "x", data: "two", id: "2", retry: undefined },
    { event: "message", data: "last", id: "2", retry: undefined },
  ]);
});
