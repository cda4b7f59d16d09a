/**
 * `client.images`: make images and get their bytes — `generate`, `edit`, `outpaint`,
 * `createVariation`, `upscale`. Each queues a job, waits for it (over its event stream) and
 * downloads the images, resolving with an `ImagesResult` (`.images[i].data`, `.save(path)`).
 * For progress while a job runs, use `jobs.create` and `jobs.events`.
 */
import type { RequestOptions, Transport } from "../core.js";
import { fromBase64 } from "../bytes.js";
import { JobFailedError } from "../errors.js";
import { encodeImage, type ImageInput } from "../inputs.js";
import { ImagesResult, type GeneratedImage } from "../results.js";
import type { Img2ImgJob, InpaintJob, Job, JobImage, JobRequest, OutpaintJob, Txt2ImgJob, UpscaleJob, VariationJob } from "../types.js";
import { DEFAULT_JOB_TIMEOUT_MS, type Jobs } from "./jobs.js";

export interface ImageCallOptions extends RequestOptions {
  /** Makes retries safe: the same key returns the same job. One is generated if omitted. */
  idempotencyKey?: string;
  /** Milliseconds to wait for the job (default 10 minutes). */
  jobTimeout?: number;
}

/** Text to image: diffusers' parameter names (`prompt`, `negative_prompt`, `width`, `num_inference_steps`, `seed`…). */
export type GenerateParams = Omit<Txt2ImgJob, "task">;
/** img2img, or inpainting when `mask` is given (white = repaint, black = keep). */
export type EditParams = Omit<Img2ImgJob, "task" | "init_image"> &
  Partial<Pick<InpaintJob, "mask_blur">> & { image: ImageInput; mask?: ImageInput };
/** Extend the canvas by `left`/`right`/`top`/`bottom` pixels, painting the new area to match `prompt`. */
export type OutpaintParams = Omit<OutpaintJob, "task" | "init_image"> & { image: ImageInput };
/** Variations of an image: same composition, new details (`strength` sets how new). */
export type VariationParams = Omit<VariationJob, "task" | "init_image"> & { image: ImageInput };
/** Enlarge an image with an upscaling model (`scale` > 1, up to 8). */
export type UpscaleParams = Omit<UpscaleJob, "task" | "image"> & { image: ImageInput };

export class Images {
  constructor(
    private readonly transport: Transport,
    private readonly jobs: Jobs,
  ) {}

  /** Text to image: queue, wait, download. */
  generate(params: GenerateParams, options: ImageCallOptions = {}): Promise<ImagesResult> {
    return this.run({ ...params, task: "txt2img" } as JobRequest, options);
  }

  /** Change an image by a prompt: img2img, or inpainting when a `mask` is given. */
  async edit(params: EditParams, options: ImageCallOptions = {}): Promise<ImagesResult> {
    const { image, mask, ...rest } = params;
    const body = {
      ...rest,
      task: mask === undefined ? "img2img" : "inpaint",
      init_image: await encodeImage(image),
      ...(mask === undefined ? {} : { mask_image: await encodeImage(mask, "mask") }),
    };
    return this.run(body as JobRequest, options);
  }

  /** Extend an image's canvas and paint the new area. */
  async outpaint(params: OutpaintParams, options: ImageCallOptions = {}): Promise<ImagesResult> {
    const { image, ...rest } = params;
    return this.run({ ...rest, task: "outpaint", init_image: await encodeImage(image) } as JobRequest, options);
  }

  /** Variations of an image; a `prompt` is optional and steers them. */
  async createVariation(params: VariationParams, options: ImageCallOptions = {}): Promise<ImagesResult> {
    const { image, ...rest } = params;
    return this.run({ ...rest, task: "variation", init_image: await encodeImage(image) } as JobRequest, options);
  }

  /** Enlarge an image (the server's default upscaler unless `model` names one). */
  async upscale(params: UpscaleParams, options: ImageCallOptions = {}): Promise<ImagesResult> {
    const { image, ...rest } = params;
    return this.run({ ...rest, task: "upscale", image: await encodeImage(image) } as JobRequest, options);
  }

  /** The bytes of a finished job's images; `JobFailedError` if it failed or was canceled. */
  async download(job: Job | string, options: RequestOptions = {}): Promise<ImagesResult> {
    const found = typeof job === "string" ? await this.jobs.get(job, options) : job;
    if (found.status !== "succeeded") throw new JobFailedError(found);
    const images: GeneratedImage[] = [];
    for (const image of found.images ?? []) {
      const data = image.b64_json ? fromBase64(image.b64_json) : await this.content(image.id, options);
      images.push({
        id: image.id,
        data,
        contentType: image.content_type,
        width: image.width,
        height: image.height,
        seed: image.seed,
        url: image.url ?? undefined,
        jobId: found.id,
      });
    }
    return new ImagesResult(found, images);
  }

  /** An image's metadata: size, seed, a fresh signed URL. */
  retrieve(imageId: string, options: RequestOptions = {}): Promise<JobImage> {
    return this.transport.json<JobImage>("GET", `/v1/images/${encodeURIComponent(imageId)}`, options);
  }

  /** An image's bytes (PNG with its generation parameters in its metadata). */
  async content(imageId: string, options: RequestOptions = {}): Promise<Uint8Array> {
    const headers = { ...options.headers, Accept: "*/*" };
    const path = `/v1/images/${encodeURIComponent(imageId)}/content`;
    return (await this.transport.request("GET", path, { ...options, headers })).bytes;
  }

  private async run(body: JobRequest, options: ImageCallOptions): Promise<ImagesResult> {
    let job = await this.jobs.create(body, options);
    if (!["succeeded", "failed", "canceled"].includes(job.status)) {
      job = await this.jobs.wait(job.id, { timeout: options.jobTimeout ?? DEFAULT_JOB_TIMEOUT_MS, signal: options.signal });
    }
    return this.download(job, options);
  }
}
