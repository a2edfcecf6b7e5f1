"""The composer: statement data and the secretariat's choices in, the statement's Markdown out."""

import os
from dataclasses import dataclass, field

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..brackets import open_brackets
from . import language
from .annex import without_activity_tables
from .blocks import Bracket, Numbering, md_cell, md_text, numbered_blocks
from .statement import Choices, ListedDelegation, OutcomeEntry, PollResult, StatementData, select

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "templates")
KINDS = {"statement": "statement/statement.md.j2", "outcomes": "statement/outcomes_summary.md.j2"}

STATUS_LABELS = {"drafting": "being drafted", "locked": "locked for review",
                 "agreed_ad_ref": "agreed ad referendum", "agreed": "agreed"}
POLL_UNITS = {"dot": ("dot", "dots"), "ranking": ("point", "points"), "approval": ("vote", "votes"),
              "single": ("vote", "votes"), "yes_no_abstain": ("vote", "votes"),
              "consensus": ("delegation", "delegations")}


@dataclass
class Statement:
    markdown: str
    title: str
    brackets: list[Bracket] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    paragraphs: int = 0


environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                          # the HTML page escapes; the Markdown templates escape for Markdown with |md
                          autoescape=select_autoescape(["html"], default_for_string=False),
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
environment.filters.update(md=md_text, cell=md_cell, english_list=language.english_list,
                           sentence=language.sentence_case, full_stop=language.full_stop,
                           next_meeting=language.next_meeting_sentence)


def names(delegations: list[ListedDelegation]) -> list[str]:
    """Names for running text: alphabetical by sort name, with "the" where English wants it."""
    ordered = sorted(delegations, key=lambda d: d.sort_name or d.name.casefold())
    return [md_text(language.with_article(d.name, d.is_organisation)) for d in ordered]


def listed(delegations: list[ListedDelegation]) -> list[dict]:
    """Every delegation as running text names it, alphabetical by sort name: the participation paragraphs
    in the template choose who goes in which sentence and write the sentences."""
    ordered = sorted(delegations, key=lambda d: d.sort_name or d.name.casefold())
    return [{"name": md_text(language.with_article(d.name, d.is_organisation)), "kind": d.kind,
             "attendance": d.attendance} for d in ordered]


def meeting_name(meeting) -> str:
    """"Sixth Meeting of the Technical Experts Group on ..." when ordinal and body are known."""
    if meeting.ordinal and meeting.body:
        body = meeting.body if meeting.body.lower().startswith("the ") else "the " + meeting.body
        return f"{language.ordinal_word(meeting.ordinal)} Meeting of {body}"
    return meeting.title


def poll_view(poll: PollResult) -> dict:
    one, many = POLL_UNITS.get(poll.method, ("vote", "votes"))
    rows = sorted(poll.rows, key=lambda row: -row[1]) if poll.method != "yes_no_abstain" else list(poll.rows)
    cells = [(md_text(text), value, one if value == 1 else many) for text, value in rows]
    return {"title": md_text(poll.title), "method": poll.method, "rows": cells, "unit": many,
            "turnout": poll.turnout, "leading": [c for c in cells if c[1] > 0][:3]}


def outcome_line(outcome: OutcomeEntry) -> str:
    text = md_text(language.full_stop(outcome.text)).rstrip(".")
    extras = []
    if outcome.lead:
        extras.append("lead: " + language.english_list(md_text(lead) for lead in outcome.lead))
    if outcome.due:
        extras.append("by " + md_text(outcome.due))
    return language.full_stop(text + (f" ({'; '.join(extras)})" if extras else ""))


def compose_statement(data: StatementData, choices: Choices | None = None,
                      template: str = "statement") -> Statement:
    """Write the statement (or the outcomes summary) as Markdown, numbering paragraphs in one sequence,
    listing open brackets and marking what is missing for the secretariat."""
    choices = choices or Choices()
    chosen = select(data, choices)
    numbering = Numbering()
    gaps: list[str] = []
    brackets: list[Bracket] = []

    def gap(what: str) -> str:
        gaps.append(what)
        return f"\\[Secretariat to complete: {md_text(what)}\\]"

    annexed = {row.section_id for row in chosen.annex}

    def drafted(section) -> str:
        for passage, closed in open_brackets(section.markdown):
            brackets.append(Bracket(section.id, section.heading, passage, closed))
        if section.id not in annexed:
            return numbered_blocks(section.markdown, numbering)
        # the activities are in the annex table: the body says so rather than repeating them
        return numbered_blocks(without_activity_tables(section.markdown), numbering) + \
            "\n\n*Activities: see Annex A.*"

    sections = chosen.sections
    item_sections = {item.id: [s for s in sections if s.agenda_item_id == item.id
                               and s.document_kind != "fwp"] for item in chosen.agenda}
    loose = [s for s in sections if s.agenda_item_id is None and s.document_kind != "fwp"]
    outcomes = chosen.outcomes
    context = {
        "meeting": chosen.meeting,
        "meeting_name": md_text(meeting_name(chosen.meeting)),
        "ordinal": language.ordinal_word(chosen.meeting.ordinal) if chosen.meeting.ordinal else "",
        "dates": language.date_range(chosen.meeting.start_date, chosen.meeting.end_date),
        "place": md_text(", ".join(p for p in (chosen.meeting.city, chosen.meeting.country) if p)),
        "co_chairs": names([d for d in chosen.delegations if d.co_chair]),
        "delegations": listed(chosen.delegations),
        "proceedings": [(item, item_sections[item.id]) for item in chosen.agenda if item_sections[item.id]],
        "other_documents": [(doc, [s for s in loose if s.document_id == doc.id])
                            for doc in chosen.documents if any(s.document_id == doc.id for s in loose)],
        "fwp_sections": [s for s in sections if s.document_kind == "fwp"],
        "polls": [poll_view(p) for p in chosen.polls],
        "agreed": [outcome_line(o) for o in outcomes if o.kind in ("agreement", "action", "recommendation")],
        "notes": [o for o in outcomes if o.kind == "note"],
        "next_meeting": [outcome_line(o) for o in outcomes if o.kind == "next_meeting"],
        "annex": chosen.annex,
        "choices": choices,
        "status_label": lambda status: STATUS_LABELS.get(status, status.replace("_", " ")),
        "n": numbering,
        "gap": gap,
        "drafted": drafted,
    }
    markdown = environment.get_template(KINDS[template]).render(context)
    markdown = "\n".join(line.rstrip() for line in markdown.splitlines()).strip() + "\n"
    while "\n\n\n" in markdown:
        markdown = markdown.replace("\n\n\n", "\n\n")
    title = f"{meeting_name(chosen.meeting)}: Co-Chairs' Statement"
    return Statement(markdown, title, brackets, gaps, numbering.last)
