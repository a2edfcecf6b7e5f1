// Priority votes: ballots in the room, poll controls in the console, results wherever a results panel is.
import { el, fill } from "./render.js";

const METHODS = {
  dot: "Dot voting", ranking: "Ranking (Borda count)", approval: "Approval", single: "Single choice",
  yes_no_abstain: "Yes / no / abstain", consensus: "Consensus check",
};
const STATUS = { draft: "Draft", open: "Open for votes", closed: "Closed", published: "Results published" };

// Fold a `poll` broadcast into the live state: partial payloads (turnout, my standing) merge by id
export function applyPoll(state, poll) {
  state.polls = state.polls || [];
  if (poll.removed) {
    state.polls = state.polls.filter((p) => p.id !== poll.id);
    return;
  }
  const existing = state.polls.find((p) => p.id === poll.id);
  if (existing) Object.assign(existing, poll);
  else state.polls.push(poll);
}

const roomSees = (poll) => poll.status === "published" || (poll.results_mode === "live" && poll.status !== "draft");

const voterUnit = (poll) => (poll.electorate === "participant" ? "participants" : "delegations");

function turnoutText(poll) {
  const t = poll.turnout || { voted: 0, eligible: 0 };
  return `${t.voted} of ${t.eligible} ${voterUnit(poll)} have voted`;
}

function summaryText(results) {
  const s = results.summary || {};
  if ("consensus" in s) return s.consensus ? "Consensus: no objection." : `No consensus: ${s.objections} objection(s).`;
  if ("carried" in s) return s.tied ? "Tied: as many yes as no." : s.carried ? "Carried: more yes than no." : "Not carried.";
  if (s.tie_for_first) return "Tie for first place.";
  return "";
}

function svgNode(markup) {
  // The server escapes every text in the chart; parsing as SVG never runs scripts
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  return document.importNode(doc.documentElement, true);
}

export function renderResults(results) {
  const unit = results.unit === "points" ? "Points" : "Votes";
  const t = results.turnout;
  const names = (ballot) => ballotText(ballot, results);
  return el("div", { class: "poll-results", dataset: { pollResults: results.poll_id } },
    el("p", { class: "poll-summary" }, summaryText(results)),
    svgNode(results.svg),
    el("table", { class: "table poll-table" },
      el("caption", {}, `${METHODS[results.method]} · ${t.voted} of ${t.eligible} voted`
        + (results.secret ? " · secret ballot" : "") + (results.status === "published" ? "" : " · not yet published")),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Rank"), el("th", { scope: "col" }, "Option"),
        el("th", { scope: "col", class: "num" }, unit))),
      el("tbody", {}, results.results.map((row) => el("tr", { class: row.tied ? "tied" : null },
        el("td", {}, String(row.rank) + (row.tied ? " (tie)" : "")),
        el("td", {}, row.text),
        el("td", { class: "num" }, String(row.points ?? row.count)))))),
    results.ballots && results.ballots.length ? el("details", { class: "poll-ballots" },
      el("summary", {}, "Ballots by delegation (named poll)"),
      el("ul", { class: "plain" }, results.ballots.map((b) =>
        el("li", {}, el("strong", {}, b.delegation), `: ${names(b.choices)}`)))) : null);
}

function ballotText(choices, results) {
  const text = Object.fromEntries(results.results.map((r) => [r.option_id, r.text]));
  if (choices.allocations) return Object.entries(choices.allocations).map(([id, n]) => `${text[id]} ×${n}`).join(", ") || "no dots";
  if (choices.ranking) return choices.ranking.map((id, i) => `${i + 1}. ${text[id]}`).join(", ");
  if (choices.approved) return choices.approved.map((id) => text[id]).join(", ") || "none approved";
  const fixed = results.results.find((r) => r.code === choices.choice);
  return fixed ? fixed.text : text[choices.choice] || "";
}

// A ballot being filled in, kept across re-renders: {allocations}, {ranking}, {approved}, {choice}
function startBallot(poll) {
  const mine = poll.my && poll.my.ballot;
  if (poll.method === "dot") return { allocations: { ...((mine && mine.allocations) || {}) } };
  if (poll.method === "ranking") {
    const ranked = (mine && mine.ranking) || [];
    return { ranking: [...ranked, ...poll.options.map((o) => o.id).filter((id) => !ranked.includes(id))] };
  }
  if (poll.method === "approval") return { approved: [...((mine && mine.approved) || [])] };
  return { choice: mine ? mine.choice : null };
}

