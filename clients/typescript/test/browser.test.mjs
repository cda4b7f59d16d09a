// The SDK in a real browser (headless Chromium, from `make services`): Blob and File inputs,
// result Blobs, live events and WebCrypto webhook checks, with no Node APIs at hand. A loopback
// page server serves the built SDK and the page, and forwards /v1 to the imagegate server, so the
// page talks to the API from its own origin.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";
import { PACKAGE_DIR } from "../scripts/openapi-types.mjs";
import { newKey, startServer } from "./support/server.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = { ".js": "text/javascript", ".html": "text/html" };
const PAGE = '<!doctype html><script type="module" src="/test/support/browser-page.js"></script>';

let server;
let pages;
let profile;
let report;

function startPageServer(api) {
  let resolveReport;
  report = new Promise((resolve) => (resolveReport = resolve));
  const pageServer = http.createServer(async (request, response) => {
    const path = new URL(request.url, "http://page").pathname;
    if (path.startsWith("/v1/")) {
      const upstream = http.request(new URL(request.url, api), { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      });
      upstream.on("error", () => response.destroy());
      request.pipe(upstream);
    } else if (path === "/report") {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      resolveReport(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      response.writeHead(204).end();
    } else if (path === "/") {
      response.writeHead(200, { "Content-Type": "text/html" }).end(PAGE);
    } else if (path.startsWith("/dist/") || path === "/test/support/browser-page.js") {
      try {
        const body = readFileSync(join(PACKAGE_DIR, normalize(path).replace(/^\/+/, "")));
        response.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    } else {
      response.writeHead(404).end();
    }
  });
  pageServer.listen(0, "127.0.0.1");
  return pageServer;
}

before(async () => {
  server = await startServer();
  pages = startPageServer(server.url);
  await once(pages, "listening");
  profile = mkdtempSync(join(tmpdir(), "imagegate-chromium-"));
});

after(async () => {
  pages?.close();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("the SDK works in a browser: Blob and File inputs, events, WebCrypto webhooks", async () => {
  const { key } = await newKey(server, "browser");
  const page = `http://127.0.0.1:${pages.address().port}/?key=${encodeURIComponent(key)}`;
  const browser = spawn(
    CHROMIUM,
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", `--user-data-dir=${profile}`, page],
    { stdio: "ignore" },
  );
  const exited = once(browser, "exit").then(([code]) => ({ error: `chromium exited with ${code} before reporting` }));
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ error: "no report from the page in 60 s" }), 60_000).unref());
  try {
    const seen = await Promise.race([report, exited, timeout]);
    assert.equal(seen.error, undefined, seen.error);
    assert.deepEqual(seen.generated, [64, 64, "image/png", true]);
    assert.equal(seen.varied, "variation");
    assert.equal(seen.edited, "img2img");
    assert.equal(seen.events[0], "queued");
    assert.equal(seen.events.at(-1), "succeeded");
    assert.ok(seen.events.includes("progress"));
    assert.match(seen.pathError, /file paths work in Node only/);
    assert.equal(seen.verified, true);
    assert.equal(seen.tampered, "WebhookVerificationError");
  } finally {
    if (browser.exitCode === null) {
      browser.kill();
      await once(browser, "exit");
    }
  }
});
