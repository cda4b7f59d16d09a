// A tiny DOM helper: h("tag", {attrs, onclick: fn}, ...children) and the shared bits of every view.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (typeof value !== "string" && typeof value !== "number" && name in el) el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

// Append children (nested arrays flattened; null, undefined and false skipped).
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

// A labelled control: <div class="field"><label for=…>…</label> control <p class="hint"></div>.
export function field(label, control, hint) {
  if (!control.id) control.id = nextId(control.name || "field");
  const parts = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hintEl = h("p", { class: "hint", id: `${control.id}-hint` }, hint);
    control.setAttribute("aria-describedby", hintEl.id);
    parts.push(hintEl);
  }
  return h("div", { class: "field", "data-field": control.name || "" }, parts);
}

export function option(value, label, selected = false) {
  return h("option", { value, selected }, label ?? value);
}

export function heading(text) {
  return h("h1", { tabindex: "-1" }, text);
}

export function announce(text) {
  const region = document.getElementById("announcer");
  if (region) region.textContent = text;
}

export function alertBox() {
  return h("div", { class: "alert", role: "alert" });
}

export function table(headers, rows, caption) {
  // Focusable, so a table wider than the screen can be scrolled from the keyboard.
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption || "Table" },
    h(
      "table",
      {},
      caption ? h("caption", { class: "visually-hidden" }, caption) : null,
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col", class: x.num ? "num" : null }, x.label ?? x)))),
      h("tbody", {}, rows),
    ),
  );
}

export const fmt = {
  money(value, currency = "USD") {
    if (value === null || value === undefined) return "—";
    return `${Number(value).toFixed(4)} ${currency}`;
  },
  seconds(value) {
    return value === null || value === undefined ? "—" : `${Number(value).toFixed(2)} s`;
  },
  when(value) {
    return value ? new Date(value).toLocaleString() : "—";
  },
  limit(value) {
    return value === null || value === undefined ? "unlimited" : String(value);
  },
};

// Show an API problem (RFC 9457) on a form: each named field's message next to that field, the
// rest (and a summary) in the form's alert box.
export function showProblem(form, error, box) {
  clearProblems(form);
  const problem = error.problem || { detail: String(error.message || error) };
  const unplaced = [];
  for (const item of problem.errors || []) {
    const control = findControl(form, item.field);
    if (!control) {
      unplaced.push(`${item.field}: ${item.message}`);
      continue;
    }
    const message = h("p", { class: "field-error", id: nextId("error") }, item.message);
    control.setAttribute("aria-invalid", "true");
    const described = control.getAttribute("aria-describedby");
    control.setAttribute("aria-describedby", [described, message.id].filter(Boolean).join(" "));
    const holder = control.closest(".field, fieldset") || control.parentElement;
    holder.append(message);
  }
  const target = box || form.querySelector(".alert");
  if (target) {
    const placed = (problem.errors || []).length - unplaced.length;
    const summary = placed ? "Some fields need fixing (see the messages next to them)." : problem.detail || problem.title;
    target.replaceChildren(h("p", {}, summary || "Something went wrong."), unplaced.length ? h("ul", {}, unplaced.map((u) => h("li", {}, u))) : null);
  }
  const first = form.querySelector('[aria-invalid="true"]');
  (first || target)?.focus?.();
}

function findControl(form, path) {
  const candidates = [path, path.replace(/^controlnets\.0\./, ""), path.split(".")[0]];
  for (const name of candidates) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) return control;
  }
  return null;
}

export function clearProblems(form) {
  form.querySelectorAll(".field-error").forEach((el) => el.remove());
  form.querySelectorAll('[aria-invalid="true"]').forEach((el) => {
    el.removeAttribute("aria-invalid");
    const kept = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.startsWith("error-"));
    if (kept.length) el.setAttribute("aria-describedby", kept.join(" "));
    else el.removeAttribute("aria-describedby");
  });
  const box = form.querySelector(".alert");
  if (box) box.replaceChildren();
}
