/** The read-only nouns: `client.models`, `client.usage`, `client.limits`, `client.webhooks`. */
import type { RequestOptions, Transport } from "../core.js";
import type { Limits, Model, ModelList, Usage, WebhookSecret } from "../types.js";

export class Models {
  constructor(private readonly transport: Transport) {}

  /** The catalog: every model with its tasks, defaults, limits and price. */
  async list(options: RequestOptions = {}): Promise<Model[]> {
    return (await this.transport.json<ModelList>("GET", "/v1/models", options)).data;
  }

  /** One model by id. */
  retrieve(modelId: string, options: RequestOptions = {}): Promise<Model> {
    return this.transport.json<Model>("GET", `/v1/models/${encodeURIComponent(modelId)}`, options);
  }
}

export interface UsageParams {
  /** First day, `YYYY-MM-DD` (default: 30 days ago), in the server's quota time zone. */
  start?: string;
  /** Last day, inclusive (default: today). */
  end?: string;
  /** `day`, `model` and/or `key` (the server groups by day and model by default). */
  groupBy?: string | string[];
  /** One key's usage (admin keys only). */
  keyId?: string;
}

export class UsageResource {
  constructor(private readonly transport: Transport) {}

  /** Jobs, images, cost, errors and latency percentiles from the usage ledger, grouped; with a `total`. */
  retrieve(params: UsageParams = {}, options: RequestOptions = {}): Promise<Usage> {
    const groupBy = Array.isArray(params.groupBy) ? params.groupBy.join(",") : params.groupBy;
    const query = { start: params.start, end: params.end, group_by: groupBy, key_id: params.keyId };
    return this.transport.json<Usage>("GET", "/v1/usage", { ...options, query });
  }
}

export class LimitsResource {
  constructor(private readonly transport: Transport) {}

  /** Your key's plan, today's quota and its budgets, now. */
  retrieve(options: RequestOptions = {}): Promise<Limits> {
    return this.transport.json<Limits>("GET", "/v1/limits", options);
  }
}

export class Webhooks {
  constructor(private readonly transport: Transport) {}

  /** Your key's webhook signing secret (`whsec_…`), for `verifyWebhook`. */
  secret(options: RequestOptions = {}): Promise<WebhookSecret> {
    return this.transport.json<WebhookSecret>("GET", "/v1/webhooks/secret", options);
  }
}
