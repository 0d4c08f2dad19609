"""Every UI string exists in both languages, and counts read right in each."""

from __future__ import annotations

from natverk_tui.locale import en, set_language, sv, t


def test_both_languages_have_every_key() -> None:
    missing_in_en = set(sv.STRINGS) - set(en.STRINGS)
    assert not missing_in_en
    # English may have singulars where Swedish needs none ("1 deltagare", "2 deltagare").
    extra = {k for k in set(en.STRINGS) - set(sv.STRINGS) if not k.endswith(".one")}
    assert not extra
    assert all(k.removesuffix(".one") in sv.STRINGS for k in en.STRINGS)


def test_placeholders_match_between_languages() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in sv.STRINGS.items():
        assert fields(text) == fields(en.STRINGS[key]), key


def test_singular_and_plural() -> None:
    set_language("en")
    try:
        assert t("md.participants_count", n=1) == "1 participant"
        assert t("md.participants_count", n=2) == "2 participants"
    finally:
        set_language("sv")
    assert t("actions.count", n=1) == "1 åtgärd"
    assert t("actions.count", n=3) == "3 åtgärder"
