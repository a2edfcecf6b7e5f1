// The section list beside the editor: heading, status and open brackets, and who is editing where.
import { el, fill } from "../live/render.js";

export const STATUS_LABELS = {
  drafting: "Drafting", locked: "Locked", agreed_ad_ref: "Agreed ad ref", agreed: "Agreed",
};

export function bracketLabel(count) {
  return count ? `${count} bracketed passage${count === 1 ? "" : "s"} open` : "No open brackets";
}

export function renderSections(container, sections, { currentId, onOpen, here = [] }) {
  fill(container, sections.map((section) => {
    const current = section.id === currentId;
    const people = current ? here : [];
    return el("li", { class: `section-item status-${section.status}${current ? " is-current" : ""}` },
      el("button", {
        type: "button", class: "section-open", "aria-current": current ? "true" : null,
        dataset: { sectionId: section.id }, onclick: () => onOpen(section.id),
      },
      el("span", { class: "section-title" }, section.heading),
      el("span", { class: "section-facts" },
        el("span", { class: `badge status ${section.status}` }, STATUS_LABELS[section.status] || section.status),
        el("span", { class: `brackets${section.brackets ? " open" : ""}`, dataset: { brackets: section.brackets } },
          section.brackets ? `[${section.brackets}]` : "",
          el("span", { class: "sr-only" }, ` ${bracketLabel(section.brackets)}`)),
        people.length ? el("span", { class: "people-dots", "aria-label": `${people.length} here` },
          people.slice(0, 6).map((p) => el("span", { class: "swatch", style: `background:${p.color}`, title: p.name })))
          : null)));
  }));
}
