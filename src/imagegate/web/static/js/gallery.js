// The key's images, newest first, a page at a time (the key's succeeded jobs, GET /v1/jobs); open
// one for its parameters, seed, cost and timings, download it, reuse its settings or send it on.

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

  async function load(index) {
    const cursor = cursors[index];
    const query = `v1/jobs?status=succeeded&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    let jobs;
    try {
      jobs = await api(query);
    } catch (error) {
      box.textContent = error.message;
      return;
    }
    cursors[index + 1] = jobs.next_cursor;
    const tiles = jobs.data.flatMap((job) =>
      job.images.filter((image) => image.kind !== "control").map((image) =>
        h("li", {}, h("button", { type: "button", class: "tile", onclick: () => open(job, image) },
          h("img", { src: image.url, alt: `${job.task}: ${job.params?.prompt || "no prompt"}`, width: image.width, height: image.height, loading: "lazy" }),
          h("p", { class: "caption" }, `${job.params?.prompt || job.task} · seed ${image.seed ?? "—"}`))),
      ),
    );
    list.replaceChildren(...(tiles.length ? tiles : [h("li", {}, "No images yet: make some in the playground.")]));
    older.disabled = !jobs.has_more;
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
