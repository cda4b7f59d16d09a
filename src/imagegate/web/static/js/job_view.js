// One job, live: queue position, step, ETA and latent previews from its event stream, a cancel
// button, then its images with their seed and cost, and what to do next with them.

import { api, followJob, imageAsDataUrl } from "./api.js";
import { alertBox, announce, append, fmt, h } from "./dom.js";

export function jobSummary(job) {
  const t = job.timings || {};
  return [
    ["Job", job.id],
    ["Task", job.task],
    ["Model", job.served_by && job.served_by !== job.model ? `${job.model} (served by ${job.served_by})` : job.model],
    ["Prompt", job.params?.prompt || "—"],
    ["Seeds", (job.seeds || []).join(", ") || "—"],
    ["Size", job.params?.width ? `${job.params.width} × ${job.params.height}` : "—"],
    ["Steps", job.params?.num_inference_steps ?? "—"],
    ["Cost", job.cached ? "0 (from the result cache)" : fmt.money(job.cost, job.currency || "USD")],
    ["Timings", `queued ${fmt.seconds(t.queue_s)} · compute ${fmt.seconds(t.compute_s)} · total ${fmt.seconds(t.total_s)}`],
    ["Created", fmt.when(job.created_at)],
  ];
}

export function paramsList(job) {
  return h("dl", { class: "params" }, jobSummary(job).map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))]));
}

// Buttons that hand an image to another task ("send to img2img / inpaint / upscale").
export function sendButtons(image, onSendTo) {
  const send = (target, label) =>
    h("button", { type: "button", class: "secondary", onclick: async () => onSendTo(target, await imageAsDataUrl(image.url)) }, label);
  return [send("img2img", "Send to img2img"), send("inpaint", "Send to inpaint"), send("upscale", "Send to upscale")];
}

export class JobView {
  constructor(root, { onReuse, onSendTo, onDone }) {
    this.root = root;
    this.hooks = { onReuse, onSendTo, onDone };
    this.controller = null;
    root.append(h("h2", {}, "Result"), h("p", { class: "hint" }, "Run a job to see its progress and images here."));
  }

  async follow(job) {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const bar = h("progress", { id: "job-progress", max: "100", value: "0" });
    const status = h("p", { id: "job-status" }, "Queued");
    const preview = h("img", { class: "preview-img", alt: "Preview of the image being generated", hidden: true });
    const box = alertBox();
    const cancel = h("button", { type: "button", class: "danger", id: "cancel-job" }, "Cancel");
    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      try {
        await api(`v1/jobs/${job.id}`, { method: "DELETE" });
        status.textContent = "Canceling…";
      } catch (error) {
        box.textContent = error.message;
        cancel.disabled = false;
      }
    });
    const panel = h("div", { class: "progress-panel", "data-job-id": job.id }, h("label", { for: "job-progress" }, `Progress of ${job.id}`), bar, status, preview, box, h("div", { class: "actions" }, cancel));
    this.root.replaceChildren(h("h2", {}, "Result"), panel);
    announce("Job queued");
    const onEvent = ({ type, data }) => {
      if (type === "queued") {
        const ahead = data.queue_position ?? 0;
        status.textContent = `Queued: ${ahead} job${ahead === 1 ? "" : "s"} ahead${data.eta_s != null ? `, about ${Math.ceil(data.eta_s)} s` : ""}`;
      } else if (type === "started") {
        status.textContent = "Started";
        announce("Job started");
      } else if (type === "progress") {
        const fraction = data.total ? data.step / data.total : 0;
        bar.value = Math.round(fraction * 100);
        status.textContent = `Step ${data.step} of ${data.total}${data.eta_s != null ? `, about ${Math.ceil(data.eta_s)} s left` : ""}`;
        if (data.preview?.b64_json) {
          preview.src = `data:${data.preview.content_type || "image/jpeg"};base64,${data.preview.b64_json}`;
          preview.hidden = false;
        }
      }
    };
    let final;
    try {
      final = await followJob(job.id, onEvent, {
        signal: controller.signal,
        onReconnect: () => (status.textContent = `${status.textContent} (reconnecting…)`),
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      box.textContent = error.message;
    }
    if (controller.signal.aborted) return;
    const done = await api(`v1/jobs/${job.id}`).catch((error) => {
      box.textContent = error.message;
      return null;
    });
    cancel.hidden = true;
    if (!done) return this.hooks.onDone?.(null);
    bar.value = done.status === "succeeded" ? 100 : bar.value;
    status.textContent = done.status === "succeeded" ? "Done" : done.status === "canceled" ? "Canceled" : `Failed: ${done.error?.message || "unknown error"}`;
    status.className = `status status-${done.status}`;
    announce(`Job ${done.status}`);
    preview.hidden = true;
    this.showResult(done);
    this.hooks.onDone?.(done, final);
  }

  showResult(job) {
    const figures = (job.images || []).map((image, index) =>
      h("li", {}, h("figure", {},
        h("img", { src: image.url, alt: `Image ${index + 1} for "${job.params?.prompt || job.task}"`, width: image.width, height: image.height }),
        h("figcaption", {}, `Seed ${image.seed ?? "—"} · ${image.width}×${image.height}`),
        h("div", { class: "actions" }, h("a", { class: "button secondary", href: image.url, download: `${image.id}.png` }, "Download"), sendButtons(image, this.hooks.onSendTo)),
      )),
    );
    append(this.root, [
      job.error ? h("div", { class: "alert", role: "alert" }, `${job.error.code}: ${job.error.message}`) : null,
      figures.length ? h("ul", { class: "results", "aria-label": "Images" }, figures) : null,
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: () => this.hooks.onReuse(job) }, "Reuse settings")),
      paramsList(job),
    ]);
  }
}
