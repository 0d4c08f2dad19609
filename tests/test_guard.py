"""The personal-data guard finds identifiers and roster names in typed text, and masks them."""

from __future__ import annotations

import pytest

from natverk_tui import guard

ROSTER = ["Anna Andersson", "Bo Berg", "Cecilia Carlsson", "Anna-Karin Öberg", "Per Persson"]


def kinds_in(text: str, roster: list[str] | None = None) -> list[tuple[str, str]]:
    return [(f.kind.value, f.text) for f in guard.find(text, ROSTER if roster is None else roster)]


@pytest.mark.parametrize("number", [
    "19121212-1212", "121212-1212", "1212121212", "191212121212", "121212+1212",
    "20000229-0005", "121212\u20131212",
])
def test_personal_identity_numbers(number: str) -> None:
    assert kinds_in(f"Han uppgav {number} vid kontrollen.") == [("personal_number", number)]


def test_a_wrong_check_digit_or_date_is_not_a_personal_number() -> None:
    assert kinds_in("19121212-1213") == []
    assert kinds_in("191213321212") == []  # 32 December
    assert kinds_in("20010229-0000") == []  # no 29 February in 2001


def test_coordination_numbers_have_day_plus_sixty() -> None:
    assert kinds_in("samordningsnummer 701063-2391") == [("coordination_number", "701063-2391")]
    assert kinds_in("197010632391") == [("coordination_number", "197010632391")]


def test_organisation_numbers_have_a_third_digit_of_two_or_more() -> None:
    assert kinds_in("bolaget 556036-0793") == [("organisation_number", "556036-0793")]
    assert kinds_in("5560360793 och 16556036-0793") == [
        ("organisation_number", "5560360793"), ("organisation_number", "16556036-0793")]
    assert kinds_in("556036-0794") == []  # check digit


@pytest.mark.parametrize("phone", [
    "070-123 45 67", "0701234567", "070 123 45 67", "+46 70 123 45 67", "+46701234567",
    "0046 70 123 45 67", "+46 (0)8 123 456 78", "08-123 456 78", "08-12 34 56", "031-12 34 56",
    "0171-123 45", "019 - 12 34 56", "073-1234567",
])
def test_phone_numbers(phone: str) -> None:
    assert kinds_in(f"Ring {phone} i morgon") == [("phone", phone)]


def test_email_addresses() -> None:
    assert kinds_in("skriv till förnamn.efternamn+tips@bygg-företaget.se.") == [
        ("email", "förnamn.efternamn+tips@bygg-företaget.se")]


@pytest.mark.parametrize("plate", ["ABC 123", "ABC123", "XYZ 12A", "MLB 99K"])
def test_vehicle_registration_plates(plate: str) -> None:
    assert kinds_in(f"En skåpbil med {plate} stod vid bodarna") == [("plate", plate)]


@pytest.mark.parametrize("text", [
    "ID06-kort saknades", "LAS 2022", "år 2019-2022", "kl 08-16", "SEK 500", "2023-05-12",
    "3 av 10", "AFS 2023:1", "SFS 2010:1011", "25 % av 1 200 000 kr", "VIQ 123", "ABC 12O",
    "abc 123", "vecka 12-14", "070-12", "tel 113 13", "1,5 mnkr", "19121212-1213",
])
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert kinds_in(text) == []


@pytest.mark.parametrize("written", [
    "Anna Andersson", "anna andersson", "ANNA ANDERSSON", "Anna  Andersson", "Anna\u00a0Andersson",
    "Anna\nAndersson", "A. Andersson", "A Andersson", "A.Andersson", "Andersson, Anna",
    "Andersson Anna", "Anna Anderssons", "Andersson", "AnnaAndersson", "Anna\u202fAndersson",
])
def test_roster_names_in_every_spelling(written: str) -> None:
    assert kinds_in(f"Det var {written} som sa det.") == [("name", written)]


def test_double_names_and_initials() -> None:
    assert kinds_in("A-K Öberg ringer") == [("name", "A-K Öberg")]
    assert kinds_in("A.-K. Öberg ringer") == [("name", "A.-K. Öberg")]
    assert kinds_in("anna–karin öberg ringer") == [("name", "anna–karin öberg")]
    assert kinds_in("Öbergs förslag") == [("name", "Öbergs")]


def test_given_names_and_lower_case_surnames_alone_are_words() -> None:
    # "Per" and "Bo" are Swedish words; a surname in lower case is a word too ("berg").
    assert kinds_in("20 kr per timme, de bor i bodar på berget, bo nära berg") == []
    assert kinds_in("Per timme betalades 20 kr") == []


def test_a_one_word_roster_name_is_found_only_written_as_a_name() -> None:
    assert kinds_in("Anna kom, men att bo här går inte", ["Anna", "Bo"]) == [("name", "Anna")]


def test_mask_replaces_each_finding_with_its_kind() -> None:
    text = "Anna Andersson (19121212-1212, 070-123 45 67) kör ABC 123"
    masked = guard.mask(text, guard.find(text, ROSTER))
    assert masked == "[namn] ([personnummer], [telefon]) kör [regnr]"


def test_kinds_are_the_flags_of_a_queue_item() -> None:
    found = guard.find("Bo Berg, Anna Andersson, 19121212-1212", ROSTER)
    assert guard.kinds(found) == ["name", "personal_number"]
    assert guard.kinds([]) == []
    assert guard.flags("Ring 08-123 456 78, fråga Bo Berg", ROSTER) == ["phone", "name"]
    assert guard.flags("Långa kedjor av underentreprenörer", ROSTER) == []


def test_findings_point_into_the_text() -> None:
    text = "Mejla a@b.se eller ring 08-123 456 78, fråga efter A. Andersson"
    for f in guard.find(text, ROSTER):
        assert text[f.start:f.end] == f.text


def test_roster_which_names_the_person_found() -> None:
    roster = guard.Roster(ROSTER)
    assert roster.which("A. Andersson") == "Anna Andersson"
    assert roster.which("Öbergs") == "Anna-Karin Öberg"
    assert roster.which("Nils Nilsson") is None
