// `npm run generate`: rewrite src/generated/openapi.ts from the server's current OpenAPI document.
import { writeFileSync } from "node:fs";
import { TYPES_PATH, generatedTypes } from "./openapi-types.mjs";

writeFileSync(TYPES_PATH, await generatedTypes());
console.log(`wrote ${TYPES_PATH}`);