function dotRows(poll, ballot, redraw) {
  const used = Object.values(ballot.allocations).reduce((a, b) => a + b, 0);
  const left = poll.dots - used;
  return [
    el("p", { class: "dots-left", "aria-live": "polite" }, `${left} of ${poll.dots} dots left · at most ${poll.max_per_option} on one option`),
    el("ul", { class: "plain ballot-options" }, poll.options.map((o) => {
      const n = ballot.allocations[o.id] || 0;
      const step = (delta) => () => {
        ballot.allocations[o.id] = n + delta;
        redraw(`[data-step="${delta > 0 ? "plus" : "minus"}"][data-option="${o.id}"]`);
      };
      return el("li", { class: "stepper" },
        el("button", { type: "button", "aria-label": `One dot fewer for ${o.text}`, disabled: n <= 0,
          dataset: { step: "minus", option: o.id }, onclick: step(-1) }, "−"),
        el("output", { "aria-label": `Dots on ${o.text}` }, String(n)),
        el("button", { type: "button", "aria-label": `One more dot for ${o.text}`, disabled: left <= 0 || n >= poll.max_per_option,
          dataset: { step: "plus", option: o.id }, onclick: step(1) }, "+"),
        el("span", { class: "option-text" }, o.text));
    })),
  ];
}

function rankingRows(poll, ballot, redraw) {
  const text = Object.fromEntries(poll.options.map((o) => [o.id, o.text]));
  const move = (index, delta) => () => {
    const order = ballot.ranking;
    [order[index], order[index + delta]] = [order[index + delta], order[index]];
    redraw(`[data-move="${delta < 0 ? "up" : "down"}"][data-option="${order[index + delta]}"]`);
  };
  return [
    el("p", { class: "hint" }, "First place earns the most points. Use the buttons to move an option up or down."),
    el("ol", { class: "ballot-ranking" }, ballot.ranking.map((id, i) => el("li", {},
      el("span", { class: "place", "aria-hidden": "true" }, `${i + 1}.`),
      el("span", { class: "option-text" }, text[id]),
      el("button", { type: "button", disabled: i === 0, "aria-label": `Move ${text[id]} up`,
        dataset: { move: "up", option: id }, onclick: move(i, -1) }, "↑"),
      el("button", { type: "button", disabled: i === ballot.ranking.length - 1, "aria-label": `Move ${text[id]} down`,
        dataset: { move: "down", option: id }, onclick: move(i, 1) }, "↓")))),
  ];
}

function choiceRows(poll, ballot) {
  const multiple = poll.method === "approval";
  return el("fieldset", { class: "ballot-choices" },
    el("legend", {}, multiple ? "Approve every option your delegation supports" : "Your delegation's choice"),
    poll.options.map((o) => {
      const value = o.code || o.id;
      const checked = multiple ? ballot.approved.includes(o.id) : ballot.choice === value;
      return el("label", { class: "check" },
        el("input", { type: multiple ? "checkbox" : "radio", name: `poll-${poll.id}`, value: String(value), checked,
          onchange: (event) => {
            if (!multiple) ballot.choice = value;
            else if (event.target.checked) ballot.approved.push(o.id);
            else ballot.approved = ballot.approved.filter((id) => id !== o.id);
          } }),
        o.text);
    }));
}

function ballotForm(poll, ballots, live, rerender) {
  if (!ballots.has(poll.id)) ballots.set(poll.id, startBallot(poll));
  const ballot = ballots.get(poll.id);
  const body = el("div", { class: "ballot-body" });
  const message = el("p", { class: "ballot-message", role: "status" });
  const draw = (focus) => {
    if (poll.method === "dot") fill(body, dotRows(poll, ballot, draw));
    else if (poll.method === "ranking") fill(body, rankingRows(poll, ballot, draw));
    else fill(body, choiceRows(poll, ballot));
    if (focus) {
      const target = body.querySelector(focus);
      (target && !target.disabled ? target : body.querySelector("button:not(:disabled)"))?.focus();
    }
  };
  draw();
  const mine = poll.my || {};
  return el("form", { class: "ballot", dataset: { ballotFor: poll.id }, onsubmit: async (event) => {
    event.preventDefault();
    message.className = "ballot-message";
    message.textContent = "Sending…";
    try {
      const reply = await live.act("poll.vote", { poll_id: poll.id, ballot });
      applyPoll(live.state, { id: poll.id, my: reply.my });
      message.textContent = reply.changed ? "Your delegation's ballot was changed." : "Your delegation's ballot was cast.";
      rerender();
    } catch (error) {
      message.className = "ballot-message error";
      message.textContent = error.message;
    }
  } },
  body,
  el("button", { type: "submit", class: "primary" }, mine.voted ? "Change ballot" : "Cast ballot"),
  message);
}

