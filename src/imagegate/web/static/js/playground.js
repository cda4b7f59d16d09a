// The playground: every task, the model picker from the catalog (tasks, tags, price), the
// parameters under diffusers' names, the estimated cost, then the job followed live (job_view.js).

import { api, readAsDataUrl } from "./api.js";
import { alertBox, clearProblems, field, fmt, h, heading, option, showProblem } from "./dom.js";
import { JobView } from "./job_view.js";
import { Painter } from "./painter.js";
import { handoff } from "./state.js";

const TASKS = {
  txt2img: { label: "Text to image", images: [] },
  img2img: { label: "Image to image", images: ["init_image"] },
  inpaint: { label: "Inpaint (paint a mask)", images: ["init_image"] },
  outpaint: { label: "Outpaint (extend the canvas)", images: ["init_image"] },
  controlnet: { label: "ControlNet", images: ["control_image"] },
  variation: { label: "Variation", images: ["init_image"] },
  upscale: { label: "Upscale", images: ["image"] },
};
const IMAGE_LABELS = { init_image: "Start image", control_image: "Control image", image: "Image to upscale" };
const DIFFUSION = ["txt2img", "img2img", "inpaint", "outpaint", "controlnet", "variation"];
const WITH_STRENGTH = ["img2img", "inpaint", "variation"];

export function priceLabel(price) {
  if (!price) return "free";
  const cur = price.currency || "USD";
  const parts = [];
  if (price.per_image) parts.push(`${fmt.money(price.per_image, cur)} per image`);
  if (price.per_megapixel) parts.push(`${fmt.money(price.per_megapixel, cur)} per megapixel`);
  if (price.per_megapixel_step) parts.push(`${fmt.money(price.per_megapixel_step, cur)} per megapixel-step`);
  if (price.provider_reported) parts.push("as the provider reports");
  return parts.length ? parts.join(" + ") : "free";
}

function estimate(price, { width, height, steps, images }) {
  if (!price) return 0;
  const mp = (width * height) / 1e6;
  return images * ((price.per_image || 0) + (price.per_megapixel || 0) * mp + (price.per_megapixel_step || 0) * mp * steps);
}

const num = (name, attrs = {}) => h("input", { type: "number", name, inputmode: "decimal", ...attrs });

