// Who is connected, per delegation.
import { el, fill } from "./render.js";

export function renderPresence(root, state) {
  const list = root.querySelector("[data-presence]");
  const online = state.presence.delegations || {};
  const present = state.delegations.filter((d) => d.attendance !== "absent");
  const connected = present.filter((d) => (online[d.id] || []).length > 0);
  const count = root.querySelector("[data-presence-count]");
  if (count) count.textContent = `${connected.length} of ${present.length} delegations online`;
  fill(list, present.map((d) => {
    const people = online[d.id] || [];
    return el("li", { class: people.length ? "online" : "away", dataset: { delegationId: d.id } },
      el("span", { class: "swatch", style: `background:${d.colour}`, "aria-hidden": "true" }),
      el("span", { class: "name" }, d.name),
      el("span", { class: "people" }, people.length ? people.map((p) => p.name).join(", ") : "not connected"));
  }));
  const staff = root.querySelector("[data-staff-online]");
  if (staff) {
    const names = (state.presence.staff || []).map((s) => s.name);
    staff.textContent = names.length ? `Facilitators online: ${names.join(", ")}` : "";
  }
}
