// The usage dashboard: images, cost, errors and latency by day, model and key (Chart.js charts, each
// with its numbers in a table), and the plan, today's quota and the budgets: /v1/usage, /v1/limits.

import { api, session } from "./api.js";
import { alertBox, append, fmt, h, heading, table } from "./dom.js";

const COLORS = { blue: "#0b57d0", red: "#b3261e", green: "#146c2e", brown: "#7a4f00" };
let chartLoaded = null;

function loadChart() {
  chartLoaded ??= new Promise((resolve, reject) => {
    const script = h("script", { src: "web/vendor/chart.umd.min.js" });
    script.addEventListener("load", () => resolve(window.Chart));
    script.addEventListener("error", () => reject(new Error("could not load the charting library")));
    document.head.append(script);
  });
  return chartLoaded;
}

function chartBox(id, title, config, Chart) {
  const canvas = h("canvas", { id, role: "img", "aria-label": `${title} (chart; the table below has its numbers)` });
  const figure = h("figure", { class: "card" }, h("figcaption", {}, h("strong", {}, title)), h("div", { class: "chart" }, canvas));
  new Chart(canvas, {
    ...config,
    options: { animation: false, maintainAspectRatio: false, responsive: true, scales: { y: { beginAtZero: true } }, ...config.options },
  });
  return figure;
}

const dataset = (label, data, color, type) => ({ label, data, backgroundColor: color, borderColor: color, ...(type ? { type } : {}) });

function rowsTable(rows, first, caption) {
  const headers = [first.label, { label: "Jobs", num: true }, { label: "Images", num: true }, { label: "Errors", num: true },
    { label: "Canceled", num: true }, { label: "Cost", num: true }, { label: "p50 latency", num: true }, { label: "p95 latency", num: true }];
  const body = rows.map((r) => h("tr", {}, h("th", { scope: "row" }, String(r[first.key] ?? "all")),
    [r.jobs, r.images, r.errors, r.canceled].map((v) => h("td", { class: "num" }, String(v))),
    h("td", { class: "num" }, fmt.money(r.cost, r.currency)), h("td", { class: "num" }, fmt.seconds(r.latency_p50_s)), h("td", { class: "num" }, fmt.seconds(r.latency_p95_s))));
  return table(headers, body, caption);
}

export async function render(page) {
  const box = alertBox();
  page.append(heading("Usage"), box);
  let byDay, byModel, byKey, limits, Chart;
  try {
    [byDay, byModel, limits, Chart] = await Promise.all([
      api("v1/usage?group_by=day"), api("v1/usage?group_by=model"), api("v1/limits"), loadChart(),
    ]);
    if (session.admin) byKey = await api("v1/usage?group_by=key");
  } catch (error) {
    box.textContent = error.message;
    return;
  }
  const total = byDay.total;
  const card = (label, value, ...more) => h("div", { class: "card" }, h("p", {}, label), h("p", { class: "big" }, value), more);
  const quota = limits.quota;
  page.append(
    h("p", {}, `${byDay.start} to ${byDay.end} (${byDay.timezone})${session.admin ? ", every key" : ""}.`),
    h("div", { class: "cards", id: "usage-totals" },
      card("Images", String(total.images)),
      card("Cost", fmt.money(total.cost, total.currency)),
      card("Errors", String(total.errors), h("p", {}, `of ${total.jobs} jobs; ${total.canceled} canceled`)),
      card("Latency p50 / p95", `${fmt.seconds(total.latency_p50_s)}`, h("p", {}, `p95 ${fmt.seconds(total.latency_p95_s)}`)),
    ),
    h("h2", {}, "Plan, quota and budgets"),
    h("div", { class: "cards", id: "limits" },
      card("Plan", limits.plan, h("p", {}, `${limits.active_jobs} of ${limits.max_active_jobs} active jobs`),
        h("p", {}, `${fmt.limit(limits.limits.requests_per_minute)} requests/min · ${fmt.limit(limits.limits.images_per_minute)} images/min`)),
      card("Today's images", `${quota.used} of ${fmt.limit(quota.images_per_day)}`,
        h("p", {}, `${quota.reserved} reserved · ${quota.remaining === null ? "no limit" : `${quota.remaining} left`}`),
        h("p", {}, `Resets ${fmt.when(quota.resets_at)}`)),
      limits.budgets.map((b) => card(`${b.period === "daily" ? "Daily" : "Monthly"} budget`,
        b.budget === null ? "none" : fmt.money(b.budget), h("p", {}, `spent ${fmt.money(b.spent)} · reserved ${fmt.money(b.reserved)}`),
        h("p", {}, b.remaining === null ? "no limit" : `${fmt.money(b.remaining)} left`))),
    ),
  );
  const days = byDay.data.map((r) => r.day);
  const models = byModel.data.map((r) => r.model);
  append(page, [
    h("h2", {}, "Charts"),
    h("div", { class: "charts" },
      chartBox("chart-images", "Images and errors by day", { type: "bar", data: { labels: days, datasets: [
        dataset("Images", byDay.data.map((r) => r.images), COLORS.blue), dataset("Errors", byDay.data.map((r) => r.errors), COLORS.red)] } }, Chart),
      chartBox("chart-cost", "Cost by day", { type: "bar", data: { labels: days, datasets: [
        dataset(`Cost (${total.currency})`, byDay.data.map((r) => r.cost), COLORS.green)] } }, Chart),
      chartBox("chart-latency", "Latency by day (seconds)", { type: "line", data: { labels: days, datasets: [
        dataset("p50", byDay.data.map((r) => r.latency_p50_s), COLORS.blue), dataset("p95", byDay.data.map((r) => r.latency_p95_s), COLORS.brown)] } }, Chart),
      chartBox("chart-models", "Images by model", { type: "bar", data: { labels: models, datasets: [
        dataset("Images", byModel.data.map((r) => r.images), COLORS.blue)] }, options: { indexAxis: "y", scales: { x: { beginAtZero: true } } } }, Chart),
    ),
    h("h2", {}, "By day"), rowsTable(byDay.data, { label: "Day", key: "day" }, "Usage by day"),
    h("h2", {}, "By model"), rowsTable(byModel.data, { label: "Model", key: "model" }, "Usage by model"),
    byKey ? [h("h2", {}, "By key"), rowsTable(byKey.data, { label: "Key", key: "key_id" }, "Usage by key")] : null,
  ]);
}
