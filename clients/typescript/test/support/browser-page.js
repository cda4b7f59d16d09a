// Runs inside headless Chromium (test/browser.test.mjs): the built SDK, loaded as plain ES modules,
// against the server through the page's own origin; reports what it saw to POST /report.
import { Imagegate, signWebhook, verifyWebhook } from "/dist/index.js";

async function run() {
  const apiKey = new URL(location.href).searchParams.get("key");
  const client = new Imagegate({ baseURL: location.origin, apiKey });
  const generated = await client.images.generate({ prompt: "a red circle on a blue background", seed: 1 });
  const blob = generated.blob();
  const file = new File([blob], "circle.png", { type: blob.type });
  const varied = await client.images.createVariation({ image: file, seed: 2 });
  const fromBlob = await client.images.edit({ image: blob, prompt: "a blue square", seed: 3 });
  const job = await client.jobs.create({ prompt: "a green triangle", num_inference_steps: 20 });
  const events = [];
  for await (const event of client.jobs.events(job.id)) events.push(event.type);
  const pathError = await client.images.edit({ image: "circle.png", prompt: "x" }).then(
    () => "accepted",
    (error) => error.message,
  );
  const secret = "whsec_" + btoa("a browser's webhook secret");
  const body = JSON.stringify({ type: "job.succeeded", data: { id: job.id } });
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = new Headers({
    "webhook-id": "msg_1",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signWebhook("msg_1", timestamp, body, secret),
  });
  const verified = await verifyWebhook(body, headers, secret);
  const tampered = await verifyWebhook(body.replace("succeeded", "failed"), headers, secret).then(
    () => "accepted",
    (error) => error.name,
  );
  return {
    generated: [generated.images[0].width, generated.images[0].height, blob.type, blob.size > 0],
    varied: varied.job.task,
    edited: fromBlob.job.task,
    events,
    pathError,
    verified: verified.data.id === job.id,
    tampered,
  };
}

const report = await run().catch((error) => ({ error: `${error.name}: ${error.message}\n${error.stack}` }));
await fetch("/report", { method: "POST", body: JSON.stringify(report) });
