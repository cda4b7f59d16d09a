// The checked-in types (src/generated/openapi.ts) are what openapi-typescript makes of the server's
// current OpenAPI document; after an API change, `npm run generate` brings them back in line.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { TYPES_PATH, generatedTypes } from "../scripts/openapi-types.mjs";

test("the generated types match the server's OpenAPI document", async () => {
  const expected = await generatedTypes();
  const actual = readFileSync(TYPES_PATH, "utf8");
  assert.ok(expected.includes("JobOut: {"), "the schema has no JobOut: wrong document?");
  assert.ok(actual === expected, "src/generated/openapi.ts is out of date: run `npm run generate` in clients/typescript");
});
