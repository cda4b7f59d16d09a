// The key's jobs with a status filter, cancel for those not ended, and each failure's details.

import { api } from "./api.js";
import { alertBox, field, fmt, h, heading, option, table } from "./dom.js";

const STATUSES = ["queued", "running", "succeeded", "failed", "canceled"];

export async function render(page) {
  const filter = h("select", { name: "status" }, option("", "All"), STATUSES.map((s) => option(s)));
  const refresh = h("button", { type: "button", class: "secondary" }, "Refresh");
  const box = alertBox();
  const holder = h("div");
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "More jobs");
  page.append(heading("Jobs"), h("div", { class: "inline" }, field("Status", filter), refresh), box, holder, more);
  let rows = [];

  async function load(cursor) {
    const query = new URLSearchParams({ limit: "20" });
    if (filter.value) query.set("status", filter.value);
    if (cursor) query.set("cursor", cursor);
    try {
      const jobs = await api(`v1/jobs?${query}`);
      rows = cursor ? rows.concat(jobs.data) : jobs.data;
      more.hidden = !jobs.has_more;
      more.onclick = () => load(jobs.next_cursor);
      draw();
    } catch (error) {
      box.textContent = error.message;
    }
  }

  function draw() {
    const body = rows.map((job) =>
      h("tr", {},
        h("td", {}, h("code", {}, job.id)),
        h("td", {}, job.task),
        h("td", {}, job.model),
        h("td", {}, h("span", { class: `status status-${job.status}` }, job.status)),
        h("td", {}, fmt.when(job.created_at)),
        h("td", { class: "num" }, fmt.money(job.cost, job.currency || "USD")),
        h("td", {}, job.error ? h("details", {}, h("summary", {}, job.error.code), h("p", {}, job.error.message)) : "—"),
        h("td", {}, ["queued", "running"].includes(job.status)
          ? h("button", { type: "button", class: "danger", onclick: () => cancel(job) }, `Cancel ${job.id}`) : ""),
      ),
    );
    holder.replaceChildren(
      rows.length
        ? table(["Job", "Task", "Model", "Status", "Created", { label: "Cost", num: true }, "Error", "Actions"], body, "Your jobs, newest first")
        : h("p", {}, "No jobs match."),
    );
  }

  async function cancel(job) {
    try {
      await api(`v1/jobs/${job.id}`, { method: "DELETE" });
      await load();
    } catch (error) {
      box.textContent = error.message;
    }
  }

  filter.addEventListener("change", () => load());
  refresh.addEventListener("click", () => load());
  await load();
}
