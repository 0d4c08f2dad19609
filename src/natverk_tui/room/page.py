"""The phone page: server-rendered HTML and a little JavaScript, with nothing from outside.

Every piece of text that a person typed or a file holds goes through `html.escape`; the
script only ever swaps in fragments rendered here, or sets `textContent`.
"""

from __future__ import annotations

import json
from html import escape

from natverk_tui.locale import language, t
from natverk_tui.room.view import Mode, PhoneView

TEXT_LIMIT = 500

STYLE = """
*{box-sizing:border-box}
body{margin:0;font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 background:#fff;color:#111;padding:12px 14px 40px;max-width:640px;margin:auto}
h1{font-size:1rem;font-weight:600;color:#333;margin:0 0 6px}
.q{font-size:1.3rem;font-weight:700;margin:0 0 14px;overflow-wrap:anywhere}
textarea{width:100%;font:inherit;padding:10px;border:2px solid #003f87;border-radius:8px}
button{font:inherit;border-radius:8px;border:2px solid #003f87;padding:12px 16px}
button.go{background:#003f87;color:#fff;width:100%;margin-top:10px;font-weight:700}
ul{list-style:none;padding:0;margin:0}
li{display:flex;gap:8px;margin:0 0 8px}
li .c{flex:1;text-align:left;background:#f2f2f2;color:#111;overflow-wrap:anywhere}
li .c[aria-pressed=true]{background:#dde9f7}
li .m{flex:none;width:52px;background:#fff}
.d{color:#003f87;font-weight:700;letter-spacing:2px}
.hint,.wait{color:#444}
#left{font-weight:700}
#msg{min-height:1.5em;font-weight:600}
#msg.bad{color:#b00020}
#msg.ok{color:#1b6e20}
progress{display:block;width:100%;height:10px;accent-color:#003f87}
.res li{display:block;background:#f2f2f2;border-radius:8px;padding:8px 10px}
"""

# The page polls a small JSON endpoint about once a second: after a phone sleeps or the
# Wi-Fi drops, the next poll simply works again, with no connection to re-establish.
SCRIPT = """
(()=>{
const B=document.body.dataset,part=document.getElementById('part'),msg=document.getElementById('msg');
let v=part.dataset.v,timer=0,busy=false;
function say(t,bad){msg.textContent=t;msg.className=bad?'bad':'ok';}
async function post(path,data){
 data.nonce=B.nonce;
 try{const r=await fetch(B.base+path,{method:'POST',credentials:'same-origin',
  headers:{'Content-Type':'application/json'},body:JSON.stringify(data)});
  say(await r.text(),!r.ok);return r.ok;}
 catch(e){say(B.offline,true);return false;}
}
function bind(){
 const send=document.getElementById('send');
 if(send){send.addEventListener('submit',async e=>{
  e.preventDefault();if(busy)return;const box=send.elements.text;
  if(!box.value.trim()){say(B.empty,true);return;}
  busy=true;if(await post('send',{step:send.dataset.step,text:box.value}))box.value='';busy=false;});}
 const vote=document.getElementById('vote');
 if(!vote)return;
 const max=+vote.dataset.dots,stack=vote.dataset.stacking==='1',left=document.getElementById('left');
 const mine=new Map();
 vote.querySelectorAll('li').forEach(li=>mine.set(li.dataset.id,+li.dataset.mine));
 function used(){let n=0;mine.forEach(x=>n+=x);return n;}
 function show(){
  vote.querySelectorAll('li').forEach(li=>{const n=mine.get(li.dataset.id);
   li.querySelector('.d').textContent='\\u25cf'.repeat(n);
   li.querySelector('.c').setAttribute('aria-pressed',n>0?'true':'false');});
  left.textContent=B.left.replace('{left}',max-used()).replace('{dots}',max);}
 vote.addEventListener('click',e=>{
  const b=e.target.closest('button');if(!b||b.type==='submit')return;
  const id=b.closest('li').dataset.id,n=mine.get(id);
  if(b.classList.contains('m')){if(n>0)mine.set(id,n-1);}
  else if(!stack&&n>0)mine.set(id,0);
  else if(used()<max)mine.set(id,n+1);
  show();});
 vote.addEventListener('submit',async e=>{
  e.preventDefault();if(busy)return;const dots=[];
  mine.forEach((n,id)=>{for(let i=0;i<n;i++)dots.push(id);});
  busy=true;await post('vote',{step:vote.dataset.step,dots});busy=false;});
 show();
}
async function poll(){
 clearTimeout(timer);
 try{const r=await fetch(B.base+'state?v='+encodeURIComponent(v),
  {cache:'no-store',credentials:'same-origin'});
  if(r.status===200){const j=await r.json();const old=document.querySelector('#send textarea');
   const kept=old?old.value:'';part.innerHTML=j.html;v=j.v;
   const box=document.querySelector('#send textarea');if(box&&kept)box.value=kept;
   bind();say('',false);}
  else if(r.status===404){say(B.closed,true);return;}
  else if(msg.textContent===B.offline)say('',false);}
 catch(e){say(B.offline,true);}
 timer=setTimeout(poll,1000);
}
document.addEventListener('visibilitychange',()=>{if(!document.hidden)poll();});
bind();timer=setTimeout(poll,1000);
})();
"""


