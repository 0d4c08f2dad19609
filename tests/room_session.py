"""One filled-in full-day meeting for the tests of what the room sees: every step kind has
something to show, the facilitator's notes are marked, and names sit beside unions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from natverk_tui import followup, resources, store
from natverk_tui.meeting import new_session
from natverk_tui.model import (
    Action,
    ActionEvent,
    ActionStatus,
    Contribution,
    EventKind,
    Expectation,
    FollowupPlan,
    Fulfilment,
    Group,
    LogEntry,
    Participant,
    Sector,
    Session,
    TimerEvent,
)
from natverk_tui.voting import record_ballot

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 11, 28, 13, 52, 30)
NOTE_MARK = "HEMLIG-ANTECKNING"
PREVIOUS_ID = "s-previous"

# The long labels of the vote: they must read whole at 64 columns.
AREAS = [
    "Krav på ID06 och elektronisk personalliggare i alla offentliga upphandlingar",
    "Dela information mellan myndigheter trots sekretessen",
    "Följa upp varje led i kedjan av underentreprenörer",
    "Följa upp krav i upphandling och onormalt låga anbud",
    "Berätta för utländska arbetare om deras rättigheter",
    "Stöd till den som utsatts",
]


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 28, hour, minute)


def full_day() -> Session:
    """The full-day programme with a review step first, as `natverk next` makes it."""
    programme = store.load_programme(ROOT / "agendas" / "heldag.toml")
    session = new_session(programme, resources.library(), "Nätverksmöte Örebro", "heldag",
                          date=dt.date(2026, 11, 28), place="Örebro")
    session.id = "s-room"
    previous = Session(title="Förra mötet", plan=session.plan, id=PREVIOUS_ID,
                       date=dt.date(2026, 9, 1))
    review = followup.review_step(previous, 2, {s.id for s in session.plan.steps})
    session.plan.steps = [review, *session.plan.steps]
    session.previous = PREVIOUS_ID
    for step in session.plan.steps:
        step.notes = f"{NOTE_MARK} {step.notes}"
    session.participants = [
        Participant(id="p-anna", number=1, name="Anna", organisation="Skatteverket",
                    role="handläggare", sector=Sector.MYNDIGHET),
        Participant(id="p-bo", number=2, name="Bo", organisation="Byggbolaget",
                    sector=Sector.FORETAG),
        Participant(id="p-cecilia", number=3, name="Cecilia", organisation="Byggnads",
                    sector=Sector.FACK),
        Participant(id="p-fyra", number=4, organisation="Örebro kommun", sector=Sector.OVRIGT),
        Participant(id="p-dan", number=5, name="Dan", sector=Sector.MYNDIGHET),
        Participant(id="p-eva", number=6, name="Eva", organisation="Elektrikerförbundet",
                    sector=Sector.FACK),
    ]
    session.turns = {"inledning.presentation": ["p-anna"]}
    session.expectations = [
        Expectation(id="e-1", text="Få kontakter i andra myndigheter", participant="p-anna",
                    met=Fulfilment.MET),
        Expectation(id="e-2", text="Veta vem jag ringer om en misstänkt arbetsplats",
                    participant="p-bo", met=Fulfilment.PARTLY),
        Expectation(id="e-3", text="Konkreta åtgärder", met=Fulfilment.NOT_MET),
    ]
    risks = [
        ("Personer utan rätt att arbeta i Sverige", "Grupp 1", Sector.FACK),
        ("Långa kedjor av underentreprenörer där ansvaret hamnar mellan stolarna",
         "Grupp 2", None),
        ("Falska uppgifter i personalliggaren", None, Sector.MYNDIGHET),
        ("Svarta löner och prisdumpning i slutet av kedjan", "Grupp 3", Sector.FORETAG),
        ("[bold]Arbetare som bor på byggarbetsplatsen[/bold]", None, None),
    ]
    contributions = [
        Contribution(id=f"c-risk{i}", step="tema1.a", text=text, group=group, sector=sector,
                     created=at(13, 30))
        for i, (text, group, sector) in enumerate(risks)
    ]
    contributions += [Contribution(id=f"c-area{i}", step="tema1.b", text=text, created=at(13, 50))
                      for i, text in enumerate(AREAS)]
    contributions += [
        Contribution(id="c-prev1", step="tema1.d", text="Gemensamma kontroller på byggarbetsplatser",
                     created=at(14, 30)),
        Contribution(id="c-prev2", step="tema1.d", text="Checklista för upphandlare",
                     created=at(14, 31)),
    ]
    session.contributions = contributions
    session.groups = {"tema1.a": [
        Group(id="g-1", name="Grupp 1", members=["p-anna", "p-cecilia"]),
        Group(id="g-2", name="Grupp 2", members=["p-bo", "p-fyra"]),
        Group(id="g-3", name="Grupp 3", members=["p-dan", "p-eva"]),
    ]}
    record_ballot(session, "tema1.c", "p-anna", ["c-area0", "c-area1", "c-area2"])
    record_ballot(session, "tema1.c", "p-bo", ["c-area0", "c-area1", "c-area3"])
    record_ballot(session, "tema1.c", "p-cecilia", ["c-area2", "c-area3", "c-area4"])
    record_ballot(session, "tema1.c", "p-fyra", ["c-area5"])
    session.vote_for("tema1.c").revealed = True
    carried = ActionEvent(at=at(9, 0), kind=EventKind.CARRIED, meeting=PREVIOUS_ID,
                          title="Förra mötet", date=dt.date(2026, 9, 1))
    session.actions = [
        Action(id="a-1", what="Bjuda in Skatteverket till nästa möte", owner="RMS Örebro",
               due=dt.date(2027, 1, 15), area=AREAS[1], step="tema1.e", created=at(15, 0)),
        Action(id="a-2", what="Ta fram en checklista för upphandling med arbetsvillkor",
               owner="Örebro kommun", due=dt.date(2026, 11, 1), area=AREAS[3],
               status=ActionStatus.IN_PROGRESS, origin=PREVIOUS_ID, history=[carried],
               created=at(9, 0)),
        Action(id="a-3", what="Sprida tipsnumret till alla byggarbetsplatser", owner="Byggnads",
               due=dt.date(2027, 2, 1), status=ActionStatus.DONE, origin=PREVIOUS_ID,
               history=[carried], created=at(9, 0)),
    ]
    session.followup = FollowupPlan(next_meeting="Mars 2027 i Örebro", convener="RMS Örebro",
                                    report="Läget för åtgärderna", notes=f"{NOTE_MARK} intern")
    return stand_on(session, "tema1.a")


STARTED = dt.datetime(2026, 11, 28, 13, 40)


def stand_on(session: Session, step_id: str, started: dt.datetime = STARTED) -> Session:
    """The meeting on `step_id`, its clock started at `started` and running."""
    session.current_step = step_id
    session.log = [
        LogEntry(at=started, step=step_id, event=TimerEvent.ENTER),
        LogEntry(at=started, step=step_id, event=TimerEvent.START),
    ]
    return session


def kinds(session: Session) -> list[str]:
    """One step of each kind, in programme order: the walk of the snapshot tests."""
    seen: dict[str, str] = {}
    for step in session.plan.steps:
        seen.setdefault(step.kind.value, step.id)
    # The vote, and a discussion that shows its top areas, matter more than the first ones.
    seen["top"] = "tema1.d"
    return list(seen.values())
