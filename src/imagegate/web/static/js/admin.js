// What every admin page does first: ask the API for the key list, which only admin keys may read.
// A key without the admin scope gets the API's refusal and nothing else.

import { api } from "./api.js";
import { h, heading } from "./dom.js";

export async function adminKeys(page, title) {
  page.append(heading(title));
  try {
    return await api("v1/keys?include_revoked=true");
  } catch (error) {
    if (error.status !== 403) throw error;
    page.append(h("div", { class: "alert", role: "alert", id: "refused" }, `Admin pages need an admin key: ${error.message}.`),
      h("p", {}, h("a", { href: "#/playground" }, "Back to the playground")));
    return null;
  }
}
