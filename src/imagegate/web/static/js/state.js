// What one view hands the next: "send to inpaint" from the gallery fills the playground.
export const handoff = { value: null };

export function sendTo(settings) {
  handoff.value = settings;
  if (location.hash === "#/playground") window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = "#/playground";
}
