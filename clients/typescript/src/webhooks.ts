/**
 * Checking that a webhook really comes from your imagegate server (Standard Webhooks v1), with
 * WebCrypto: the same code runs in Node ≥ 20, browsers, and edge runtimes.
 *
 * The server signs `"{webhook-id}.{webhook-timestamp}.{raw body}"` with HMAC-SHA256 under the
 * secret (`whsec_` + base64) and sends `webhook-id`, `webhook-timestamp` and `webhook-signature`
 * (space-separated `v1,<base64>` entries: several while a secret rotates). Verify the raw body as
 * received: re-serialised JSON would not match.
 *
 * ```js
 * // Express: app.post("/hooks", express.raw({ type: "application/json" }), async (req, res) => {…})
 * const event = await verifyWebhook(req.body, req.headers, process.env.IMAGEGATE_WEBHOOK_SECRET);
 * // Next.js route handler:
 * const event = await verifyWebhook(await request.text(), request.headers, secret);
 * ```
 */
import { fromBase64, toBase64 } from "./bytes.js";
import { WebhookVerificationError } from "./errors.js";

/** Seconds a timestamp may be from now (default 5 minutes): older deliveries are replays. */
export const DEFAULT_TOLERANCE_S = 300;

/** Headers as `fetch`'s `Headers`, or a plain object (Express's `req.headers`, arrays allowed). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** Seconds the timestamp may be off (default 300). */
  toleranceS?: number;
  /** The current time in ms, for tests. */
  now?: number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(" ") : value;
  }
  return undefined;
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  if (secret instanceof Uint8Array) return secret;
  const text = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new WebhookVerificationError("the webhook secret is not 'whsec_' followed by base64");
  }
  return fromBase64(text);
}

/** The `v1,<base64>` signature of a message: what a sender puts in `webhook-signature`. */
export async function signWebhook(
  id: string,
  timestamp: number,
  payload: string | Uint8Array,
  secret: string | Uint8Array,
): Promise<string> {
  const body = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const key = await crypto.subtle.importKey("raw", new Uint8Array(secretBytes(secret)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, message)))}`;
}

/** Equal strings, compared in a time that does not depend on where they differ. */
function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false; // a signature's length is public: base64 of 32 bytes
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/**
 * Check a delivery and resolve with its parsed JSON payload; reject with `WebhookVerificationError`
 * if a header is missing, the timestamp is more than `toleranceS` from now (a replay), no `v1`
 * signature matches, or the body is not JSON.
 *
 * @param payload The raw request body, exactly as received (string, Buffer or Uint8Array).
 * @param headers The request's headers (`Headers` or a plain object; names matched case-insensitively).
 * @param secret The signing secret (`whsec_…`, from `client.webhooks.secret()`), or the raw key bytes.
 */
export async function verifyWebhook(
  payload: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | Uint8Array,
  options: VerifyOptions = {},
): Promise<unknown> {
  const id = header(headers, "webhook-id");
  const stamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !stamp || !signatures) {
    throw new WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  if (!/^\d+$/.test(stamp.trim())) throw new WebhookVerificationError("webhook-timestamp is not an integer");
  const timestamp = Number(stamp);
  const offset = (options.now ?? Date.now()) / 1000 - timestamp;
  if (Math.abs(offset) > (options.toleranceS ?? DEFAULT_TOLERANCE_S)) {
    throw new WebhookVerificationError(`webhook-timestamp is ${Math.round(offset)} s from now; refusing a replay`);
  }
  const expected = (await signWebhook(id, timestamp, payload, secret)).slice("v1,".length);
  let matched = false;
  for (const entry of signatures.split(/\s+/)) {
    const comma = entry.indexOf(",");
    if (entry.slice(0, comma) === "v1" && constantTimeEqual(entry.slice(comma + 1), expected)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError("no webhook-signature matches this body and secret");
  const text = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WebhookVerificationError("the signed body is not JSON");
  }
}
