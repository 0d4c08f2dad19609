"""Minutes from a session or a series: Markdown and self-contained HTML in the room's
language, and the actions as CSV. What the minutes say is decided in minutes.py; here it
is only laid out, every text escaped for its format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import escape

from natverk_tui import minutes
from natverk_tui.locale import label, language, t
from natverk_tui.minutes import Anonymiser, Minutes
from natverk_tui.model import Action, Session

# What can start markup anywhere in a line, and what only at its start (every escaped text
# lands at the start of a list item, heading or cell, so its start counts).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_MD_LEADING = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Typed text stays text in Markdown, and stays readable: only what could start
    markup is escaped (not every full stop and hyphen), and lines are joined."""
    flat = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    # A heading drops a trailing run of #s after a space ("Risk #" would lose its "#").
    flat = re.sub(r"(\s)(#+)$", lambda m: m.group(1) + "\\#" * len(m.group(2)), flat)
    match = _MD_LEADING.match(flat)
    if match is None:
        return flat
    if match.group(1).isdigit():
        end = match.end()
        return f"{flat[:end]}\\{flat[end:]}"
    return f"\\{flat}"


def markdown(session: Session, anonymous: bool = False, at: dt.datetime | None = None) -> str:
    """The minutes as Markdown: typed text escaped so that it never becomes markup."""
    return _markdown(minutes.build(session, anonymous, at))


def series_markdown(
    name: str, sessions: list[Session], anonymous: bool = False, at: dt.datetime | None = None
) -> str:
    """The minutes of every meeting of a series, oldest first, under one heading."""
    series = minutes.series(name, sessions, anonymous, at)
    head = [f"# {t('md.series')}: {md_escape(series.name)}\n", md_escape(series.summary), ""]
    head += [f"- {md_escape(f.label)}: {md_escape(f.value)}" for f in series.contents]
    # Each meeting's headings one level down, under the series heading.
    parts = ["\n".join(head) + "\n", *(_markdown(m, level=2) for m in series.meetings)]
    return "\n---\n\n".join(parts)


def _markdown(m: Minutes, level: int = 1) -> str:
    e = md_escape
    h, h2, h3 = ("#" * n for n in (level, level + 1, level + 2))
    out: list[str] = []
    add = out.append
    add(f"{h} {t('md.title')}: {e(m.title)}\n")
    for field in m.header:
        add(f"- **{e(field.label)}:** {e(field.value)}")
    add(f"\n_{t('md.privacy')}_\n")

    if m.participants:
        add(f"{h2} {t('md.participants')}\n")
        for p in m.participants:
            who = e(p.name) if p.name else f"#{p.number}"
            add(f"- {who} ({e(', '.join(p.details))})")
        add("")

    add(f"{h2} {t('md.programme')}\n")
    add(f"| {t('md.step')} | {t('md.planned')} | {t('md.actual')} |")
    add("|---|---:|---:|")
    for block in m.programme:
        for row in block.items:
            name = row.step if row.step == block.theme else f"{block.theme}: {row.step}"
            add(f"| {e(name)} | {e(row.planned)} | {e(row.actual)} |")
    add(f"| {t('md.total')} | {e(m.planned_total)} | {e(m.actual_total)} |")
    add("")

    for theme in m.steps:
        add(f"{h2} {e(theme.theme)}\n")
        for step in theme.items:
            add(f"{h3} {e(step.title)}\n")
            if step.question:
                add(f"_{e(step.question)}_\n")
            if step.groups:
                add(f"**{t('md.groups')}:**\n")
                for g in step.groups:
                    add(f"- {e(g.name)}: {e(', '.join(g.members))}")
                add("")
            for c in step.contributions:
                add(f"- {e(c.text)}" + (f" ({e(', '.join(c.tags))})" if c.tags else ""))
            if step.contributions:
                add("")
            if step.vote is not None:
                add(f"**{t('md.vote_results')}** ({e(step.vote.voters)}):\n")
                # A table, not a numbered list: Markdown renumbers a list, and a shared rank
                # must stay shared.
                add(f"| {t('md.rank')} | {t('md.area')} | {t('md.count')} |")
                add("|---:|---|---:|")
                for r in step.vote.rows:
                    tie = f" ({t('md.tied')})" if r.tied else ""
                    add(f"| {r.rank}{tie} | {e(r.text)} | {r.count} |")
                add("")

    add(f"{h2} {t('md.actions')}\n")
    if m.actions:
        add(f"| {t('md.what')} | {t('md.owner')} | {t('md.due')} | {t('md.status')} | {t('md.area')} |")
        add("|---|---|---|---|---|")
        for a in m.actions:
            add(f"| {e(a.what)} | {e(a.owner)} | {e(a.due)} | {e(a.status_line)} | {e(a.area)} |")
    else:
        add(t("md.no_actions"))
    add("")

    if m.followup:
        add(f"{h2} {t('md.followup')}\n")
        for field in m.followup:
            add(f"- **{e(field.label)}:** {e(field.value)}")
        add("")

    add(f"{h2} {t('md.expectations')}\n")
    for x in m.expectations:
        add(f"- {e(x.text)}: **{e(x.met)}**" + (f" ({e(x.comment)})" if x.comment else ""))
    if not m.expectations:
        add(t("md.no_expectations"))
    add("")
    return "\n".join(out)


