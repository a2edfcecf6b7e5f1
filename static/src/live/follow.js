// Follow me: the facilitator's view; a delegate who wanders off gets a way back.
import { el, fill } from "./render.js";
import { syncOptions } from "./controls.js";

export function followLabel(follow) {
  if (!follow || !follow.view) return "";
  const kinds = { agenda_item: "Agenda item", section: "Section", poll: "Vote", group: "Group" };
  return kinds[follow.view] ? `${kinds[follow.view]}: ${follow.title}` : follow.title;
}

// The room: tabs are views; following means the facilitator's view is shown; a new follow brings everyone back
export function mountFollow(root, live, { showView }) {
  const banner = root.querySelector("[data-follow-banner]");
  const view = { following: true, lastSetAt: null };
  const bringBack = () => {
    view.following = true;
    apply(live.state);
  };
  if (banner) banner.querySelector("[data-follow-back]").addEventListener("click", bringBack);
  const apply = (state) => {
    const follow = state.follow;
    if (follow.set_at !== view.lastSetAt) {
      view.lastSetAt = follow.set_at;
      view.following = true;
    }
    if (follow.view && view.following) showView(follow, { fromFacilitator: true });
    if (!banner) return;
    banner.hidden = !follow.view;
    banner.dataset.following = view.following ? "yes" : "no";
    fill(banner.querySelector("[data-follow-text]"), view.following
      ? [el("strong", {}, "Following the facilitator: "), followLabel(follow)]
      : [el("strong", {}, "You left the facilitator's view. "), `They are on ${followLabel(follow)}.`]);
    banner.querySelector("[data-follow-back]").hidden = view.following;
  };
  return {
    apply,
    leave() {
      if (live.state && live.state.follow.view && view.following) {
        view.following = false;
        apply(live.state);
      }
    },
  };
}

// The console: where to bring everyone
export function renderFollowControls(root, state) {
  const box = root.querySelector("[data-follow-controls]");
  if (!box) return;
  const options = [["agenda", "The agenda"]]
    .concat(state.agenda.map((item) => [`agenda_item:${item.id}`, `Agenda item: ${item.title}`]))
    .concat([["outcomes", "Outcomes"], ["groups", "Group reports"]])
    .concat(state.groups.map((group) => [`group:${group.id}`, `Group: ${group.name}`]))
    .concat((state.polls || []).filter((poll) => poll.status !== "draft")
      .map((poll) => [`poll:${poll.id}`, `Vote: ${poll.title}`]));
  syncOptions(box.querySelector("[data-follow-target]"), options);
  fill(box.querySelector("[data-follow-now]"), state.follow.view
    ? ["Everyone follows ", el("strong", {}, followLabel(state.follow))]
    : el("span", { class: "muted" }, "Everyone is free to look around."));
  box.querySelector("[data-follow-stop]").hidden = !state.follow.view;
}

export const followCollectors = {
  "follow.set": (form, submitter) => {
    if (submitter && submitter.dataset.stop !== undefined) return { view: null };
    const [view, id] = form.elements.target.value.split(":");
    return id ? { view, id: Number(id) } : { view };
  },
};
