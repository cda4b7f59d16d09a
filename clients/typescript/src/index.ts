/**
 * imagegate's JavaScript SDK: `new Imagegate({ baseURL, apiKey })`, typed from the server's OpenAPI
 * document, for Node ≥ 20 and browsers, with no dependencies beyond the platform's `fetch`.
 */
export { Imagegate } from "./client.js";
export { Imagegate as default } from "./client.js";
export type { ClientOptions, RequestOptions } from "./core.js";
export {
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ImagegateError,
  InternalServerError,
  JobFailedError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  UnprocessableEntityError,
  WebhookVerificationError,
  type FieldError,
} from "./errors.js";
export type { ImageInput } from "./inputs.js";
export { ImagesResult, type GeneratedImage } from "./results.js";
export type { ImageCallOptions, GenerateParams, EditParams, OutpaintParams, VariationParams, UpscaleParams } from "./resources/images.js";
export type { CreateOptions, EventsOptions, ListParams, WaitOptions } from "./resources/jobs.js";
export type { UsageParams } from "./resources/catalog.js";
export type { KeyCreateParams } from "./resources/keys.js";
export { parseRetryAfter, type RetryPolicy } from "./retry.js";
export { verifyWebhook, signWebhook, type VerifyOptions, type WebhookHeaders } from "./webhooks.js";
export type * from "./types.js";
export { TERMINAL_EVENTS } from "./types.js";
export type { components, paths, operations } from "./generated/openapi.js";
