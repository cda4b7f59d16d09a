// The key's images, newest first, a page at a time (GET /v1/images, each with its job from
// GET /v1/jobs/{id}); open one for its parameters, seed, cost and timings, download it, reuse its
// settings or send it on.

import { api } from "./api.js";
import { alertBox, h, heading } from "./dom.js";
import { paramsList, sendButtons } from "./job_view.js";
import { sendTo } from "./state.js";

const PAGE = 12;

export async function render(page) {
  const list = h("ul", { class: "gallery", "aria-label": "Images, newest first" });
  const box = alertBox();
  const older = h("button", { type: "button", class: "secondary" }, "Older images");
  const newer = h("button", { type: "button", class: "secondary" }, "Newer images");
  const dialog = h("dialog", { "aria-labelledby": "image-title" });
  const cursors = [null];
  page.append(heading("Gallery"), box, list, h("nav", { class: "actions", "aria-label": "Gallery pages" }, newer, older), dialog);

  const jobs = new Map();

  async function load(index) {
    const cursor = cursors[index];
    let images;
    try {
      images = await api(`v1/images?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      const missing = [...new Set(images.data.map((image) => image.job_id))].filter((id) => !jobs.has(id));
      for (const job of await Promise.all(missing.map((id) => api(`v1/jobs/${id}`)))) jobs.set(job.id, job);
    } catch (error) {
      box.textContent = error.message;
      return;
    }
    cursors[index + 1] = images.next_cursor;
    const tiles = images.data.map((image) => {
      const job = jobs.get(image.job_id);
      const about = `${job.task}: ${job.params?.prompt || "no prompt"}`;
      return h("li", {}, h("button", { type: "button", class: "tile", onclick: () => open(job, image) },
        h("img", { src: image.url, alt: about, width: image.width, height: image.height, loading: "lazy" }),
        h("p", { class: "caption" }, `${job.params?.prompt || job.task} · seed ${image.seed ?? "—"}`)));
    });
    list.replaceChildren(...(tiles.length ? tiles : [h("li", {}, "No images yet: make some in the playground.")]));
    older.disabled = !images.has_more;
    newer.disabled = index === 0;
    older.onclick = () => load(index + 1);
    newer.onclick = () => load(index - 1);
  }

  function open(job, image) {
    const go = (target, dataUrl) => {
      dialog.close();
      sendTo({ target, image: dataUrl });
    };
    dialog.replaceChildren(
      h("h2", { id: "image-title" }, `Image ${image.id}`),
      h("img", { src: image.url, alt: `${job.task}: ${job.params?.prompt || "no prompt"}`, width: image.width, height: image.height }),
      paramsList({ ...job, seeds: [image.seed] }),
      h("div", { class: "actions" },
        h("a", { class: "button secondary", href: image.url, download: `${image.id}.png` }, "Download"),
        h("button", { type: "button", class: "secondary", onclick: () => { dialog.close(); sendTo({ job: { ...job, seeds: [image.seed] } }); } }, "Reuse settings"),
        sendButtons(image, go),
        h("button", { type: "button", onclick: () => dialog.close() }, "Close")),
    );
    dialog.showModal();
  }

  await load(0);
}
