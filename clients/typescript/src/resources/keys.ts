/** `client.keys` (admin keys only): create, list and revoke API keys; read and change their policy. */
import type { RequestOptions, Transport } from "../core.js";
import type { ApiKey, CreatedApiKey, KeyPolicy, KeyPolicyPatch } from "../types.js";

export interface KeyCreateParams {
  name: string;
  /** `generate` (default), `read`, `admin`… */
  scopes?: string[];
}

export class Keys {
  constructor(private readonly transport: Transport) {}

  /** A new key; its secret `key` is in this answer only. */
  create(params: KeyCreateParams, options: RequestOptions = {}): Promise<CreatedApiKey> {
    return this.transport.json<CreatedApiKey>("POST", "/v1/keys", { ...options, json: params });
  }

  /** Every key (revoked ones too with `includeRevoked`). */
  async list(params: { includeRevoked?: boolean } = {}, options: RequestOptions = {}): Promise<ApiKey[]> {
    const query = { include_revoked: params.includeRevoked ?? false };
    return (await this.transport.json<{ data: ApiKey[] }>("GET", "/v1/keys", { ...options, query })).data;
  }

  /** Revoke a key: its next request gets 401. */
  revoke(keyId: string, options: RequestOptions = {}): Promise<ApiKey> {
    return this.transport.json<ApiKey>("DELETE", `/v1/keys/${encodeURIComponent(keyId)}`, options);
  }

  /** A key's plan in force, limits, budgets and safety policy. */
  getPolicy(keyId: string, options: RequestOptions = {}): Promise<KeyPolicy> {
    return this.transport.json<KeyPolicy>("GET", `/v1/keys/${encodeURIComponent(keyId)}/policy`, options);
  }

  /** Change a key's `plan`, budgets, safety or alert webhook; fields sent change, `null` resets one. */
  updatePolicy(keyId: string, patch: KeyPolicyPatch, options: RequestOptions = {}): Promise<KeyPolicy> {
    const path = `/v1/keys/${encodeURIComponent(keyId)}/policy`;
    return this.transport.json<KeyPolicy>("PATCH", path, { ...options, json: patch });
  }
}
