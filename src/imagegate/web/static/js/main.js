// The app's frame: sign-in, the navigation and a hash router (#/playground, #/gallery, …) that
// renders one view into <main> and moves focus to its heading.

import { ApiError, api, session, whenKeyRefused } from "./api.js";
import { alertBox, announce, field, h, heading } from "./dom.js";

const VIEWS = {
  "/playground": () => import("./playground.js"),
  "/gallery": () => import("./gallery.js"),
  "/jobs": () => import("./jobs.js"),
  "/usage": () => import("./usage.js"),
  "/admin/keys": () => import("./admin_keys.js"),
  "/admin/policies": () => import("./admin_policies.js"),
  "/admin/webhooks": () => import("./admin_more.js").then((m) => ({ render: m.renderWebhooks })),
  "/admin/catalog": () => import("./admin_more.js").then((m) => ({ render: m.renderCatalog })),
};

const main = document.getElementById("main");
let signInMessage = "";
let signedOutByChoice = false;
let generation = 0;

whenKeyRefused((error) => {
  session.clear();
  signInMessage = `Signed out: ${error.message}. Sign in again with a valid key.`;
  signedOutByChoice = false;
  location.hash = "#/signin";
  route();
});

function setFrame(signedIn) {
  document.getElementById("nav").hidden = !signedIn;
  document.getElementById("sign-out").hidden = !signedIn;
  document.getElementById("start").hidden = signedIn;
  for (const item of document.querySelectorAll("[data-admin]")) item.hidden = !(signedIn && session.admin);
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.getAttribute("href") === location.hash) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function renderSignIn() {
  const key = h("input", { name: "key", type: "password", autocomplete: "off", required: true, spellcheck: "false" });
  const box = alertBox();
  if (signInMessage) box.textContent = signInMessage;
  if (signedOutByChoice) {
    box.className = "notice";
    box.setAttribute("role", "status");
  }
  const form = h(
    "form",
    { class: "signin", novalidate: true },
    box,
    field("API key", key, "Kept in this browser tab only; signing out or closing the tab forgets it."),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = key.value.trim();
    if (!value) {
      box.textContent = "Enter an API key (ig_…). An admin creates keys under Keys, or with imagegate keys create.";
      key.setAttribute("aria-invalid", "true");
      key.focus();
      return;
    }
    box.className = "alert";
    box.setAttribute("role", "alert");
    try {
      await api("v1/limits", { key: value });
      let admin = true;
      try {
        await api("v1/keys", { key: value });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 403) throw error;
        admin = false;
      }
      session.start(value, admin);
      signInMessage = "";
      signedOutByChoice = false;
      location.hash = "#/playground";
    } catch (error) {
      box.textContent = error.status === 401 ? `That key was refused: ${error.message}.` : error.message;
      key.setAttribute("aria-invalid", "true");
      key.focus();
    }
  });
  main.replaceChildren(heading("Sign in"), h("p", {}, "Sign in with an imagegate API key to try models, see your images and usage."), form);
  document.title = "Sign in · imagegate";
  (signInMessage ? box : main.querySelector("h1")).focus();
  if (signInMessage) key.focus();
}

async function route() {
  const mine = ++generation;
  const path = location.hash.replace(/^#/, "") || "/playground";
  if (!session.key) {
    setFrame(false);
    if (path !== "/signin") history.replaceState(null, "", "#/signin");
    renderSignIn();
    return;
  }
  if (path === "/signin") {
    location.hash = "#/playground";
    return;
  }
  setFrame(true);
  const load = VIEWS[path];
  main.replaceChildren();
  if (!load) {
    main.append(heading("Not found"), h("p", {}, "No such page. "), h("a", { href: "#/playground" }, "Go to the playground"));
    return;
  }
  const view = await load();
  if (mine !== generation) return;
  const page = h("div", { class: "view" });
  main.replaceChildren(page);
  try {
    await view.render(page, { isCurrent: () => mine === generation });
  } catch (error) {
    if (mine !== generation) return;
    page.append(h("div", { class: "alert", role: "alert" }, `This page could not load: ${error.message}`));
  }
  if (mine !== generation) return;
  const title = page.querySelector("h1");
  document.title = `${title ? title.textContent : "imagegate"} · imagegate`;
  title?.focus();
  announce(`${title ? title.textContent : ""} page`);
}

document.getElementById("sign-out").addEventListener("click", () => {
  session.clear();
  signInMessage = "You are signed out.";
  signedOutByChoice = true;
  location.hash = "#/signin";
  route();
});
document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  (main.querySelector("h1") || main).focus();
});
window.addEventListener("hashchange", route);
route();
