"""What the room sees, as one self-contained HTML page: for a projector attached to another
computer, served by the room's server at its own path under the token.

`page()` is the whole page (inline style and script, nothing fetched from elsewhere);
`fragment()` is its changing part, which the page's script fetches again and again from
the URL it is given and swaps in when it differs. Every text is escaped."""

from __future__ import annotations

from html import escape

from natverk_tui.layout import action_columns
from natverk_tui.locale import language, t
from natverk_tui.model import StepKind
from natverk_tui.projection import Projection, VoteRow

REFRESH_MS = 500

# Black on white and white on black for the bars: at least 7:1 everywhere.
_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:clamp(18px,2.6vw,44px)/1.35 system-ui,sans-serif;background:#fff;color:#000}
main{padding:.6em 1em}
header{border-bottom:.12em solid #000;margin-bottom:.5em}
h1{font-size:1.5em;margin:.2em 0}
.heading,.meta,.step{margin:0;font-weight:600}
h2{font-size:1.1em;margin:.8em 0 .3em;text-decoration:underline}
ul{margin:0;padding-left:1.2em}
li{margin:.15em 0}
.tags{font-style:italic}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;vertical-align:top;padding:.1em .4em}
th{border-bottom:.08em solid #000}
.rank,.count{white-space:nowrap;font-weight:700;text-align:right}
.bar{width:30%}
.bar span{display:block;height:.9em;background:#000}
""" + "".join(f".w{n}{{width:{5 * n}%}}" for n in range(21)) + """
.late{font-weight:700}
.notice{background:#000;color:#fff;padding:.3em .6em;font-weight:700}
"""

_SCRIPT = """
(function(){
  var url=document.body.getAttribute("data-refresh");
  var main=document.querySelector("main");
  var last=main.innerHTML;
  function tick(){
    fetch(url,{cache:"no-store",credentials:"same-origin"})
      .then(function(r){return r.ok?r.text():null;})
      .then(function(html){
        if(html!==null&&html!==last){main.innerHTML=html;last=html;}
      })
      .catch(function(){})
      .then(function(){setTimeout(tick,%d);});
  }
  setTimeout(tick,%d);
})();
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _list(items: list[tuple[str, tuple[str, ...]]]) -> str:
    if not items:
        return f"<p>{_e(t('projector.none'))}</p>"
    lines = []
    for text, tags in items:
        tag = f' <span class="tags">· {_e(" · ".join(tags))}</span>' if tags else ""
        lines.append(f"<li>{_e(text)}{tag}</li>")
    return "<ul>" + "".join(lines) + "</ul>"


def _votes(rows: tuple[VoteRow, ...], revealed: bool) -> str:
    if not revealed:
        return _list([(r.text, ()) for r in rows])
    top = max((r.count or 0 for r in rows), default=0) or 1
    lines = []
    for r in rows:
        count = r.count or 0
        # Widths by class in steps of 5 %: a style attribute would need 'unsafe-inline'.
        width = round(20 * count / top)
        tie = f" ({_e(t('projector.tie'))})" if r.tied else ""
        lines.append(
            f'<tr><td class="rank">{_e(r.mark)}</td><td>{_e(r.text)}{tie}</td>'
            f'<td class="bar"><span class="w{width}"></span></td>'
            f'<td class="count">{count}</td></tr>')
    return "<table>" + "".join(lines) + "</table>"


def fragment(view: Projection) -> str:
    """The page's changing part: the step, its question and what the room has said."""
    out = [
        "<header>",
        f'<p class="heading">{_e(view.heading)}</p>',
        f"<h1>{_e(view.question)}</h1>",
        f'<p class="meta">{_e(view.meta)} · {_e(t("projector.step", n=view.number, total=view.steps))}'
        f"</p>",
        "</header>",
    ]
    if view.closed:
        out.append(f'<p class="notice">{_e(t("projector.closed"))}</p>')
    else:
        out.append(f'<p class="step">⏱ {_e(view.timer.clock)} · {_e(view.timer.status)}</p>')
    if view.groups:
        out.append(f"<h2>{_e(t('projector.groups'))}</h2>")
        out.append(_list([(f"{g.name}: {', '.join(g.members)}", ()) for g in view.groups]))
    if view.shows_top:
        out.append(f"<h2>{_e(t('projector.top'))}</h2>")
        if view.top_hidden:
            out.append(f"<p>{_e(t('projector.top_hidden'))}</p>")
        elif view.top:
            out.append(_votes(view.top, revealed=True))
        else:
            out.append(f"<p>{_e(t('projector.none'))}</p>")
    kind = view.kind
    if kind is StepKind.DISCUSSION:
        out.append(_list([(c.text, c.tags) for c in view.contributions]))
    elif kind is StepKind.VOTE and view.vote is not None:
        status = t("projector.voted", n=view.vote.voted)
        if not view.vote.revealed:
            status += " · " + t("projector.hidden")
        out.append(f"<p><em>{_e(status)}</em></p>")
        out.append(_votes(view.vote.rows, view.vote.revealed))
    elif kind in (StepKind.ACTIONS, StepKind.ACTION_REVIEW):
        if not view.actions:
            out.append(f"<p>{_e(t('projector.none'))}</p>")
        else:
            columns = action_columns(200)
            head = "".join(f"<th>{_e(t(f'md.{c}'))}</th>" for c in columns)
            rows = []
            for a in view.actions:
                cells = {"what": a.what, "owner": a.owner, "due": a.due, "status": a.status,
                         "area": a.area}
                late = ' class="late"' if a.overdue else ""
                rows.append(f"<tr{late}>" + "".join(f"<td>{_e(cells[c])}</td>" for c in columns)
                            + "</tr>")
            out.append(f"<table><tr>{head}</tr>{''.join(rows)}</table>")
    elif kind is StepKind.ROUND and view.round is not None:
        if view.round.current:
            out.append(f"<p><strong>{_e(t('projector.round_now', who=view.round.current))}</strong></p>")
            if view.round.waiting:
                names = ", ".join(view.round.waiting)
                out.append(f"<p>{_e(t('projector.round_next', names=names))}</p>")
        else:
            out.append(f"<p>{_e(t('projector.round_done', n=view.round.done))}</p>")
    elif kind in (StepKind.EXPECTATIONS, StepKind.REFLECTION):
        out.append(_list([(e.text, e.tags) for e in view.expectations]))
    elif kind is StepKind.FOLLOWUP:
        out.append("<ul>" + "".join(f"<li><strong>{_e(k)}:</strong> {_e(v)}</li>"
                                    for k, v in view.followup) + "</ul>")
    if view.info:
        out.append(f"<p><strong>{_e(view.info)}</strong></p>")
    return "\n".join(out)


def page(view: Projection, refresh_url: str, *, nonce: str = "",
         refresh_ms: int = REFRESH_MS) -> str:
    """The whole page. Its script fetches `refresh_url` (which answers with `fragment()`)
    every `refresh_ms` and keeps going after a failed fetch (a laptop asleep, Wi-Fi gone).
    `nonce` goes on the inline style and script for a Content-Security-Policy."""
    n = f' nonce="{_e(nonce)}"' if nonce else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(language())}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(view.title)}</title><style{n}>{_STYLE}</style></head>"
        f'<body data-refresh="{_e(refresh_url)}"><main>{fragment(view)}</main>'
        f"<script{n}>{_SCRIPT % (refresh_ms, refresh_ms)}</script></body></html>\n"
    )
