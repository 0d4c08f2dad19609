"""Minutes from a session or a series: Markdown and self-contained HTML in the room's
language, and the actions as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import escape

from natverk_tui.locale import label, language, t
from natverk_tui.model import Action, Contribution, Session, StepKind
from natverk_tui.timer import timer_state
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
        add(f"| {md_escape(step.theme_title)}: {md_escape(step.title)}"
            f" | {t('minutes', n=step.minutes)} | {minutes_taken(state.elapsed)} |")
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
            add(f"| {md_escape(a.what)} | {owner} | {due} | {status_text(a, at.date())}"
                f" | {md_escape(a.area)} |")
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


def status_text(action: Action, today: dt.date) -> str:
    """The status in words, with "overdue" added when an open action is past its date."""
    status = label(action.status)
    return f"{status}, {t('md.overdue')}" if action.overdue(today) else status


def actions_csv(session: Session, anonymous: bool = False) -> str:
    """One row per action, for a spreadsheet; the header is in the room's language."""
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: with "\n" alone, csv leaves a lone "\r" in a cell unquoted,
    # and a spreadsheet reads it as the end of the row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_csv_header())
    for a in session.actions:
        writer.writerow(_csv_row(session, a, anonymous))
    return buffer.getvalue()


def _csv_header() -> list[str]:
    return [t("md.what"), t("md.owner"), t("md.due"), t("md.status"), t("md.area"),
            t("md.notes"), "id", t("md.date")]


def _csv_row(session: Session, a: Action, anonymous: bool) -> list[str]:
    return [
        _csv_safe(a.what), _csv_safe(owner_label(session, a.owner, anonymous)),
        a.due.isoformat() if a.due else "", label(a.status), _csv_safe(a.area),
        _csv_safe(a.note), a.id, session.date.isoformat(),
    ]


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# HTML minutes: one self-contained page for people who will not open a terminal ----------