def fragment(view: PhoneView, mine: list[str] | None = None) -> str:
    """The part of the page that follows the facilitator's step."""
    out = [f"<h1>{escape(view.heading)}</h1>"]
    if view.question:
        out.append(f'<p class="q">{escape(view.question)}</p>')
    step = escape(view.step)
    if view.mode in (Mode.WRITE, Mode.EXPECT):
        label = t("room.write") if view.mode is Mode.WRITE else t("room.expect")
        out.append(
            f'<form id="send" data-step="{step}"><label for="text">{escape(label)}</label>'
            f'<textarea id="text" name="text" rows="4" maxlength="{TEXT_LIMIT}"></textarea>'
            f'<button class="go" type="submit">{escape(t("room.send"))}</button></form>'
            f'<p class="hint">{escape(t("room.moderated"))}</p>'
        )
    elif view.mode is Mode.VOTE and view.revealed:
        top = max((c.count or 0 for c in view.candidates), default=0) or 1
        rows = sorted(view.candidates, key=lambda c: -(c.count or 0))
        items = "".join(
            f'<li>{escape(c.text)} <b>{c.count}</b>'
            f'<progress max="{top}" value="{c.count or 0}"></progress></li>'
            for c in rows
        )
        out.append(f'<h1>{escape(t("room.result"))}</h1><ul class="res">{items}</ul>')
    elif view.mode is Mode.VOTE:
        chosen = mine or []
        rules = t("room.vote_rules_stacking" if view.stacking else "room.vote_rules", dots=view.dots)
        items = "".join(
            f'<li data-id="{escape(c.id)}" data-mine="{chosen.count(c.id)}">'
            f'<button type="button" class="c" aria-pressed="false">{escape(c.text)} '
            f'<span class="d"></span></button>'
            + (f'<button type="button" class="m" aria-label="{escape(t("room.remove_dot"))}">−</button>'
               if view.stacking else "")
            + "</li>"
            for c in view.candidates
        )
        out.append(
            f'<form id="vote" data-step="{step}" data-dots="{view.dots}"'
            f' data-stacking="{int(view.stacking)}"><p class="hint">{escape(rules)}</p>'
            f'<p id="left"></p><ul>{items}</ul>'
            f'<button class="go" type="submit">{escape(t("room.vote_send"))}</button></form>'
        )
    else:
        out.append(f'<p class="wait">{escape(t("room.wait"))}</p>')
    return "".join(out)


def page(title: str, base: str, view: PhoneView, version: int, nonce: str, csp_nonce: str,
         mine: list[str] | None = None) -> str:
    data = {
        "base": base, "nonce": nonce, "offline": t("room.offline"), "closed": t("room.closed"),
        "empty": t("room.empty"), "left": t("room.vote_left"),
    }
    attributes = " ".join(f'data-{key}="{escape(value)}"' for key, value in data.items())
    return (
        f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)}</title><style nonce=\"{csp_nonce}\">{STYLE}</style></head>"
        f"<body {attributes}><main id=\"part\" data-v=\"{version}\">{fragment(view, mine)}</main>"
        f'<p id="msg" role="status" aria-live="polite"></p>'
        f'<script nonce="{csp_nonce}">{SCRIPT}</script></body></html>'
    )


def state(version: int, view: PhoneView, mine: list[str] | None) -> str:
    return json.dumps({"v": version, "html": fragment(view, mine)})
