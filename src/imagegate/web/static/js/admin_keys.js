// Admin: API keys. Create one (its secret is shown once), list them, revoke one.

import { api } from "./api.js";
import { adminKeys } from "./admin.js";
import { alertBox, clearProblems, field, fmt, h, showProblem, table } from "./dom.js";

export async function render(page) {
  const keys = await adminKeys(page, "API keys");
  if (!keys) return;
  const name = h("input", { name: "name", autocomplete: "off" });
  const scope = (value, checked) => h("label", {}, h("input", { type: "checkbox", name: "scopes", value, checked }), value);
  const created = h("div", { "aria-live": "polite" });
  const form = h("form", { novalidate: true, "aria-label": "Create a key" }, alertBox(),
    field("Name", name, "A label, e.g. the app that will use the key."),
    h("fieldset", { name: "scopes" }, h("legend", {}, "Scopes"), h("div", { class: "inline" }, scope("generate", true), scope("admin", false))),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create key")));
  const holder = h("div");
  const box = alertBox();
  page.append(h("h2", {}, "Create a key"), form, created, h("h2", {}, "Keys"), box, holder);

  function draw(list) {
    const rows = list.data.map((k) => h("tr", { "data-key-id": k.id },
      h("td", {}, h("code", {}, k.id)), h("td", {}, k.name), h("td", {}, h("code", {}, `${k.prefix}…`)), h("td", {}, k.scopes.join(", ")),
      h("td", {}, fmt.when(k.created_at)),
      h("td", {}, k.revoked_at ? `revoked ${fmt.when(k.revoked_at)}` : h("button", { type: "button", class: "danger", onclick: () => revoke(k) }, `Revoke ${k.name}`))));
    holder.replaceChildren(table(["Id", "Name", "Prefix", "Scopes", "Created", "Status"], rows, "API keys"));
  }

  async function reload() {
    draw(await api("v1/keys?include_revoked=true"));
  }

  async function revoke(key) {
    if (!window.confirm(`Revoke the key "${key.name}"? Its very next request will be refused.`)) return;
    try {
      await api(`v1/keys/${key.id}`, { method: "DELETE" });
      box.replaceChildren();
      created.replaceChildren(h("p", { class: "notice", role: "status" }, `Revoked ${key.name}.`));
      await reload();
    } catch (error) {
      box.textContent = error.message;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblems(form);
    const scopes = [...form.querySelectorAll("[name=scopes]:checked")].map((c) => c.value);
    try {
      const key = await api("v1/keys", { method: "POST", body: { name: name.value, scopes } });
      created.replaceChildren(h("div", { class: "notice" },
        h("p", {}, `Created ${key.name}. Copy the key now: it is not shown again.`),
        h("p", { class: "secret", id: "new-key" }, key.key)));
      form.reset();
      await reload();
    } catch (error) {
      showProblem(form, error);
    }
  });
  draw(keys);
}
