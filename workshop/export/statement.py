"""What a co-chairs' statement is made of: plain data the gatherer fills and the composer writes out.

The names differ from the models' (ListedDelegation, not Delegation): these are copies as the statement
lists them, read once from the rows, never rows themselves."""

from dataclasses import dataclass, field, replace
from datetime import date

AGREED_STATUSES = frozenset({"agreed", "agreed_ad_ref"})


@dataclass(frozen=True)
class Meeting:
    title: str
    process: str = ""
    body: str = ""
    ordinal: int | None = None
    city: str = ""
    country: str = ""
    venue: str = ""
    start_date: date | None = None
    end_date: date | None = None
    modality: str = "in_person"


@dataclass(frozen=True)
class ListedDelegation:
    name: str
    kind: str  # member_state | member_organisation | observer_state | observer_organisation | secretariat | guest
    attendance: str = "present"  # present | apologies | absent
    co_chair: bool = False
    sort_name: str = ""

    @property
    def is_organisation(self) -> bool:
        return self.kind in ("member_organisation", "observer_organisation", "secretariat")


@dataclass(frozen=True)
class DraftedSection:
    id: int
    heading: str
    markdown: str
    status: str = "drafting"  # drafting | locked | agreed_ad_ref | agreed
    document_id: int | None = None
    document_title: str = ""
    document_kind: str = "statement"  # fwp | statement | group_report
    agenda_item_id: int | None = None
    tags: tuple[str, ...] = ()

    @property
    def agreed(self) -> bool:
        return self.status in AGREED_STATUSES


@dataclass(frozen=True)
class AgendaEntry:
    id: int
    title: str
    day: int = 1
    kind: str = "presentation"
    theme: str = ""
    status: str = "planned"


@dataclass(frozen=True)
class DraftDocument:
    id: int
    title: str
    kind: str  # fwp | statement | group_report


@dataclass(frozen=True)
class PollResult:
    id: int
    title: str
    method: str  # dot | ranking | approval | single | yes_no_abstain | consensus
    rows: tuple[tuple[str, int], ...]  # (option text, count or points), as published
    turnout: int | None = None
    agenda_item_id: int | None = None


@dataclass(frozen=True)
class OutcomeEntry:
    kind: str  # agreement | action | recommendation | next_meeting | note
    text: str
    lead: tuple[str, ...] = ()
    due: str = ""
    agenda_item_id: int | None = None


@dataclass(frozen=True)
class AnnexRow:
    """One Forward Work Plan activity, as the annex table shows it."""

    objective: str
    activity: str
    lead: str = ""
    timeframe: str = ""
    deliverable: str = ""
    strategy_areas: str = ""
    section_id: int | None = None  # the FWP section it was drafted in


@dataclass
class StatementData:
    meeting: Meeting
    delegations: list[ListedDelegation] = field(default_factory=list)
    agenda: list[AgendaEntry] = field(default_factory=list)
    documents: list[DraftDocument] = field(default_factory=list)
    sections: list[DraftedSection] = field(default_factory=list)
    polls: list[PollResult] = field(default_factory=list)
    outcomes: list[OutcomeEntry] = field(default_factory=list)
    annex: list[AnnexRow] = field(default_factory=list)


@dataclass(frozen=True)
class Choices:
    """What goes in. None means everything of that kind."""

    items: frozenset[int] | None = None
    documents: frozenset[int] | None = None
    sections: frozenset[int] | None = None
    polls: frozenset[int] | None = None
    outcomes: bool = True
    annex: bool = True
    unagreed: bool = True  # include sections not yet agreed (they are labelled)


def _keep(ids: frozenset[int] | None, value: int | None) -> bool:
    return ids is None or value in ids


def select(data: StatementData, choices: Choices) -> StatementData:
    """The data narrowed to what the secretariat chose to put in."""
    agenda = [item for item in data.agenda if _keep(choices.items, item.id)]
    item_ids = {item.id for item in agenda}
    sections = [
        s for s in data.sections
        if _keep(choices.sections, s.id) and _keep(choices.documents, s.document_id)
        and (s.agenda_item_id is None or s.agenda_item_id in item_ids)
        and (choices.unagreed or s.agreed)
    ]
    section_ids = {s.id for s in sections}
    return replace(
        data,
        agenda=agenda,
        documents=[d for d in data.documents if _keep(choices.documents, d.id)],
        sections=sections,
        polls=[p for p in data.polls if _keep(choices.polls, p.id)],
        outcomes=list(data.outcomes) if choices.outcomes else [],
        # an activity goes with the section it is drafted in: left out when that section is
        annex=[row for row in data.annex if row.section_id is None or row.section_id in section_ids]
        if choices.annex else [],
    )