function voteNote(poll) {
  const mine = poll.my;
  if (!mine) return null;
  if (mine.voted) {
    const who = mine.mine ? "you" : mine.holder;
    const text = poll.electorate === "participant" ? "Your ballot is in." : `Your delegation's ballot is in (cast by ${who}).`;
    return el("p", { class: "vote-note ok" }, text + (poll.status === "open" && mine.mine ? " You can change it until the poll closes." : ""));
  }
  if (poll.status === "open" && mine.reason) return el("p", { class: "vote-note" }, mine.reason);
  return null;
}

// One card per poll; each part is redrawn only when its own data changed, so a ballot being filled in
// keeps its focus while other delegations' votes update the turnout
function updatePart(card, name, key, build) {
  const part = card.querySelector(`[data-part="${name}"]`);
  if (part.dataset.key === key) return;
  part.dataset.key = key;
  fill(part, build());
}

function pollCard(container, poll) {
  let card = container.querySelector(`[data-poll="${poll.id}"]`);
  if (!card) {
    card = el("article", { class: "poll-card subcard", dataset: { poll: poll.id } },
      ...["head", "controls", "ballot", "results"].map((part) => el("div", { dataset: { part } })));
  }
  return card;
}

// Per delegation, for the console: who may vote (fixed when the poll opened; for a draft, who would now)
// and whether it has voted; a secret poll's ballots are never shown, only that a delegation voted
function electorsOf(poll, state) {
  const names = Object.fromEntries((state.participants || []).map((p) => [p.id, p.name]));
  const delegations = Object.fromEntries((state.delegations || []).map((d) => [d.id, d]));
  let rows = poll.electors || [];
  if (poll.status === "draft") {
    const kinds = poll.voters || ["member_state", "member_organisation"];
    rows = (state.delegations || []).filter((d) => d.attendance === "present" && kinds.includes(d.kind)).map((d) => ({
      delegation_id: d.id, voted: false,
      voter_ids: (state.participants || []).filter((p) => p.delegation_id === d.id && p.voter && p.role !== "observer")
        .map((p) => p.id) }));
  }
  return rows.map((row) => ({
    name: (delegations[row.delegation_id] || {}).name || `#${row.delegation_id}`,
    voters: row.voter_ids.map((id) => names[id] || `#${id}`),
    voted: row.voted,
  })).sort((a, b) => a.name.localeCompare(b.name));
}

function electorsList(poll, rows, open) {
  if (!rows.length) return el("p", { class: "muted" }, "No delegation has a confirmed voter yet.");
  return el("details", { class: "poll-electors-box", open, dataset: { status: poll.status } },
    el("summary", {}, poll.status === "draft" ? "Who would vote if opened now" : "Who may vote"),
    el("ul", { class: "poll-electors", dataset: { electors: poll.id } }, rows.map((row) =>
      el("li", {},
        el("span", {}, el("strong", {}, row.name), ": ",
          row.voters.length ? row.voters.join(", ") : el("em", {}, "no confirmed voter")),
        poll.status === "draft" ? null : el("span", { class: row.voted ? "voter-badge" : "muted" },
          row.voted ? "voted" : "not yet")))));
}

function renderHead(card, poll, state, staff) {
  const rows = staff ? electorsOf(poll, state) : [];
  const box = card.querySelector(".poll-electors-box");
  // Redrawn on each vote: stays as the facilitator left it; opened when the vote opens
  const open = box && box.dataset.status === poll.status ? box.open : poll.status === "open";
  updatePart(card, "head", JSON.stringify([poll.title, poll.status, poll.turnout, rows]), () => [
    el("h3", {}, poll.title),
    el("p", { class: "poll-meta" },
      el("span", { class: `badge status-${poll.status}` }, STATUS[poll.status]), " ",
      el("span", { class: "badge" }, METHODS[poll.method]), " ",
      el("span", { class: "badge" }, poll.secret ? "Secret ballot" : "Named ballot"),
      poll.method === "dot" ? ` · ${poll.dots} dots, at most ${poll.max_per_option} per option` : ""),
    poll.status === "draft" ? null : el("p", { class: "turnout", dataset: { turnout: poll.id } }, turnoutText(poll)),
    staff && poll.status !== "published" ? electorsList(poll, rows, open) : null,
  ]);
}

function renderControls(card, poll, live) {
  const steps = { draft: ["poll.open", "Open the vote"], open: ["poll.close", "Close the vote"],
    closed: ["poll.publish", "Publish the results"] };
  updatePart(card, "controls", poll.status, () => {
    const step = steps[poll.status];
    if (!step) return [];
    const message = el("span", { class: "error", role: "alert" });
    const run = (action) => async () => {
      try { await live.act(action, { poll_id: poll.id }); } catch (error) { message.textContent = error.message; }
    };
    return el("div", { class: "actions" },
      el("button", { type: "button", class: "primary", dataset: { action: step[0] }, onclick: run(step[0]) }, step[1]),
      // A draft the room has not seen can go (a typo in an option); an opened vote stays on record
      poll.status === "draft"
        ? el("button", { type: "button", dataset: { action: "poll.remove" }, "aria-label": `Remove the draft “${poll.title}”`,
          onclick: () => { if (window.confirm(`Remove the draft “${poll.title}”?`)) run("poll.remove")(); } }, "Remove draft")
        : null,
      message);
  });
}

