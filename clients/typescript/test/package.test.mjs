// `npm pack` makes a package that installs into an empty project (no network: it has no
// dependencies) and runs the README's example and docs/sdk-js.md's first one against a real server.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PACKAGE_DIR } from "../scripts/openapi-types.mjs";
import { newKey, startServer } from "./support/server.mjs";

let server;
let scratch;

before(async () => {
  server = await startServer();
  scratch = mkdtempSync(join(tmpdir(), "imagegate-pack-"));
});

after(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The first js block of a Markdown file. */
function firstExample(path) {
  const match = /```js\n([\s\S]*?)```/.exec(readFileSync(path, "utf8"));
  assert.ok(match, `${path} has no js example`);
  return match[1];
}

test("the packed package installs and runs the README and guide examples", async () => {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: PACKAGE_DIR }).toString(),
  );
  const files = packed[0].files.map((f) => f.path);
  assert.ok(files.includes("dist/index.js") && files.includes("dist/index.d.ts") && files.includes("README.md"));
  assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("test/")), files.join(", "));
  const project = join(scratch, "app");
  execFileSync("mkdir", ["-p", project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(scratch, packed[0].filename)], {
    cwd: project,
  });
  writeFileSync(join(project, "example.mjs"), firstExample(join(PACKAGE_DIR, "README.md")));
  writeFileSync(join(project, "guide.mjs"), firstExample(join(PACKAGE_DIR, "../../docs/sdk-js.md")));
  const { key } = await newKey(server, "readme");
  const output = execFileSync(process.execPath, ["example.mjs"], {
    cwd: project,
    env: { ...process.env, IMAGEGATE_URL: server.url, IMAGEGATE_API_KEY: key },
  }).toString();
  assert.match(output, /^job_\S+: circle\.png, 64×64, seed 1\n$/);
  assert.ok(existsSync(join(project, "circle.png")));
  assert.deepEqual([...readFileSync(join(project, "circle.png")).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const guide = execFileSync(process.execPath, ["guide.mjs"], {
    cwd: project,
    env: { ...process.env, IMAGEGATE_URL: server.url, IMAGEGATE_API_KEY: key },
  }).toString();
  assert.match(guide, /^1 queued/m);
  assert.match(guide, /\d+ succeeded/);
  assert.ok(existsSync(join(project, "variation-0.png")) && existsSync(join(project, "variation-1.png")));
});