export async function render(page) {
  const [models, loras, controlnets] = await Promise.all([api("v1/models"), api("v1/loras"), api("v1/controlnets")]);
  const state = { images: {}, painter: null, loras: [], lastSeed: null, job: null };
  const box = alertBox();

  const task = h("select", { name: "task" }, Object.entries(TASKS).map(([id, t]) => option(id, t.label)));
  const model = h("select", { name: "model" });
  const modelInfo = h("div", { class: "model-info", "aria-live": "polite" });
  const prompt = h("textarea", { name: "prompt", rows: 3 });
  const negative = h("textarea", { name: "negative_prompt", rows: 2 });
  const width = num("width", { min: 8, step: 8 });
  const height = num("height", { min: 8, step: 8 });
  const steps = num("num_inference_steps", { min: 1 });
  const guidance = num("guidance_scale", { step: 0.5, min: 0 });
  const scheduler = h("select", { name: "scheduler" });
  const count = num("num_images", { min: 1, max: 16, value: "1" });
  const strength = num("strength", { min: 0, max: 1, step: 0.05 });
  const seed = num("seed", { min: 0, step: 1, disabled: true });
  const seedMode = (value, label) =>
    h("label", {}, h("input", { type: "radio", name: "seed_mode", value, checked: value === "random", onchange: seedChanged }), label);
  const seedModes = h("fieldset", {}, h("legend", {}, "Seed"), h("div", { class: "inline" }, seedMode("random", "Random"), seedMode("fixed", "Fixed"), seedMode("reuse", "Reuse the last")), field("Seed value", seed));
  const cost = h("p", { class: "cost", "aria-live": "polite" });

  const loraSelect = h("select", { "aria-label": "LoRA to add" });
  const loraWeight = num(null, { value: "0.8", step: 0.1, min: -4, max: 4, "aria-label": "LoRA weight" });
  const loraList = h("ul", { class: "loras" });
  const loraBox = h("fieldset", { name: "loras", "data-tasks": DIFFUSION.join(" ") }, h("legend", {}, "LoRAs"), loraList,
    h("div", { class: "inline" }, loraSelect, loraWeight, h("button", { type: "button", class: "secondary", onclick: addLora }, "Add LoRA")));

  const cnModel = h("select", { name: "controlnet_model" });
  const cnScale = num("controlnet_conditioning_scale", { min: 0, max: 2, step: 0.1, value: "1" });
  const sides = ["left", "right", "top", "bottom"].map((side) => field(`Add ${side} (px)`, num(side, { min: 0, step: 8, value: side === "right" ? "32" : "0" })));

  const imageFields = {};
  for (const name of ["init_image", "control_image", "image"]) imageFields[name] = imageInput(name);
  const painterSlot = h("div", { "data-tasks": "inpaint" });
  const upscaleScale = num("scale", { min: 1.5, max: 8, step: 0.5, value: "4" });

  const section = (tasks, ...children) => h("div", { "data-tasks": tasks.join(" ") }, children);
  const run = h("button", { type: "submit" }, "Generate");
  const form = h(
    "form",
    { novalidate: true, "aria-labelledby": "playground-title" },
    box,
    field("Task", task),
    field("Model", model),
    modelInfo,
    section(["txt2img", ...DIFFUSION], field("Prompt", prompt), field("Negative prompt", negative, "What to keep out of the image.")),
    imageFields.init_image.el,
    painterSlot,
    imageFields.control_image.el,
    imageFields.image.el,
    section(["controlnet"], h("div", { class: "grid" }, field("ControlNet", cnModel), field("Conditioning scale", cnScale))),
    section(["outpaint"], h("div", { class: "grid" }, sides)),
    section(["upscale"], field("Scale", upscaleScale, "Factor per side.")),
    section(DIFFUSION, h("div", { class: "grid" },
      field("Width", width), field("Height", height), field("Steps", steps), field("Guidance", guidance),
      field("Images", count), h("div", { "data-tasks": WITH_STRENGTH.join(" ") }, field("Strength", strength))),
      field("Scheduler", scheduler), seedModes, loraBox),
    cost,
    h("div", { class: "actions" }, run),
  );

  const results = h("div", { class: "job-area" });
  const jobView = new JobView(results, { onReuse: reuse, onSendTo: sendTo, onDone: (job) => {
    run.disabled = false;
    if (job?.seeds?.length) {
      state.lastSeed = job.seeds[0];
      if (form.querySelector('[name="seed_mode"]:checked').value === "reuse") seed.value = String(state.lastSeed);
    }
  } });
  page.append(heading("Playground"), h("div", { class: "playground" }, h("section", { "aria-label": "Settings" }, form), h("section", { "aria-label": "Result" }, results)));
  page.querySelector("h1").id = "playground-title";

  function current() {
    return models.data.find((m) => m.id === model.value);
  }

  function fillModels(preferred) {
    const fits = models.data.filter((m) => m.tasks.includes(task.value));
    const keep = preferred || model.value;
    model.replaceChildren(...fits.map((m) => option(m.id, `${m.name || m.id} (${priceLabel(m.price)})`)));
    const pick = fits.find((m) => m.id === keep) || fits.find((m) => m.default) || fits[0];
    if (pick) model.value = pick.id;
    modelChanged();
  }

  function modelChanged() {
    const m = current();
    if (!m) {
      modelInfo.replaceChildren("No model of this server does this task.");
      return;
    }
    const d = m.defaults || {};
    width.placeholder = d.width ?? "";
    height.placeholder = d.height ?? "";
    steps.placeholder = d.num_inference_steps ?? "";
    guidance.placeholder = d.guidance_scale ?? "";
    if (m.limits?.max_steps) steps.max = m.limits.max_steps;
    scheduler.replaceChildren(option("", "Model default"), ...(m.schedulers || []).map((s) => option(s)));
    const fitting = Object.values(loras.data).filter((l) => l.families.includes(m.family));
    loraSelect.replaceChildren(...(fitting.length ? fitting.map((l) => option(l.id, l.name)) : [option("", "None fits this model")]));
    loraBox.querySelector("button").disabled = loraSelect.disabled = loraWeight.disabled = !fitting.length;
    cnModel.replaceChildren(...controlnets.data.filter((c) => c.family === m.family).map((c) => option(c.id, c.name)));
    modelInfo.replaceChildren(
      h("p", {}, h("strong", {}, m.name || m.id), m.description ? ` — ${m.description}` : ""),
      h("p", {}, `Tasks: ${m.tasks.join(", ")} · Price: ${priceLabel(m.price)}${m.loaded ? " · loaded" : ""}`),
      m.tags?.length ? h("ul", { class: "tags", "aria-label": "Tags" }, m.tags.map((t) => h("li", {}, t))) : null,
    );
    updateCost();
  }

  function taskChanged() {
    for (const el of form.querySelectorAll("[data-tasks]")) {
      const on = el.dataset.tasks.split(" ").includes(task.value);
      el.hidden = !on;
      el.querySelectorAll("input, select, textarea, button").forEach((c) => (c.disabled = !on || c === seed && seed.dataset.locked === "1"));
    }
    for (const [name, input] of Object.entries(imageFields)) input.el.hidden = !TASKS[task.value].images.includes(name);
    seedChanged();
    if (task.value === "inpaint") ensurePainter();
    run.textContent = task.value === "upscale" ? "Upscale" : "Generate";
  }

  function seedChanged() {
    const mode = form.querySelector('[name="seed_mode"]:checked')?.value || "random";
    const diffusion = DIFFUSION.includes(task.value);
    seed.disabled = !diffusion || mode !== "fixed";
    if (mode === "reuse") seed.value = state.lastSeed ?? "";
    if (mode === "random") seed.value = "";
  }

  function updateCost() {
    const m = current();
    if (!m) return (cost.textContent = "");
    const d = m.defaults || {};
    const given = (input, fallback) => (input.value !== "" ? Number(input.value) : fallback);
    const image = state.images.init_image?.size || state.images.image?.size;
    let w = given(width, image?.width ?? d.width ?? 512);
    let hgt = given(height, image?.height ?? d.height ?? 512);
    const isUpscale = task.value === "upscale";
    if (isUpscale) [w, hgt] = [(image?.width || 64) * Number(upscaleScale.value || 4), (image?.height || 64) * Number(upscaleScale.value || 4)];
    const value = estimate(m.price, { width: w, height: hgt, steps: given(steps, d.num_inference_steps ?? 30), images: isUpscale ? 1 : given(count, 1) });
    cost.textContent = `Estimated cost: ${fmt.money(value, m.price?.currency || "USD")}`;
    cost.dataset.estimate = String(value);
  }

  function imageInput(name) {
    const file = h("input", { type: "file", name, accept: "image/png,image/jpeg,image/webp" });
    const preview = h("div", { class: "image-input", "aria-live": "polite", "data-image": name });
    const el = h("div", {}, field(IMAGE_LABELS[name], file, "PNG, JPEG or WebP."), preview);
    file.addEventListener("change", async () => {
      if (file.files[0]) await setImage(name, await readAsDataUrl(file.files[0]), file.files[0].name);
    });
    return { el, file, preview };
  }

  async function setImage(name, value, label) {
    const input = imageFields[name];
    if (!value) {
      delete state.images[name];
      input.preview.replaceChildren();
      return;
    }
    const entry = { value, size: null };
    state.images[name] = entry;
    if (value.startsWith("data:")) {
      const img = h("img", { src: value, alt: `${IMAGE_LABELS[name]}: ${label}`, class: "preview-img" });
      input.preview.replaceChildren(img);
      await img.decode().catch(() => {});
      entry.size = { width: img.naturalWidth, height: img.naturalHeight };
    } else {
      input.preview.replaceChildren(h("p", { class: "hint" }, `${IMAGE_LABELS[name]}: ${label}`));
    }
    if (name === "init_image") {
      state.painter = null;
      if (task.value === "inpaint") ensurePainter();
    }
    updateCost();
  }

  function ensurePainter() {
    const source = state.images.init_image?.value;
    if (!source?.startsWith("data:")) {
      painterSlot.replaceChildren(h("p", { class: "hint" }, "Choose a start image to paint its mask."));
      return;
    }
    if (state.painter) return;
    state.painter = new Painter(source);
    painterSlot.replaceChildren(state.painter.el);
  }

  function addLora() {
    if (!loraSelect.value) return;
    state.loras.push({ id: loraSelect.value, weight: Number(loraWeight.value || 1) });
    drawLoras();
  }

  function drawLoras() {
    loraList.replaceChildren(...state.loras.map((l, i) => h("li", {}, `${l.id} × ${l.weight}`,
      h("button", { type: "button", class: "secondary", onclick: () => { state.loras.splice(i, 1); drawLoras(); } }, `Remove ${l.id}`))));
  }

  function collect() {
    const body = { task: task.value };
    if (model.value) body.model = model.value;
    for (const control of form.querySelectorAll("input[name], select[name], textarea[name]")) {
      const name = control.name;
      if (!name || control.disabled || control.type === "file" || control.type === "radio" || ["task", "model", "seed"].includes(name)) continue;
      if (control.value === "" && name !== "prompt") continue;
      body[name] = control.type === "number" ? Number(control.value) : control.value;
    }
    if (DIFFUSION.includes(task.value) && seed.value !== "" && form.querySelector('[name="seed_mode"]:checked').value !== "random") body.seed = Number(seed.value);
    for (const name of TASKS[task.value].images) if (state.images[name]) body[name] = state.images[name].value;
    if (task.value === "inpaint" && state.painter?.paintedPixels()) body.mask_image = state.painter.maskDataUrl();
    if (DIFFUSION.includes(task.value) && state.loras.length) body.loras = state.loras;
    if (task.value !== "controlnet") {
      delete body.controlnet_model;
      delete body.controlnet_conditioning_scale;
    }
    return body;
  }

  form.addEventListener("input", updateCost);
  task.addEventListener("change", () => { fillModels(); taskChanged(); });
  model.addEventListener("change", modelChanged);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblems(form);
    if (task.value === "inpaint" && !(state.painter?.paintedPixels() > 0)) {
      showProblem(form, { problem: { detail: "Paint the area to change first.", errors: [{ field: "mask_image", message: "paint the area to change on the image (brush), or choose Image to image" }] } });
      return;
    }
    run.disabled = true;
    try {
      const job = await api("v1/jobs", { method: "POST", body: collect() });
      jobView.follow(job);
    } catch (error) {
      run.disabled = false;
      showProblem(form, error);
    }
  });

  function reuse(job) {
    const p = job.params || {};
    task.value = job.task;
    fillModels(job.model);
    taskChanged();
    for (const control of form.querySelectorAll("input[name], select[name], textarea[name]")) {
      if (control.type === "file" || control.type === "radio" || ["task", "model", "seed"].includes(control.name)) continue;
      if (p[control.name] !== undefined && p[control.name] !== null && typeof p[control.name] !== "object") control.value = String(p[control.name]);
    }
    state.loras = (p.loras || []).map((l) => ({ id: l.id, weight: l.weight }));
    drawLoras();
    const fixed = form.querySelector('[name="seed_mode"][value="fixed"]');
    fixed.checked = true;
    seedChanged();
    seed.value = String(job.seeds?.[0] ?? p.seed ?? "");
    for (const name of TASKS[job.task].images) if (typeof p[name] === "string") setImage(name, p[name], `the one of job ${job.id}`);
    updateCost();
    prompt.focus();
  }

  async function sendTo(target, dataUrl) {
    task.value = target;
    fillModels();
    taskChanged();
    await setImage(target === "upscale" ? "image" : "init_image", dataUrl, "a generated image");
    taskChanged();
    form.querySelector("select[name=task]").focus();
  }

  fillModels();
  taskChanged();
  const given = handoff.value;
  handoff.value = null;
  if (given?.job) reuse(given.job);
  else if (given?.target) await sendTo(given.target, given.image);
}
