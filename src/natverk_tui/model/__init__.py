"""The data model: themes, programmes and sessions (pydantic, no UI)."""

from natverk_tui.model.common import SCHEMA_VERSION, Sector, StepKind, WorkForm, new_id
from natverk_tui.model.programme import Plan, PlannedStep, Programme, ProgrammeItem
from natverk_tui.model.session import (
    Action,
    ActionEvent,
    ActionStatus,
    Ballot,
    Contribution,
    Expectation,
    FollowupPlan,
    Fulfilment,
    Group,
    LogEntry,
    Participant,
    PrivacyNote,
    Session,
    TimerEvent,
    Vote,
    now,
)
from natverk_tui.model.theme import Step, Theme, ThemeLibrary

__all__ = [
    "SCHEMA_VERSION",
    "Action",
    "ActionEvent",
    "ActionStatus",
    "Ballot",
    "Contribution",
    "Expectation",
    "FollowupPlan",
    "Fulfilment",
    "Group",
    "LogEntry",
    "Participant",
    "Plan",
    "PlannedStep",
    "PrivacyNote",
    "Programme",
    "ProgrammeItem",
    "Sector",
    "Session",
    "Step",
    "StepKind",
    "Theme",
    "ThemeLibrary",
    "TimerEvent",
    "Vote",
    "WorkForm",
    "new_id",
    "now",
]
