// Admin: webhook deliveries with every attempt, and the catalog (models, LoRAs, ControlNets).

import { api } from "./api.js";
import { adminKeys } from "./admin.js";
import { fmt, h, table } from "./dom.js";
import { priceLabel } from "./playground.js";

export async function renderWebhooks(page) {
  if (!(await adminKeys(page, "Webhook deliveries"))) return;
  const messages = await api("v1/webhooks/messages?limit=50");
  page.append(h("p", {}, "Messages to this key's webhook URLs, newest first, each with its delivery attempts."));
  if (!messages.data.length) {
    page.append(h("p", {}, "No webhook messages yet: jobs created with a webhook URL send them."));
    return;
  }
  const rows = messages.data.map((m) => h("tr", {},
    h("td", {}, h("code", {}, m.id)), h("td", {}, m.event), h("td", {}, m.job_id ?? "—"), h("td", {}, m.url),
    h("td", {}, h("span", { class: `status status-${m.status === "delivered" ? "succeeded" : m.status}` }, m.status)),
    h("td", {}, h("details", {}, h("summary", {}, `${m.attempts} attempt${m.attempts === 1 ? "" : "s"}`),
      h("ul", {}, m.attempt_log.map((a) => h("li", {}, `#${a.attempt} ${fmt.when(a.at)}: ${a.status_code ?? a.error ?? "—"} in ${Math.round(a.duration_ms)} ms`)))))));
  page.append(table(["Message", "Event", "Job", "URL", "Status", "Attempts"], rows, "Webhook messages"));
}

export async function renderCatalog(page) {
  if (!(await adminKeys(page, "Catalog"))) return;
  const [models, loras, controlnets] = await Promise.all([api("v1/models"), api("v1/loras"), api("v1/controlnets")]);
  const modelRows = models.data.map((m) => h("tr", {},
    h("td", {}, h("code", {}, m.id), m.default ? " (default)" : ""), h("td", {}, m.kind), h("td", {}, m.engine), h("td", {}, m.tasks.join(", ")),
    h("td", {}, (m.tags || []).join(", ")), h("td", {}, priceLabel(m.price)), h("td", {}, m.loaded ? "yes" : "no")));
  page.append(h("h2", {}, `Models (${models.data.length})`), table(["Id", "Kind", "Engine", "Tasks", "Tags", "Price", "Loaded"], modelRows, "Models"),
    h("h2", {}, `LoRAs (${loras.data.length})`),
    loras.data.length ? table(["Id", "Families", "Trigger words"], loras.data.map((l) => h("tr", {}, h("td", {}, l.id), h("td", {}, l.families.join(", ")), h("td", {}, l.trigger_words.join(", ")))), "LoRAs") : h("p", {}, "None."),
    h("h2", {}, `ControlNets (${controlnets.data.length})`),
    controlnets.data.length ? table(["Id", "Family", "Preprocessor"], controlnets.data.map((c) => h("tr", {}, h("td", {}, c.id), h("td", {}, c.family), h("td", {}, c.preprocessor))), "ControlNets") : h("p", {}, "None."));
}
