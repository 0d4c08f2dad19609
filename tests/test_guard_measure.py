"""The guard measured: no false alarm on phenomena, the guide or the built-in themes, and
every planted identifier found (benchmarks/guard_accuracy.py prints the same figures)."""

from __future__ import annotations

import pytest

from guard_corpus import GUIDE, false_alarms, missed, phenomena, planted, theme_texts, ui_texts
from natverk_tui import guard


def test_the_corpus_is_three_hundred_distinct_contributions() -> None:
    lines = phenomena()
    assert len(lines) >= 300
    assert len(set(lines)) == len(lines)


def test_no_false_alarm_on_three_hundred_phenomena() -> None:
    assert false_alarms(phenomena()) == []


def test_no_false_alarm_on_the_built_in_themes_and_programmes() -> None:
    texts = theme_texts()
    assert len(texts) > 50
    assert false_alarms(texts) == []


def test_no_false_alarm_on_the_ui_strings() -> None:
    assert false_alarms(ui_texts()) == []


@pytest.mark.skipif(not GUIDE.exists(), reason="the seed guide is not beside the repository")
def test_no_false_alarm_on_the_meeting_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert len(text) > 1000
    assert false_alarms([text, *text.splitlines()]) == []


def test_every_planted_identifier_is_found() -> None:
    items = planted()
    assert len(items) >= 90
    assert {item.kind for item in items} == set(guard.Kind) - {guard.Kind.ORGANISATION}
    assert missed(items) == []