# Excel in Sweden opens a CSV by double-click when it is separated by semicolons (the
# comma is the decimal sign there) and starts with a UTF-8 BOM (without one it reads
# Windows-1252, and "Område" shows as "OmrÃ¥de"). Elsewhere, `--delimiter ,`.
DELIMITER = ";"
BOM = "\ufeff"


def actions_csv(session: Session, anonymous: bool = False, delimiter: str = DELIMITER) -> str:
    """One row per action, for a spreadsheet; the header is in the room's language."""
    return _csv([(session, a) for a in session.actions], anonymous, delimiter)


def series_csv(sessions: list[Session], anonymous: bool = False, delimiter: str = DELIMITER) -> str:
    """Every action of a series once, as the latest meeting that holds it has it."""
    latest: dict[str, tuple[Session, Action]] = {}
    for s in sessions:
        for a in s.actions:
            latest[a.id] = (s, a)
    return _csv(list(latest.values()), anonymous, delimiter)


def _csv(rows: list[tuple[Session, Action]], anonymous: bool, delimiter: str) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    # CRLF as RFC 4180 says: with "\n" alone, csv leaves a lone "\r" in a cell unquoted,
    # and a spreadsheet reads it as the end of the row.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(_csv_header())
    for session, a in rows:
        writer.writerow(_csv_row(session, a, anonymous))
    return buffer.getvalue()


def _csv_header() -> list[str]:
    return [t("md.what"), t("md.owner"), t("md.due"), t("md.status"), t("md.area"),
            t("md.notes"), "id", t("md.date")]


def _csv_row(session: Session, a: Action, anonymous: bool) -> list[str]:
    clean = Anonymiser(session, anonymous)
    return [
        _csv_safe(clean(a.what)), _csv_safe(clean(a.owner)),
        a.due.isoformat() if a.due else "", label(a.status), _csv_safe(clean(a.area)),
        _csv_safe(clean(a.note)), a.id, session.date.isoformat(),
    ]


