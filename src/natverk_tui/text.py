"""Text from files and people made safe for the terminal, in one place.

A control character in a contribution, a theme or a roster would otherwise reach the
terminal as it is: ESC starts a sequence that can clear the screen or write the
clipboard (OSC 52), C1 characters do the same on some terminals, a bidi override turns
the text around. Controls are shown as the visible symbols Unicode has for them (ESC as
"␛"); line breaks and tabs stay where the text may hold them."""

from __future__ import annotations

# C0 controls and DEL as their Control Pictures (U+2400 + code, DEL is U+2421).
_TABLE: dict[int, str | None] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE[ord("\n")] = "\n"
_TABLE[ord("\t")] = "\t"
# C1 controls have no pictures; the replacement character shows that one was there.
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
# Bidi overrides and isolates reorder what is shown around them: dropped.
_TABLE.update({code: None for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
# Line and paragraph separators break lines where a plain newline would.
_TABLE[0x2028] = "\n"
_TABLE[0x2029] = "\n"


def safe(text: str) -> str:
    """`text` with every control character made visible or removed; CR LF and lone CR
    become LF. Idempotent, and quick for text that has nothing to change."""
    if text.isprintable():
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TABLE)


def one_line(text: str) -> str:
    """Safe text for a place that shows a single line (a table cell, a title)."""
    return " ".join(safe(text).split("\n")).replace("\t", " ")


def split_paste(before: str, pasted: str, after: str) -> tuple[list[str], str, str]:
    """What a paste into a one-line field means, given the text before and after the
    cursor: every line the paste ends (a line break is an Enter) is complete, and what
    follows the last break stays in the field. Returns the complete lines (blank ones
    left out), and the field's new text before and after the cursor."""
    pasted = pasted.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in pasted:
        return [], before + pasted, after
    lines = (before + pasted).split("\n")
    complete = [line.strip() for line in lines[:-1] if line.strip()]
    return complete, lines[-1], after
