/**
 * `Imagegate`: the client of one imagegate server, with a resource per noun.
 *
 * ```js
 * import { Imagegate } from "imagegate";
 *
 * const client = new Imagegate({ baseURL: "http://127.0.0.1:8000", apiKey: "ig_…" });
 * const result = await client.images.generate({ prompt: "a red circle on a blue background", seed: 1 });
 * await result.save("circle.png");
 * ```
 */
import { Transport, resolveOptions, type ClientOptions } from "./core.js";
import { Images } from "./resources/images.js";
import { Jobs } from "./resources/jobs.js";
import { Keys } from "./resources/keys.js";
import { LimitsResource, Models, UsageResource, Webhooks } from "./resources/catalog.js";

export class Imagegate {
  /** Make images and get their bytes: `generate`, `edit`, `outpaint`, `createVariation`, `upscale`. */
  readonly images: Images;
  /** `create`, `get`, `list`, `cancel`, `events` (live, resumable), `wait`. */
  readonly jobs: Jobs;
  /** The catalog: `list`, `retrieve`. */
  readonly models: Models;
  /** `retrieve({ start, end, groupBy, keyId })`. */
  readonly usage: UsageResource;
  /** `retrieve()`: your plan, quota and budgets now. */
  readonly limits: LimitsResource;
  /** Admin keys only: `create`, `list`, `revoke`, `getPolicy`, `updatePolicy`. */
  readonly keys: Keys;
  /** `secret()`: your key's webhook signing secret. */
  readonly webhooks: Webhooks;
  private readonly transport: Transport;

  /**
   * Throws `ImagegateError` at once (before any request) when the base URL or the key is missing
   * from both the options and the environment (`IMAGEGATE_URL`, `IMAGEGATE_API_KEY`).
   */
  constructor(options: ClientOptions = {}) {
    this.transport = new Transport(resolveOptions(options));
    this.jobs = new Jobs(this.transport);
    this.images = new Images(this.transport, this.jobs);
    this.models = new Models(this.transport);
    this.usage = new UsageResource(this.transport);
    this.limits = new LimitsResource(this.transport);
    this.keys = new Keys(this.transport);
    this.webhooks = new Webhooks(this.transport);
  }

  /** The server this client talks to. */
  get baseURL(): string {
    return this.transport.options.baseURL;
  }
}