_CSS = """
:root { --ink: #1d2430; --muted: #5b6575; --line: #d5dae1; --soft: #f3f5f8;
  --accent: #1f5f8b; --warn: #a32020; --warn-bg: #fdecec; --ok: #1e6b3a; --ok-bg: #e6f4ea; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 56rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1, .meeting-title { font-size: 1.9rem; margin: .1rem 0 .6rem; line-height: 1.2; }
.section { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--accent); color: var(--accent); }
.step-title { font-size: 1.05rem; margin: 1.3rem 0 .3rem; }
header.series { margin-bottom: 2.5rem; padding-bottom: 1rem; border-bottom: 3px double var(--line); }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem;
  color: var(--muted); margin: 0; }
.meta { display: flex; flex-wrap: wrap; gap: .4rem 2rem; margin: .5rem 0; }
.meta div { display: flex; gap: .4rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; font-weight: 600; }
.privacy { background: var(--soft); border-left: 4px solid var(--accent); padding: .5rem .8rem;
  font-size: .9rem; color: var(--muted); }
.question { font-style: italic; color: var(--muted); margin: 0 0 .5rem; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; padding: .4rem .55rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
tr.theme td { font-weight: 600; color: var(--accent); background: #fff; padding-top: .8rem; }
td.step { padding-left: 1.4rem; }
.over { color: var(--warn); font-weight: 600; }
ul, ol { margin: .3rem 0 .8rem; padding-left: 1.4rem; }
li { margin: .15rem 0; }
.tag { color: var(--muted); font-size: .85rem; }
.tally { list-style: none; padding: 0; }
.tally li { display: grid; grid-template-columns: 2rem 1fr 9rem; gap: .6rem; align-items: center; }
.tally .rank { color: var(--muted); text-align: right; }
.tally .bar { background: var(--soft); border-radius: 3px; height: 1.1rem; position: relative; }
.tally .fill { background: var(--accent); height: 100%; border-radius: 3px; }
.tally .count { font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .7rem; font-size: .8rem;
  font-weight: 600; background: var(--soft); color: var(--ink); white-space: nowrap; }
.badge.done, .badge.met { background: var(--ok-bg); color: var(--ok); }
.badge.dropped { color: var(--muted); }
.badge.overdue, .badge.not_met { background: var(--warn-bg); color: var(--warn); }
tr.overdue td { background: var(--warn-bg); }
.note { display: block; color: var(--muted); font-size: .85rem; }
.followup dt { font-weight: 600; }
.followup dd { margin: 0 0 .5rem; }
.toc li { margin: .25rem 0; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line);
  padding-top: .5rem; }
article.meeting + article.meeting { margin-top: 3rem; border-top: 3px double var(--line); }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  article.meeting + article.meeting { break-before: page; border-top: 0; margin-top: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { size: A4; margin: 18mm 16mm; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def minutes_taken(seconds: float) -> str:
    """Time a step took, in whole minutes like the plan (a clock face would read as a time
    of day); a step that never ran shows a dash."""
    if not seconds:
        return "–"
    return t("minutes", n=max(1, round(seconds / 60)))


def votes(n: int) -> str:
    """A number of votes in words: "1 röst", "3 röster"."""
    return f"{n} {t('md.vote' if n == 1 else 'md.votes')}"


def _badge(text: str, kind: str) -> str:
    return f'<span class="badge {kind}">{_e(text)}</span>'


def _tags(session: Session, c: Contribution, anonymous: bool) -> list[str]:
    tags = []
    if c.group:
        tags.append(c.group)
    if c.sector:
        tags.append(label(c.sector))
    person = session.participant(c.participant)
    if person and not anonymous:
        tags.append(person.label())
    return tags


def _html_meeting(session: Session, anonymous: bool, at: dt.datetime, level: int = 1) -> str:
    """One meeting as an <article>; in a series its title is one level down."""
    out: list[str] = []
    add = out.append
    h, h2, h3 = f"h{level}", f"h{level + 1}", f"h{level + 2}"
    today = at.date()
    add('<article class="meeting">')
    add(f'<header><p class="kicker">{_e(t("md.title"))}</p>'
        f'<{h} class="meeting-title">{_e(session.title)}</{h}>')
    meta = [(t("md.date"), session.date.isoformat())]
    if session.place:
        meta.append((t("md.place"), session.place))
    meta.append((t("md.programme"), session.plan.title))
    meta.append((t("md.participants"), t("md.participants_count", n=len(session.participants))))
    add('<dl class="meta">' + "".join(
        f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in meta) + "</dl>")
    add(f'<p class="privacy">{_e(t("md.privacy"))}</p></header>')

    if session.participants:
        add(f"<section><{h2} class='section'>{_e(t('md.participants'))}</{h2}><ul>")
        for p in session.participants:
            who = p.name if p.name and not anonymous else f"#{p.number}"
            extra = [label(p.sector)]
            if not anonymous:
                extra += [x for x in (p.organisation, p.role) if x]
            add(f'<li>{_e(who)} <span class="tag">({_e(", ".join(extra))})</span></li>')
        add("</ul></section>")

    add(f"<section><{h2} class='section'>{_e(t('md.programme'))}</{h2}><table><thead><tr>"
        f"<th>{_e(t('md.step'))}</th><th class='num'>{_e(t('md.planned'))}</th>"
        f"<th class='num'>{_e(t('md.actual'))}</th></tr></thead><tbody>")
    planned_total = 0
    actual_total = 0.0
    theme = None
    for step in session.plan.steps:
        if step.theme_title != theme:
            theme = step.theme_title
            add(f'<tr class="theme"><td colspan="3">{_e(theme)}</td></tr>')
        state = timer_state(session.log, step.id, step.minutes, at)
        planned_total += step.minutes
        actual_total += state.elapsed
        over = ' class="num over"' if state.over else ' class="num"'
        add(f'<tr><td class="step">{_e(step.title)}</td>'
            f"<td class='num'>{_e(t('minutes', n=step.minutes))}</td>"
            f"<td{over}>{_e(minutes_taken(state.elapsed))}</td></tr>")
    add(f"<tr class='total'><td>{_e(t('md.total'))}</td>"
        f"<td class='num'>{_e(t('minutes', n=planned_total))}</td>"
        f"<td class='num'>{_e(minutes_taken(actual_total))}</td></tr>")
    add("</tbody></table></section>")

    theme = None
    for step in session.plan.steps:
        items = session.contributions_for(step.id)
        groups = session.groups.get(step.id, [])
        is_vote = step.kind is StepKind.VOTE
        if not (items or groups or is_vote):
            continue
        if step.theme_title != theme:
            if theme is not None:
                add("</section>")
            theme = step.theme_title
            add(f"<section><{h2} class='section'>{_e(theme)}</{h2}>")
        add(f"<{h3} class='step-title'>{_e(step.title)}</{h3}>")
        if step.question:
            add(f'<p class="question">{_e(step.question)}</p>')
        if groups:
            add(f"<p><strong>{_e(t('md.groups'))}:</strong></p><ul>")
            for g in groups:
                names = []
                for pid in g.members:
                    member = session.participant(pid)
                    if member:
                        names.append(f"#{member.number}" if anonymous else member.label())
                add(f"<li>{_e(g.name)}: {_e(', '.join(names))}</li>")
            add("</ul>")
        if items:
            add("<ul>")
            for c in items:
                tags = _tags(session, c, anonymous)
                tag = f' <span class="tag">({_e(", ".join(tags))})</span>' if tags else ""
                add(f"<li>{_e(c.text)}{tag}</li>")
            add("</ul>")
        if is_vote:
            rows = tally(session, step.id)
            voters = t("md.voters", n=len(session.vote_for(step.id).voted))
            add(f"<p><strong>{_e(t('md.vote_results'))}</strong> ({_e(voters)})</p>")
            most = max((r.count for r in rows), default=0) or 1
            add('<ol class="tally">')
            for row in rows:
                tie = f" ({t('md.tied')})" if row.tied else ""
                width = round(100 * row.count / most)
                add(f'<li><span class="rank">{row.rank}.</span><span>{_e(row.text)}'
                    f'<span class="bar" style="display:block;width:100%">'
                    f'<span class="fill" style="display:block;width:{width}%"></span></span></span>'
                    f'<span class="count">{_e(votes(row.count))}{_e(tie)}</span></li>')
            add("</ol>")
    if theme is not None:
        add("</section>")

    add(f"<section><{h2} class='section'>{_e(t('md.actions'))}</{h2}>")
    if session.actions:
        add("<table><thead><tr>" + "".join(
            f"<th>{_e(t(k))}</th>" for k in ("md.what", "md.owner", "md.due", "md.status", "md.area")
        ) + "</tr></thead><tbody>")
        for a in session.actions:
            late = a.overdue(today)
            status = _badge(label(a.status), a.status.value)
            if late:
                status += " " + _badge(t("md.overdue"), "overdue")
            what = _e(a.what)
            if a.origin:
                what += f' <span class="tag">({_e(t("md.carried"))})</span>'
            if a.note:
                what += f'<span class="note">{_e(a.note)}</span>'
            due = a.due.isoformat() if a.due else ""
            row_class = ' class="overdue"' if late else ""
            add(f"<tr{row_class}><td>{what}</td><td>{_e(owner_label(session, a.owner, anonymous))}</td>"
                f"<td class='num'>{_e(due)}</td><td>{status}</td><td>{_e(a.area)}</td></tr>")
        add("</tbody></table>")
    else:
        add(f"<p>{_e(t('md.no_actions'))}</p>")
    add("</section>")

    f = session.followup
    if any((f.next_meeting, f.convener, f.report, f.notes)):
        add(f'<section><{h2} class="section">{_e(t("md.followup"))}</{h2}><dl class="followup">')
        for key, value in (("md.next_meeting", f.next_meeting), ("md.convener", f.convener),
                           ("md.report", f.report), ("md.notes", f.notes)):
            if value:
                add(f"<dt>{_e(t(key))}</dt><dd>{_e(value)}</dd>")
        add("</dl></section>")

    add(f"<section><{h2} class='section'>{_e(t('md.expectations'))}</{h2}>")
    if session.expectations:
        add("<ul>")
        for e in session.expectations:
            met = _badge(label(e.met), e.met.value) if e.met else _badge(t("md.not_assessed"), "")
            comment = f' <span class="tag">({_e(e.comment)})</span>' if e.comment else ""
            add(f"<li>{_e(e.text)} {met}{comment}</li>")
        add("</ul>")
    else:
        add(f"<p>{_e(t('md.no_expectations'))}</p>")
    add("</section></article>")
    return "\n".join(out)


def _page(title: str, body: str, at: dt.datetime) -> str:
    made = t("md.generated", at=at.strftime("%Y-%m-%d %H:%M"))
    return (
        f'<!doctype html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n<footer>{_e(made)}</footer>\n</main>\n</body>\n</html>\n"
    )


def html(session: Session, anonymous: bool = False, at: dt.datetime | None = None) -> str:
    """The minutes as one self-contained, printable HTML page: every typed text escaped."""
    at = at or dt.datetime.now()
    title = f"{t('md.title')}: {session.title} ({session.date.isoformat()})"
    return _page(title, _html_meeting(session, anonymous, at), at)


def _open_at_end(sessions: list[Session]) -> int:
    latest: dict[str, Action] = {}
    for s in sessions:
        for a in s.actions:
            latest[a.id] = a
    return sum(1 for a in latest.values() if a.is_open)


def series_html(
    name: str, sessions: list[Session], anonymous: bool = False, at: dt.datetime | None = None
) -> str:
    """Every meeting of a series on one page, oldest first, with a list of contents."""
    at = at or dt.datetime.now()
    parts = [f'<header class="series"><p class="kicker">{_e(t("md.series"))}</p><h1>{_e(name)}</h1>',
             f"<p>{_e(t('md.series_summary', n=len(sessions), open=_open_at_end(sessions)))}</p>",
             '<ol class="toc">']
    for s in sessions:
        parts.append(f"<li>{_e(s.date.isoformat())}: {_e(s.title)}</li>")
    parts.append("</ol></header>")
    parts.extend(_html_meeting(s, anonymous, at, level=2) for s in sessions)
    return _page(f"{t('md.series')}: {name}", "\n".join(parts), at)


def series_markdown(
    name: str, sessions: list[Session], anonymous: bool = False, at: dt.datetime | None = None
) -> str:
    """The minutes of every meeting of a series, oldest first, under one heading."""
    head = [f"# {t('md.series')}: {md_escape(name)}\n",
            t("md.series_summary", n=len(sessions), open=_open_at_end(sessions)), ""]
    for s in sessions:
        head.append(f"- {s.date.isoformat()}: {md_escape(s.title)}")
    parts = ["\n".join(head) + "\n"]
    for s in sessions:
        # Each meeting's headings one level down, under the series heading.
        text = markdown(s, anonymous=anonymous, at=at)
        parts.append(re.sub(r"^(#+) ", r"#\1 ", text, flags=re.MULTILINE))
    return "\n---\n\n".join(parts)


def series_csv(sessions: list[Session], anonymous: bool = False) -> str:
    """Every action of a series once, as the latest meeting that holds it has it."""
    latest: dict[str, tuple[Action, Session]] = {}
    for s in sessions:
        for a in s.actions:
            latest[a.id] = (a, s)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_csv_header())
    for a, s in latest.values():
        writer.writerow(_csv_row(s, a, anonymous))
    return buffer.getvalue()
