/**
 * Image inputs as the native API takes them in JSON: http(s) URLs and `data:` URLs pass through,
 * everything else becomes base64.
 *
 * - In Node: a file path (string), a `Buffer`/`Uint8Array`, an `ArrayBuffer`, a `Blob`.
 * - In browsers: a `Blob` or `File` (from an `<input type="file">`), bytes, or a URL.
 */
import { toBase64 } from "./bytes.js";
import { ImagegateError } from "./errors.js";

/** An image to send: a path (Node), bytes, a `Blob`/`File`, or an http(s)/`data:` URL. */
export type ImageInput = string | URL | Uint8Array | ArrayBuffer | Blob;

/** The input as a JSON string field: the URL itself, or the bytes as base64. */
export async function encodeImage(value: ImageInput, field = "image"): Promise<string> {
  if (value instanceof URL) value = value.toString();
  if (typeof value === "string") {
    if (/^(https?:|data:)/i.test(value)) return value;
    return toBase64(await readFile(value, field));
  }
  if (value instanceof Uint8Array) return toBase64(value);
  if (value instanceof ArrayBuffer) return toBase64(new Uint8Array(value));
  if (typeof Blob !== "undefined" && value instanceof Blob) {
    return toBase64(new Uint8Array(await value.arrayBuffer()));
  }
  throw new ImagegateError(`${field}: expected a path, bytes, a Blob/File or an http(s) URL`);
}

async function readFile(path: string, field: string): Promise<Uint8Array> {
  const fs = await nodeFs(field);
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ImagegateError(
      `${field}: cannot read ${path} (${code ?? String(error)}); give a path, bytes, a Blob/File or an http(s) URL`,
    );
  }
}

/** `node:fs/promises`, loaded only when a path is given (browsers have no file system). */
export async function nodeFs(what: string): Promise<typeof import("node:fs/promises")> {
  try {
    return await import("node:fs/promises");
  } catch {
    throw new ImagegateError(`${what}: file paths work in Node only; in a browser pass a Blob, a File or bytes`);
  }
}
