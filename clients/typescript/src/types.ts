/**
 * The wire types, named as the SDK uses them. Each is an alias of the type generated from the
 * server's OpenAPI document (`generated/openapi.ts`), so they change when the API does; only the
 * event stream, which OpenAPI cannot describe, is written here by hand.
 */
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

export type Job = Schemas["JobOut"];
export type JobStatus = Schemas["JobStatus"];
export type JobImage = Schemas["ImageOut"];
export type JobPage = Schemas["JobList"];
export type Model = Schemas["ModelOut"];
export type ModelList = Schemas["ModelList"];
export type ApiKey = Schemas["KeyOut"];
export type CreatedApiKey = Schemas["KeyCreated"];
export type KeyPolicy = Schemas["KeyPolicyOut"];
export type KeyPolicyPatch = Schemas["KeyPolicyPatch"];
export type Limits = Schemas["LimitsOut"];
export type Usage = Schemas["UsageOut"];
export type UsageRow = Schemas["UsageRow"];
export type WebhookSecret = Schemas["WebhookSecretOut"];
export type Problem = Schemas["Problem"];

/** The bodies `POST /v1/jobs` takes, one per task. */
export type Txt2ImgJob = Schemas["Txt2ImgJob"];
export type Img2ImgJob = Schemas["Img2ImgJob"];
export type InpaintJob = Schemas["InpaintJob"];
export type OutpaintJob = Schemas["OutpaintJob"];
export type VariationJob = Schemas["VariationJob"];
export type UpscaleJob = Schemas["UpscaleJob"];
export type ControlNetJob = Schemas["ControlNetJob"];
export type JobRequest = Txt2ImgJob | Img2ImgJob | InpaintJob | OutpaintJob | VariationJob | UpscaleJob | ControlNetJob;

/** A small JPEG of the job's latents, sent with some `progress` events while someone follows the job. */
export interface EventPreview {
  content_type: string;
  width: number;
  height: number;
  /** The JPEG, base64. */
  b64_json: string;
}

/** Final event types: the stream ends after one of them. */
export const TERMINAL_EVENTS: ReadonlySet<string> = new Set(["succeeded", "failed", "canceled"]);

/**
 * One server-sent event of a job: `queued` (with `queue_position`), `started`, `progress` (`step`,
 * `total`, `eta_s`, sometimes `preview`), or the final `succeeded` / `failed` / `canceled`
 * (failures with `code` and `message`). `seq` numbers them: it is the SSE id.
 */
export interface JobEvent {
  job_id: string;
  seq: number;
  type: "queued" | "started" | "progress" | "succeeded" | "failed" | "canceled" | (string & {});
  at?: string | null;
  status?: string | null;
  queue_position?: number | null;
  attempt?: number | null;
  step?: number | null;
  total?: number | null;
  eta_s?: number | null;
  preview?: EventPreview | null;
  code?: string | null;
  message?: string | null;
}
