// Every SDK method end to end against a real imagegate server (tiny-shapes, 64×64, ~0.1 s a job):
// images, jobs, live events with a resume after a real dropped connection, retries against the
// server's real limits, idempotent replay, typed errors, a delivered webhook, and the `openai` package.
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import OpenAI, { toFile } from "openai";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  ConflictError,
  Imagegate,
  ImagegateError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
  WebhookVerificationError,
  verifyWebhook,
} from "../dist/index.js";
import { startCuttingProxy } from "./support/cutting-proxy.mjs";
import { newKey, startServer } from "./support/server.mjs";

const PLANS = {
  free: {},
  unlimited: {},
  trickle: { requests_per_minute: 1 },
  one_at_a_time: { max_active_jobs: 1 },
};

/** PNG width and height from its IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], "not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

let server;
let hooks; // the webhook receiver: { port, received: [{ headers, body }] }
let client;
let sdkKey; // the key `client` uses
let dir;
let png; // a 64×64 PNG made by the server, used as an input image

async function startReceiver() {
  const received = [];
  const receiver = http.createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    received.push({ headers: request.headers, body: Buffer.concat(chunks) });
    response.writeHead(204).end();
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  return { receiver, port: receiver.address().port, received };
}

before(async () => {
  hooks = await startReceiver();
  server = await startServer({
    IMAGEGATE_PLANS: JSON.stringify(PLANS),
    IMAGEGATE_WEBHOOK_ALLOWLIST: JSON.stringify([`127.0.0.1:${hooks.port}`]),
  });
  sdkKey = (await newKey(server, "sdk")).key;
  client = new Imagegate({ baseURL: server.url, apiKey: sdkKey });
  dir = await mkdtemp(join(tmpdir(), "imagegate-js-"));
  png = (await client.images.generate({ prompt: "a red circle on a blue background", seed: 1 })).images[0].data;
});

after(async () => {
  await server?.stop();
  hooks?.receiver.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("bad input", () => {
  test("a missing key or base URL is refused before any request", () => {
    const calls = [];
    const fetch = (...args) => calls.push(args);
    const saved = { url: process.env.IMAGEGATE_URL, key: process.env.IMAGEGATE_API_KEY };
    delete process.env.IMAGEGATE_URL;
    delete process.env.IMAGEGATE_API_KEY;
    try {
      assert.throws(() => new Imagegate({ baseURL: server.url, fetch }), { name: "ImagegateError", message: /no API key/ });
      assert.throws(() => new Imagegate({ apiKey: "ig_x", fetch }), { name: "ImagegateError", message: /no server/ });
      assert.throws(() => new Imagegate({ baseURL: "localhost:8000", apiKey: "ig_x", fetch }), /not a URL|must be http/);
    } finally {
      if (saved.url !== undefined) process.env.IMAGEGATE_URL = saved.url;
      if (saved.key !== undefined) process.env.IMAGEGATE_API_KEY = saved.key;
    }
    assert.equal(calls.length, 0);
  });

  test("every error answer is a typed error with its code, message and fields", async () => {
    const invalid = await client.jobs.create({ prompt: "x", num_inference_steps: 0 }).catch((e) => e);
    assert.ok(invalid instanceof UnprocessableEntityError, String(invalid));
    assert.equal(invalid.status, 422);
    assert.ok(invalid.code);
    assert.ok(invalid.errors.some((e) => JSON.stringify(e).includes("num_inference_steps")), JSON.stringify(invalid.errors));
    const missing = await client.jobs.get("job_does_not_exist").catch((e) => e);
    assert.ok(missing instanceof NotFoundError && missing.code && missing.message, String(missing));
    const wrongKey = new Imagegate({ baseURL: server.url, apiKey: "ig_not_a_key_at_all_000000" });
    const refused = await wrongKey.models.list().catch((e) => e);
    assert.ok(refused instanceof AuthenticationError && refused.status === 401, String(refused));
  });

  test("a network error after the last retry names the URL", async () => {
    const closed = http.createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = closed.address().port;
    closed.close();
    await once(closed, "close");
    const offline = new Imagegate({ baseURL: `http://127.0.0.1:${port}`, apiKey: "ig_x", maxRetries: 1 });
    const error = await offline.models.list().catch((e) => e);
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.match(error.message, new RegExp(`GET http://127\\.0\\.0\\.1:${port}/v1/models`));
    assert.match(error.message, /ECONNREFUSED/);
  });

  test("a timeout and an AbortSignal end a call with their own errors", async () => {
    const slow = await client.jobs
      .create({ prompt: "a slow square", num_inference_steps: 100 }, { wait: 30, timeout: 150, maxRetries: 0 })
      .catch((e) => e);
    assert.ok(slow instanceof APITimeoutError, String(slow));
    const job = await client.jobs.create({ prompt: "another slow square", num_inference_steps: 100 });
    const aborted = await client.jobs.wait(job.id, { signal: AbortSignal.timeout(50) }).catch((e) => e);
    assert.ok(aborted instanceof APIUserAbortError, String(aborted));
  });
});

describe("images", () => {
  test("generate waits, downloads and saves the PNGs", async () => {
    const result = await client.images.generate({ prompt: "a green square", seed: 7, num_images: 2 });
    assert.equal(result.job.status, "succeeded");
    assert.deepEqual(result.images.map((i) => i.seed), [7, 8]);
    const paths = await result.save(join(dir, "square.png"));
    assert.deepEqual(paths.map((p) => p.split("/").pop()), ["square-0.png", "square-1.png"]);
    assert.deepEqual(pngSize(await readFile(paths[0])), [64, 64]);
    assert.deepEqual(result.images[0].data, await client.images.content(result.images[0].id));
    assert.match(result.images[0].url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/images\//);
    assert.equal(result.blob(1).type, "image/png");
    const meta = await client.images.retrieve(result.images[0].id);
    assert.equal(meta.seed, 7);
  });

  test("edit takes a path, inpainting a Buffer mask", async () => {
    const path = join(dir, "input.png");
    await writeFile(path, png);
    const edited = await client.images.edit({ image: path, prompt: "a red circle", strength: 0.6, seed: 2 });
    assert.equal(edited.job.task, "img2img");
    assert.deepEqual(pngSize(edited.images[0].data), [64, 64]);
    const inpainted = await client.images.edit({ image: Buffer.from(png), mask: png, prompt: "a blue triangle", seed: 2 });
    assert.equal(inpainted.job.task, "inpaint");
    const missing = await client.images.edit({ image: join(dir, "nope.png"), prompt: "x" }).catch((e) => e);
    assert.ok(missing instanceof ImagegateError && /cannot read .*nope\.png/.test(missing.message), String(missing));
  });

  test("outpaint takes a Blob, createVariation a File, upscale bytes", async () => {
    const blob = new Blob([png], { type: "image/png" });
    const wider = await client.images.outpaint({ image: blob, prompt: "a red circle", left: 16, right: 16, seed: 3 });
    assert.equal(wider.job.task, "outpaint");
    assert.equal(pngSize(wider.images[0].data)[0], pngSize(png)[0] + 32);
    const file = new File([png], "input.png", { type: "image/png" });
    const varied = await client.images.createVariation({ image: file, num_images: 2, seed: 4 });
    assert.equal(varied.job.task, "variation");
    assert.equal(varied.images.length, 2);
    const big = await client.images.upscale({ image: new Uint8Array(png), scale: 4 });
    assert.equal(big.job.task, "upscale");
    assert.deepEqual(pngSize(big.images[0].data), [256, 256]);
  });
});

describe("jobs", () => {
  test("create, get, list, cancel, wait", async () => {
    const job = await client.jobs.create({ prompt: "a purple triangle", seed: 5 });
    assert.match(job.id, /^job_/);
    const done = await client.jobs.wait(job.id, { timeout: 60_000 });
    assert.equal(done.status, "succeeded");
    assert.equal((await client.jobs.get(job.id)).status, "succeeded");
    const page = await client.jobs.list({ status: ["succeeded"], limit: 2 });
    assert.equal(page.data.length, 2);
    assert.ok(page.has_more && page.next_cursor);
    const next = await client.jobs.list({ status: "succeeded", limit: 2, cursor: page.next_cursor });
    assert.ok(next.data.every((j) => !page.data.some((p) => p.id === j.id)));
    const ended = await client.jobs.cancel(job.id).catch((e) => e);
    assert.ok(ended instanceof ConflictError, String(ended));
    const slow = await client.jobs.create({ prompt: "a slow circle", num_inference_steps: 100 });
    const canceled = await client.jobs.cancel(slow.id);
    assert.ok(["canceled", "running"].includes(canceled.status), canceled.status);
    assert.equal((await client.jobs.wait(slow.id)).status, "canceled");
  });

  test("events stream to the end with previews, resuming after a dropped connection", async () => {
    const proxy = await startCuttingProxy(server.url);
    try {
      const viaProxy = new Imagegate({ baseURL: proxy.url, apiKey: sdkKey });
      const job = await viaProxy.jobs.create({ prompt: "a yellow circle", num_inference_steps: 100, seed: 9 });
      const events = [];
      for await (const event of viaProxy.jobs.events(job.id, { timeout: 60_000 })) events.push(event);
      assert.equal(proxy.state.cut, 1, "the proxy did not cut the stream");
      assert.ok(proxy.state.eventRequests >= 2, "the stream was not resumed");
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1), "an event was lost or repeated");
      assert.equal(events[0].type, "queued");
      assert.equal(events.at(-1).type, "succeeded");
      const progress = events.filter((e) => e.type === "progress");
      assert.ok(progress.length > 0 && progress.at(-1).step === progress.at(-1).total);
      const previews = progress.filter((e) => e.preview);
      assert.ok(previews.length > 0, "no preview was sent");
      assert.equal(previews[0].preview.content_type, "image/jpeg");
      assert.ok(Buffer.from(previews[0].preview.b64_json, "base64").subarray(0, 2).equals(Buffer.from([0xff, 0xd8])));
      const after = [];
      for await (const event of client.jobs.events(job.id, { after: events.at(-1).seq })) after.push(event);
      assert.deepEqual(after, [], "a client that saw the final event gets nothing more");
      const tail = [];
      for await (const event of client.jobs.events(job.id, { after: events.length - 2 })) tail.push(event.seq);
      assert.deepEqual(tail, [events.length - 1, events.length]);
    } finally {
      await proxy.close();
    }
  });
});

describe("retries and idempotency", () => {
  test("a 429 from the active-jobs limit is retried after its Retry-After with the same Idempotency-Key", async () => {
    const key = await newKey(server, "one-at-a-time");
    await new Imagegate({ baseURL: server.url, apiKey: server.adminKey }).keys.updatePolicy(key.id, { plan: "one_at_a_time" });
    const attempts = [];
    const recording = async (url, init) => {
      const response = await fetch(url, init);
      if (init.method === "POST") attempts.push({ status: response.status, key: new Headers(init.headers).get("idempotency-key") });
      return response;
    };
    const limited = new Imagegate({ baseURL: server.url, apiKey: key.key, fetch: recording });
    await limited.jobs.create({ prompt: "a blocker", num_inference_steps: 100 });
    const started = Date.now();
    const second = await limited.jobs.create({ prompt: "a red square" });
    assert.match(second.id, /^job_/);
    assert.deepEqual(attempts.map((a) => a.status).slice(0, 2), [202, 429]);
    assert.equal(attempts.at(-1).status, 202);
    assert.equal(new Set(attempts.slice(1).map((a) => a.key)).size, 1, "retries must repeat the Idempotency-Key");
    assert.ok(Date.now() - started >= 5000, "the 429's Retry-After (5 s) was not waited out");
  });

  test("a Retry-After longer than maxRetryAfter is thrown as a RateLimitError at once", async () => {
    const key = await newKey(server, "trickle");
    await new Imagegate({ baseURL: server.url, apiKey: server.adminKey }).keys.updatePolicy(key.id, { plan: "trickle" });
    const trickle = new Imagegate({ baseURL: server.url, apiKey: key.key, maxRetryAfter: 10 });
    await trickle.jobs.create({ prompt: "the one request of this minute" });
    const started = Date.now();
    const error = await trickle.jobs.create({ prompt: "one too many" }).catch((e) => e);
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.code, "rate_limited");
    assert.ok(error.retryAfter > 10 && error.retryAfter <= 61, String(error.retryAfter));
    assert.ok(Date.now() - started < 3000);
  });

  test("the same Idempotency-Key replays the same job", async () => {
    const idempotencyKey = `js-${Date.now()}`;
    const first = await client.jobs.create({ prompt: "a blue circle", seed: 21 }, { idempotencyKey });
    const again = await client.jobs.create({ prompt: "a blue circle", seed: 21 }, { idempotencyKey });
    assert.equal(again.id, first.id);
    const other = await client.jobs.create({ prompt: "a blue circle", seed: 21 });
    assert.notEqual(other.id, first.id);
  });
});

describe("catalog, usage, limits, keys", () => {
  test("models, usage and limits", async () => {
    const models = await client.models.list();
    assert.ok(models.some((m) => m.id === "tiny-shapes"));
    assert.equal((await client.models.retrieve("tiny-shapes")).id, "tiny-shapes");
    const usage = await client.usage.retrieve({ groupBy: ["day", "model"] });
    assert.ok(usage.data.some((row) => row.model === "tiny-shapes" && row.jobs > 0));
    assert.ok(usage.total.images > 0);
    const limits = await client.limits.retrieve();
    assert.equal(limits.plan, "free");
  });

  test("keys: create, list, policy, revoke", async () => {
    const admin = new Imagegate({ baseURL: server.url, apiKey: server.adminKey });
    const created = await admin.keys.create({ name: "js-made", scopes: ["generate"] });
    assert.match(created.key, /^ig_/);
    assert.ok((await admin.keys.list()).some((k) => k.id === created.id));
    assert.equal((await admin.keys.updatePolicy(created.id, { plan: "trickle" })).plan, "trickle");
    assert.equal((await admin.keys.getPolicy(created.id)).plan, "trickle");
    await admin.keys.revoke(created.id);
    const revoked = await new Imagegate({ baseURL: server.url, apiKey: created.key }).models.list().catch((e) => e);
    assert.ok(revoked instanceof AuthenticationError, String(revoked));
    const notAdmin = await client.keys.list().catch((e) => e);
    assert.equal(notAdmin.status, 403);
  });
});

describe("webhooks", () => {
  test("a delivery from the server verifies; a tampered or stale one does not", async () => {
    const job = await client.jobs.create({
      prompt: "a white square",
      webhook: `http://127.0.0.1:${hooks.port}/hook`,
      webhook_events_filter: ["succeeded"],
      track_id: "order-42",
    });
    const deadline = Date.now() + 30_000;
    let delivery;
    while (!(delivery = hooks.received.find((d) => d.body.includes(job.id))) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(delivery, "no webhook arrived");
    const { secret } = await client.webhooks.secret();
    const payload = await verifyWebhook(delivery.body, delivery.headers, secret);
    assert.equal(payload.type, "job.succeeded");
    assert.ok(JSON.stringify(payload.data).includes("order-42"));
    const asText = await verifyWebhook(delivery.body.toString("utf8"), new Headers(delivery.headers), secret);
    assert.deepEqual(asText, payload);
    const tampered = Buffer.from(delivery.body.toString("utf8").replace("order-42", "order-43"));
    await assert.rejects(verifyWebhook(tampered, delivery.headers, secret), WebhookVerificationError);
    const later = Number(delivery.headers["webhook-timestamp"]) * 1000 + 301_000;
    await assert.rejects(verifyWebhook(delivery.body, delivery.headers, secret, { now: later }), /replay/);
    await assert.rejects(verifyWebhook(delivery.body, delivery.headers, "whsec_" + Buffer.from("other").toString("base64")), /no webhook-signature matches/);
  });
});

describe("the official openai package", () => {
  test("images.generate and images.edit work with only the base URL and key changed", async () => {
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: sdkKey });
    const generated = await openai.images.generate({ model: "tiny-shapes", prompt: "a green square on a white background", response_format: "b64_json" });
    assert.ok(Buffer.from(generated.data[0].b64_json, "base64").subarray(1, 4).equals(Buffer.from("PNG")));
    const edited = await openai.images.edit({
      model: "tiny-shapes",
      image: await toFile(Buffer.from(png), "input.png", { type: "image/png" }),
      prompt: "a red circle",
      response_format: "b64_json",
    });
    assert.ok(Buffer.from(edited.data[0].b64_json, "base64").subarray(1, 4).equals(Buffer.from("PNG")));
  });
});
