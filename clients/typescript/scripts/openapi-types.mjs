// The TypeScript types of the server's OpenAPI document: the schema comes from the app itself
// (`python -m tests.support.js_sdk openapi`, in-process, no server), the types from openapi-typescript.
// `npm run generate` writes them to src/generated/openapi.ts; test/openapi-types.test.mjs fails
// when that file and the schema disagree.
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = resolve(PACKAGE_DIR, "../..");
export const TYPES_PATH = resolve(PACKAGE_DIR, "src/generated/openapi.ts");

/** The Python that runs the repository's code: $IMAGEGATE_PYTHON, else the repository's .venv. */
export function python() {
  return process.env.IMAGEGATE_PYTHON || resolve(REPO_DIR, ".venv/bin/python");
}

const HEADER = `/**
 * Types of imagegate's HTTP API, generated from the server's OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run generate\` in clients/typescript after changing the API.
 */

`;

/** The server's OpenAPI document, built from the app in-process. */
export function openapiDocument() {
  const text = execFileSync(python(), ["-m", "tests.support.js_sdk", "openapi"], {
    cwd: REPO_DIR,
    env: { ...process.env, HF_HUB_OFFLINE: "1" },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(text.toString("utf8"));
}

/** The contents src/generated/openapi.ts should have. */
export async function generatedTypes() {
  const ast = await openapiTS(openapiDocument(), { alphabetize: true });
  return HEADER + astToString(ast);
}