# What starts a formula in Excel, LibreOffice and Google Sheets, the full-width forms
# included (a Japanese or Chinese keyboard types them, and Excel reads them as formulas).
_FORMULA_START = "=+-@\uff1d\uff0b\uff0d\uff20"


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula: a sign first, or after leading
    spaces or line breaks (which spreadsheets skip), gets an apostrophe in front."""
    first = text.lstrip(" \t\r\n\u00a0\u3000")[:1]
    if text[:1] in ("\t", "\r") or (first and first in _FORMULA_START):
        return f"'{text}"
    return text


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


def _badge(text: str, kind: str) -> str:
    return f'<span class="badge {kind}">{_e(text)}</span>'


def html(session: Session, anonymous: bool = False, at: dt.datetime | None = None) -> str:
    """The minutes as one self-contained, printable HTML page: every typed text escaped."""
    at = at or dt.datetime.now()
    m = minutes.build(session, anonymous, at)
    return _page(f"{t('md.title')}: {m.title} ({m.date})", _html_meeting(m), at)


def series_html(
    name: str, sessions: list[Session], anonymous: bool = False, at: dt.datetime | None = None
) -> str:
    """Every meeting of a series on one page, oldest first, with a list of contents."""
    at = at or dt.datetime.now()
    series = minutes.series(name, sessions, anonymous, at)
    parts = [f'<header class="series"><p class="kicker">{_e(t("md.series"))}</p>'
             f"<h1>{_e(series.name)}</h1>", f"<p>{_e(series.summary)}</p>", '<ol class="toc">']
    parts += [f"<li>{_e(f.label)}: {_e(f.value)}</li>" for f in series.contents]
    parts.append("</ol></header>")
    parts += [_html_meeting(m, level=2) for m in series.meetings]
    return _page(f"{t('md.series')}: {series.name}", "\n".join(parts), at)


def _page(title: str, body: str, at: dt.datetime) -> str:
    made = t("md.generated", at=at.strftime("%Y-%m-%d %H:%M"))
    return (
        f'<!doctype html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n<footer>{_e(made)}</footer>\n</main>\n</body>\n</html>\n"
    )


def _html_meeting(m: Minutes, level: int = 1) -> str:
    """One meeting as an <article>; in a series its title is one level down."""
    out: list[str] = []
    add = out.append
    h, h2, h3 = f"h{level}", f"h{level + 1}", f"h{level + 2}"

    def section(title: str, quote: str = "'") -> str:
        return f"<section><{h2} class={quote}section{quote}>{_e(title)}</{h2}>"

    add('<article class="meeting">')
    add(f'<header><p class="kicker">{_e(t("md.title"))}</p>'
        f'<{h} class="meeting-title">{_e(m.title)}</{h}>')
    add('<dl class="meta">' + "".join(
        f"<div><dt>{_e(f.label)}</dt><dd>{_e(f.value)}</dd></div>" for f in m.header) + "</dl>")
    add(f'<p class="privacy">{_e(t("md.privacy"))}</p></header>')

    if m.participants:
        add(section(t("md.participants")) + "<ul>")
        for p in m.participants:
            who = p.name or f"#{p.number}"
            add(f'<li>{_e(who)} <span class="tag">({_e(", ".join(p.details))})</span></li>')
        add("</ul></section>")

    add(section(t("md.programme")) + "<table><thead><tr>"
        f"<th>{_e(t('md.step'))}</th><th class='num'>{_e(t('md.planned'))}</th>"
        f"<th class='num'>{_e(t('md.actual'))}</th></tr></thead><tbody>")
    for block in m.programme:
        add(f'<tr class="theme"><td colspan="3">{_e(block.theme)}</td></tr>')
        for row in block.items:
            over = ' class="num over"' if row.over else ' class="num"'
            add(f'<tr><td class="step">{_e(row.step)}</td>'
                f"<td class='num'>{_e(row.planned)}</td><td{over}>{_e(row.actual)}</td></tr>")
    add(f"<tr class='total'><td>{_e(t('md.total'))}</td>"
        f"<td class='num'>{_e(m.planned_total)}</td><td class='num'>{_e(m.actual_total)}</td></tr>")
    add("</tbody></table></section>")

    for theme in m.steps:
        add(section(theme.theme))
        for step in theme.items:
            add(f"<{h3} class='step-title'>{_e(step.title)}</{h3}>")
            if step.question:
                add(f'<p class="question">{_e(step.question)}</p>')
            if step.groups:
                add(f"<p><strong>{_e(t('md.groups'))}:</strong></p><ul>")
                for g in step.groups:
                    add(f"<li>{_e(g.name)}: {_e(', '.join(g.members))}</li>")
                add("</ul>")
            if step.contributions:
                add("<ul>")
                for c in step.contributions:
                    tag = f' <span class="tag">({_e(", ".join(c.tags))})</span>' if c.tags else ""
                    add(f"<li>{_e(c.text)}{tag}</li>")
                add("</ul>")
            if step.vote is not None:
                add(f"<p><strong>{_e(t('md.vote_results'))}</strong> ({_e(step.vote.voters)})</p>")
                most = max((r.count for r in step.vote.rows), default=0) or 1
                add('<ol class="tally">')
                for r in step.vote.rows:
                    tie = f" ({t('md.tied')})" if r.tied else ""
                    add(f'<li><span class="rank">{r.rank}.</span><span>{_e(r.text)}'
                        f'<span class="bar" style="display:block;width:100%">'
                        f'<span class="fill" style="display:block;width:{round(100 * r.count / most)}%">'
                        f'</span></span></span><span class="count">{_e(r.votes)}{_e(tie)}</span></li>')
                add("</ol>")
        add("</section>")

    add(section(t("md.actions")))
    if m.actions:
        add("<table><thead><tr>" + "".join(
            f"<th>{_e(t(k))}</th>" for k in ("md.what", "md.owner", "md.due", "md.status", "md.area")
        ) + "</tr></thead><tbody>")
        for a in m.actions:
            status = _badge(a.status, a.kind.value)
            if a.overdue:
                status += " " + _badge(t("md.overdue"), "overdue")
            what = _e(a.what)
            if a.carried:
                what += f' <span class="tag">({_e(t("md.carried"))})</span>'
            if a.note:
                what += f'<span class="note">{_e(a.note)}</span>'
            row_class = ' class="overdue"' if a.overdue else ""
            add(f"<tr{row_class}><td>{what}</td><td>{_e(a.owner)}</td>"
                f"<td class='num'>{_e(a.due)}</td><td>{status}</td><td>{_e(a.area)}</td></tr>")
        add("</tbody></table>")
    else:
        add(f"<p>{_e(t('md.no_actions'))}</p>")
    add("</section>")

    if m.followup:
        add(section(t("md.followup"), quote='"') + '<dl class="followup">')
        for field in m.followup:
            add(f"<dt>{_e(field.label)}</dt><dd>{_e(field.value)}</dd>")
        add("</dl></section>")

    add(section(t("md.expectations")))
    if m.expectations:
        add("<ul>")
        for x in m.expectations:
            met = _badge(x.met, x.kind.value if x.kind else "")
            comment = f' <span class="tag">({_e(x.comment)})</span>' if x.comment else ""
            add(f"<li>{_e(x.text)} {met}{comment}</li>")
        add("</ul>")
    else:
        add(f"<p>{_e(t('md.no_expectations'))}</p>")
    add("</section></article>")
    return "\n".join(out)
