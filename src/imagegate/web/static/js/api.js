// The public API, as the SDKs call it: Bearer key, JSON, RFC 9457 problems; and a job's events
// (server-sent events read over fetch, since EventSource cannot send the key), resumed with
// Last-Event-ID when the connection drops.

const KEY = "imagegate.key";
const ADMIN = "imagegate.admin";
const FINAL = new Set(["succeeded", "failed", "canceled"]);

export const session = {
  get key() {
    return sessionStorage.getItem(KEY);
  },
  get admin() {
    return sessionStorage.getItem(ADMIN) === "1";
  },
  start(key, admin) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ADMIN, admin ? "1" : "0");
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ADMIN);
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let onSignedOut = () => {};
// Called when the API refuses the session's key (revoked, expired): the app returns to sign-in.
export function whenKeyRefused(handler) {
  onSignedOut = handler;
}

async function failure(response, key) {
  let problem;
  try {
    problem = await response.json();
  } catch {
    problem = { detail: `${response.status} ${response.statusText}` };
  }
  const error = new ApiError(response.status, problem);
  if (response.status === 401 && key === session.key) onSignedOut(error);
  return error;
}

export async function api(path, { method = "GET", body, key = session.key, signal, headers = {} } = {}) {
  const init = { method, signal, headers: { Authorization: `Bearer ${key}`, ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response, key);
  if (response.status === 204) return null;
  return response.json();
}

function parseEvent(block) {
  const event = { id: null, type: "message", data: "" };
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (name === "id") event.id = value;
    else if (name === "event") event.type = value;
    else if (name === "data") data.push(value);
  }
  if (!data.length) return null;
  event.data = JSON.parse(data.join("\n"));
  return event;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Follow a job's events until its final one (returned); onEvent sees each event once, in order.
// A dropped connection is opened again with the last event id seen, up to `retries` times in a row.
export async function followJob(jobId, onEvent, { signal, onReconnect, retries = 8 } = {}) {
  let last = null;
  let failures = 0;
  for (;;) {
    const headers = { Authorization: `Bearer ${session.key}`, Accept: "text/event-stream" };
    if (last !== null) headers["Last-Event-ID"] = last;
    let response = null;
    try {
      response = await fetch(`v1/jobs/${encodeURIComponent(jobId)}/events`, { headers, signal, cache: "no-store" });
    } catch (error) {
      if (signal?.aborted) throw error;
    }
    if (response && response.status === 204) return null; // ended, and its final event already seen
    if (response && !response.ok) throw await failure(response, session.key);
    if (response) {
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
            const event = parseEvent(block);
            if (!event) continue;
            failures = 0;
            if (event.id !== null) last = event.id;
            onEvent(event);
            if (FINAL.has(event.type)) {
              reader.cancel().catch(() => {});
              return event;
            }
          }
        }
      } catch (error) {
        if (signal?.aborted) throw error;
      }
    }
    failures += 1;
    if (failures > retries) throw new ApiError(0, { detail: "lost the connection to the job's events; see Jobs for its status" });
    onReconnect?.(last);
    await sleep(Math.min(4000, 250 * 2 ** (failures - 1)));
  }
}

// Image inputs travel as data: URLs (the API takes base64 with the prefix).
export function readAsDataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function imageAsDataUrl(url) {
  const response = await fetch(url);
  if (!response.ok) throw await failure(response, null);
  return readAsDataUrl(await response.blob());
}
