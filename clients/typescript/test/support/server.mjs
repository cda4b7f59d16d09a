// A real imagegate server for these tests: `python -m tests.support.js_sdk serve` (tiny-shapes,
// 64×64, on a loopback port), stopped when `stop()` closes its stdin.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { REPO_DIR, python } from "../../scripts/openapi-types.mjs";

/** Start a server with more IMAGEGATE_* settings; resolves with { url, adminKey, stop }. */
export async function startServer(env = {}) {
  const child = spawn(python(), ["-m", "tests.support.js_sdk", "serve", "--env", JSON.stringify(env)], {
    cwd: REPO_DIR,
    env: { ...process.env, HF_HUB_OFFLINE: "1" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const first = createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`the server helper exited with ${code} before it was ready`);
  });
  const { value } = await Promise.race([first, exited]);
  const info = JSON.parse(value);
  return {
    url: info.url,
    adminKey: info.admin_key,
    log: info.log,
    async stop() {
      child.stdin.end();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** A new key (admin call), with its id. */
export async function newKey(server, name = "js", scopes = ["generate"]) {
  const response = await fetch(`${server.url}/v1/keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, scopes }),
  });
  if (!response.ok) throw new Error(`creating a key: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return { id: body.id, key: body.key };
}
