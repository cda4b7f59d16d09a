// Admin: a key's plan and budgets: the plan in force with its limits, and the daily and monthly
// budgets, changed with PATCH /v1/keys/{id}/policy (an empty field returns to the plan's default).

import { api } from "./api.js";
import { adminKeys } from "./admin.js";
import { alertBox, clearProblems, field, fmt, h, option, showProblem } from "./dom.js";

export async function render(page) {
  const keys = await adminKeys(page, "Plans and budgets");
  if (!keys) return;
  const live = keys.data.filter((k) => !k.revoked_at);
  const pick = h("select", { name: "key" }, live.map((k) => option(k.id, `${k.name} (${k.id})`)));
  const shown = h("div");
  page.append(field("Key", pick), shown);

  async function show() {
    const policy = await api(`v1/keys/${pick.value}/policy`);
    const plan = h("input", { name: "plan", value: policy.plan_set ? policy.plan : "", placeholder: policy.plan });
    const daily = h("input", { name: "budget_daily", type: "number", min: "0", step: "0.01", value: policy.budget_daily ?? "" });
    const monthly = h("input", { name: "budget_monthly", type: "number", min: "0", step: "0.01", value: policy.budget_monthly ?? "" });
    const done = h("div", { "aria-live": "polite" });
    const form = h("form", { novalidate: true, "aria-label": "Plan and budgets" }, alertBox(),
      h("div", { class: "grid" }, field("Plan", plan, "Empty: the default plan."), field("Daily budget", daily), field("Monthly budget", monthly)),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Save")), done);
    const limits = policy.limits;
    shown.replaceChildren(
      h("h2", {}, `Plan in force: ${policy.plan}`),
      h("dl", { class: "params" }, Object.entries(limits).map(([k, v]) => [h("dt", {}, k.replaceAll("_", " ")), h("dd", {}, fmt.limit(v))]),
        h("dt", {}, "safety"), h("dd", {}, `${policy.safety.action ?? ""} ${policy.safety.threshold ?? ""}`.trim() || "default")),
      form,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblems(form);
      const value = (input) => (input.value === "" ? null : Number(input.value));
      try {
        await api(`v1/keys/${pick.value}/policy`, { method: "PATCH", body: { plan: plan.value || null, budget_daily: value(daily), budget_monthly: value(monthly) } });
        await show();
        shown.querySelector("[aria-live]").replaceChildren(h("p", { class: "notice" }, "Saved."));
      } catch (error) {
        showProblem(form, error);
      }
    });
  }

  pick.addEventListener("change", show);
  if (live.length) await show();
}