export function mountPolls(root, live) {
  const view = root.dataset.view;
  const staff = view === "console";
  const ballots = new Map();
  const list = root.querySelector("[data-polls]");
  const panel = root.querySelector("[data-poll-results]");

  const render = () => {
    const state = live.state;
    if (!state) return;
    const polls = (state.polls || []).slice().sort((a, b) => b.id - a.id);
    if (list) {
      const shown = staff ? polls : polls.filter((p) => p.status !== "draft");
      const cards = shown.map((poll) => {
        const card = pollCard(list, poll);
        renderHead(card, poll, state, staff);
        if (staff) renderControls(card, poll, live);
        else {
          const mine = poll.my || {};
          updatePart(card, "ballot", JSON.stringify([poll.status, mine.can_vote, mine.voted, mine.holder]), () => [
            voteNote(poll),
            poll.status === "open" && mine.can_vote ? ballotForm(poll, ballots, live, render) : null,
          ]);
        }
        updatePart(card, "results", JSON.stringify(poll.results), () => poll.results ? renderResults(poll.results) : []);
        return card;
      });
      fill(list, cards.length ? cards : el("p", { class: "muted" }, staff ? "No polls yet." : "No votes are open."));
    }
    if (panel) {
      // The results panel (projector) shows what the room may see, even when staff opened the page
      const latest = polls.find((p) => p.results && roomSees(p));
      updatePart(panel, "results", JSON.stringify(latest ? latest.results : null), () =>
        latest ? [el("h3", {}, latest.title), renderResults(latest.results)] : el("p", { class: "muted" }, "No results yet."));
    }
    if (staff) renderSectionChoices(root, state);
  };
  live.socket.on("state", render);
  if (staff) {
    // A voter confirmed or withdrawn changes who a draft would let vote
    live.socket.on("participants", render);
    live.socket.on("delegations", render);
  }
  live.socket.on("poll", (payload) => {
    if (live.state && payload && payload.poll) {
      applyPoll(live.state, payload.poll);
      render();
    }
  });
  if (staff) wireCreateForm(root, live);
  render();
}

// Options can be taken from the sections of the Forward Work Plan (or of any document, when there is no FWP)
function draftSections(state) {
  const documents = Array.isArray(state.documents) ? state.documents : [];
  const fwp = documents.filter((d) => d.kind === "fwp");
  return (fwp.length ? fwp : documents).flatMap((d) => d.sections || []);
}

function renderSectionChoices(root, state) {
  const box = root.querySelector("[data-poll-sections]");
  if (!box) return;
  const sections = draftSections(state);
  box.hidden = !sections.length;
  const key = JSON.stringify(sections.map((s) => [s.id, s.heading]));
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  fill(box.querySelector("[data-section-list]"), sections.map((s) =>
    el("label", { class: "check" }, el("input", { type: "checkbox", value: String(s.id), dataset: { heading: s.heading } }), s.heading)));
}

function wireCreateForm(root, live) {
  const form = root.querySelector("[data-poll-create]");
  if (!form) return;
  const method = form.elements.method;
  const syncMethod = () => {
    form.querySelector("[data-dot-settings]").hidden = method.value !== "dot";
    form.querySelector("[data-typed-options]").hidden = ["yes_no_abstain", "consensus"].includes(method.value);
  };
  method.addEventListener("change", syncMethod);
  syncMethod();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = form.querySelector("[data-poll-create-message]");
    const typed = form.elements.options.value.split("\n").map((line) => line.trim()).filter(Boolean);
    const fromSections = [...form.querySelectorAll("[data-section-list] input:checked")]
      .map((box) => ({ text: box.dataset.heading, section_id: Number(box.value) }));
    const data = {
      title: form.elements.title.value, method: method.value, options: [...fromSections, ...typed],
      electorate: form.elements.electorate.value, secret: form.elements.secret.checked,
      results: form.elements.results.value,
    };
    if (method.value === "dot") {
      data.dots = form.elements.dots.value;
      data.max_per_option = form.elements.max_per_option.value;
    }
    try {
      const poll = await live.act("poll.create", data);
      applyPoll(live.state, poll);
      form.reset();
      syncMethod();
      message.className = "hint";
      message.textContent = `Created “${poll.title}”: open it when the room is ready.`;
    } catch (error) {
      message.className = "error";
      message.textContent = error.message;
      const field = error.field && form.elements[error.field];
      if (field && field.focus) field.focus();
    }
  });
}
