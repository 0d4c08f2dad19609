"""Minutes from a session: Markdown in the room's language, and the actions as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from natverk_tui.locale import label, t
from natverk_tui.model import Contribution, Session, StepKind
from natverk_tui.timer import clock, timer_state
from natverk_tui.voting import tally

# What can start markup anywhere in a line, and what only at its start (every escaped text
# lands at the start of a list item, heading or cell, so its start counts).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_MD_LEADING = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Typed text stays text in Markdown, and stays readable: only what could start
    markup is escaped (not every full stop and hyphen), and lines are joined."""
    flat = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    match = _MD_LEADING.match(flat)
    if match is None:
        return flat
    if match.group(1).isdigit():
        end = match.end()
        return f"{flat[:end]}\\{flat[end:]}"
    return f"\\{flat}"


def owner_label(session: Session, owner: str, anonymous: bool) -> str:
    """An owner as written, or, without names, the person's organisation or sector."""
    if not anonymous:
        return owner
    for p in session.participants:
        if p.name and owner.strip().lower() == p.name.strip().lower():
            return p.organisation or label(p.sector)
    return owner


def _tag(session: Session, c: Contribution, anonymous: bool) -> str:
    tags = []
    if c.group:
        tags.append(c.group)
    if c.sector:
        tags.append(label(c.sector))
    person = session.participant(c.participant)
    if person and not anonymous:
        tags.append(person.label())
    return f" ({md_escape(', '.join(tags))})" if tags else ""


def markdown(session: Session, anonymous: bool = False, at: dt.datetime | None = None) -> str:
    at = at or dt.datetime.now()
    out: list[str] = []
    add = out.append
    add(f"# {t('md.title')}: {md_escape(session.title)}\n")
    add(f"- **{t('md.date')}:** {session.date.isoformat()}")
    if session.place:
        add(f"- **{t('md.place')}:** {md_escape(session.place)}")
    add(f"- **{t('md.programme')}:** {md_escape(session.plan.title)}")
    add(f"- **{t('md.participants')}:** {t('md.participants_count', n=len(session.participants))}")
    add(f"\n_{t('md.privacy')}_\n")

    if session.participants:
        add(f"## {t('md.participants')}\n")
        for p in session.participants:
            who = md_escape(p.name) if p.name and not anonymous else f"#{p.number}"
            extra = ", ".join(x for x in (p.organisation, p.role) if x)
            extra_md = f", {md_escape(extra)}" if extra and not anonymous else ""
            add(f"- {who} ({label(p.sector)}{extra_md})")
        add("")

    add(f"## {t('md.programme')}\n")
    add(f"| {t('md.step')} | {t('md.planned')} | {t('md.actual')} |")
    add("|---|---:|---:|")
    for step in session.plan.steps:
        state = timer_state(session.log, step.id, step.minutes, at)
        actual = clock(state.elapsed) if state.elapsed else "–"
        add(f"| {md_escape(step.theme_title)}: {md_escape(step.title)}"
            f" | {t('minutes', n=step.minutes)} | {actual} |")
    add("")

    theme = None
    for step in session.plan.steps:
        items = session.contributions_for(step.id)
        groups = session.groups.get(step.id, [])
        is_vote = step.kind is StepKind.VOTE
        if not (items or groups or is_vote):
            continue
        if step.theme_title != theme:
            theme = step.theme_title
            add(f"## {md_escape(theme)}\n")
        add(f"### {md_escape(step.title)}\n")
        if step.question:
            add(f"_{md_escape(step.question)}_\n")
        if groups:
            add(f"**{t('md.groups')}:**\n")
            for g in groups:
                names = []
                for pid in g.members:
                    member = session.participant(pid)
                    if member:
                        names.append(f"#{member.number}" if anonymous else member.label())
                add(f"- {md_escape(g.name)}: {md_escape(', '.join(names))}")
            add("")
        for c in items:
            add(f"- {md_escape(c.text)}{_tag(session, c, anonymous)}")
        if items:
            add("")
        if is_vote:
            voters = t("md.voters", n=len(session.vote_for(step.id).voted))
            add(f"**{t('md.vote_results')}** ({voters}):\n")
            # A table, not a numbered list: Markdown renumbers a list, and a shared rank
            # must stay shared.
            add(f"| {t('md.rank')} | {t('md.area')} | {t('md.count')} |")
            add("|---:|---|---:|")
            for row in tally(session, step.id):
                tie = f" ({t('md.tied')})" if row.tied else ""
                add(f"| {row.rank}{tie} | {md_escape(row.text)} | {row.count} |")
            add("")

    add(f"## {t('md.actions')}\n")
    if session.actions:
        add(f"| {t('md.what')} | {t('md.owner')} | {t('md.due')} | {t('md.status')} | {t('md.area')} |")
        add("|---|---|---|---|---|")
        for a in session.actions:
            due = a.due.isoformat() if a.due else ""
            owner = md_escape(owner_label(session, a.owner, anonymous))
            add(f"| {md_escape(a.what)} | {owner} | {due} | {label(a.status)} | {md_escape(a.area)} |")
    else:
        add(t("md.no_actions"))
    add("")

    f = session.followup
    if any((f.next_meeting, f.convener, f.report, f.notes)):
        add(f"## {t('md.followup')}\n")
        for key, value in (("md.next_meeting", f.next_meeting), ("md.convener", f.convener),
                           ("md.report", f.report), ("md.notes", f.notes)):
            if value:
                add(f"- **{t(key)}:** {md_escape(value)}")
        add("")

    add(f"## {t('md.expectations')}\n")
    if session.expectations:
        for e in session.expectations:
            met = label(e.met) if e.met else t("md.not_assessed")
            comment = f" ({md_escape(e.comment)})" if e.comment else ""
            add(f"- {md_escape(e.text)}: **{met}**{comment}")
    else:
        add(t("md.no_expectations"))
    add("")
    return "\n".join(out)


def actions_csv(session: Session, anonymous: bool = False) -> str:
    """One row per action, for a spreadsheet; the header is in the room's language."""
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: with "\n" alone, csv leaves a lone "\r" in a cell unquoted,
    # and a spreadsheet reads it as the end of the row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t("md.what"), t("md.owner"), t("md.due"), t("md.status"), t("md.area"),
                     t("md.notes"), "id", t("md.date")])
    for a in session.actions:
        writer.writerow([
            _csv_safe(a.what), _csv_safe(owner_label(session, a.owner, anonymous)),
            a.due.isoformat() if a.due else "", label(a.status), _csv_safe(a.area),
            _csv_safe(a.note), a.id, session.date.isoformat(),
        ])
    return buffer.getvalue()


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
