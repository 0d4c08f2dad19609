"""Files made to break the app: every one gives `file:line: what`, exit 2 and no traceback,
from every command that reads it; and a file `check` accepts opens and exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import store
from natverk_tui.meeting import Meeting
from natverk_tui.model import LogEntry, Session, TimerEvent

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def saved(session: Session, tmp_path: Path, name: str = "s.toml") -> Path:
    path = tmp_path / name
    store.save_session(session, path)
    return path


def refused_everywhere(capsys: pytest.CaptureFixture[str], path: Path, message: str) -> None:
    """check, export and open all say what is wrong, exit 2, and leave the file as it was."""
    before = path.read_bytes()
    for args in (["check", path], ["export", path], ["export", path, "--format", "csv"],
                 ["open", path]):
        status, _, err = run(capsys, *args)
        assert status == 2, (args, err)
        assert message in err, (args, err)
        assert err.startswith(f"{path}:"), err
        assert "Traceback" not in err
    assert path.read_bytes() == before


# Limits before parsing ------------------------------------------------------------------

DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def test_deep_nesting_is_refused_by_every_command_that_reads_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(f'title = "x"\n{DEEP}', encoding="utf-8")
    refused_everywhere(capsys, deep, "nested more than")
    status, _, err = run(capsys, "--themes-file", deep, "themes")
    assert status == 2 and "nested more than" in err
    status, _, err = run(capsys, "run", "--participants", deep, "--session", tmp_path / "n.toml")
    assert status == 2 and "nested more than" in err
    assert not (tmp_path / "n.toml").exists()
    series = tmp_path / "serie"
    series.mkdir()
    (series / "a.toml").write_text(DEEP, encoding="utf-8")
    status, _, err = run(capsys, "history", series)
    assert status == 2 and "nested more than" in err and "Traceback" not in err


def test_inline_tables_nested_deep_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", encoding="utf-8")
    status, _, err = run(capsys, "check", path)
    assert status == 2 and f"{path}:1: nested more than" in err


def test_a_long_dotted_key_is_refused_before_parsing(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dots.toml"
    path.write_text('title = "x"\n' + ".".join(["a"] * 20_000) + " = 1\n", encoding="utf-8")
    status, _, err = run(capsys, "check", path)
    assert status == 2 and f"{path}:2: a key of more than" in err


def test_strings_with_dots_and_brackets_are_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text('a = "' + "[{." * 200 + '"\n# ' + "[[[...." * 50 + "\nb = '''\n" + "[." * 100
                    + "\n'''\n", encoding="utf-8")
    data, _ = store.read_toml(path)
    assert data["a"].startswith("[{.")


def test_a_huge_file_is_refused_before_it_is_read(filled: Session, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('text = "Dela information', 'text = "' + "x" * 10_000_000, 1),
                    encoding="utf-8")
    refused_everywhere(capsys, path, "larger than 4 MB")


def test_a_long_text_is_refused(filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('text = "Dela information', 'text = "' + "x" * 60_000, 1), encoding="utf-8")
    refused_everywhere(capsys, path, "text of 60")


def test_a_long_paste_is_cut_so_the_saved_file_reads_back(filled: Session, tmp_path: Path) -> None:
    filled.contributions[0].text = "x" * 60_000
    assert len(filled.contributions[0].text) == 50_000
    assert store.load_session(saved(filled, tmp_path)) == filled


@pytest.mark.parametrize(("old", "new", "message"), [
    ('date = 2026-11-28', 'date = "9999-11-28"', "year 9999 is outside"),
    ('current_step = "inledning.presentation"',
     'current_step = "inledning.presentation"\nclosed = "2026-11-28T12:00:00+01:00"', "a time with a zone"),
])
def test_times_written_as_text_are_checked_too(old: str, new: str, message: str, filled: Session,
                                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    refused_everywhere(capsys, path, message)


def test_a_programme_start_with_a_zone_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.toml"
    path.write_text((ROOT / "agendas" / "kort.toml").read_text(encoding="utf-8")
                    .replace("start = 13:00:00", 'start = "13:00:00+05:00"'), encoding="utf-8")
    assert "+05:00" in path.read_text(encoding="utf-8")
    for args in (["check", path], ["programme", "show", path]):
        status, _, err = run(capsys, *args)
        assert status == 2 and "a time with a zone" in err and "Traceback" not in err


def test_a_due_date_beyond_what_a_file_holds_is_refused_when_typed() -> None:
    from natverk_tui.dates import parse_due

    with pytest.raises(ValueError):
        parse_due("9999-01-01", dt.date(2026, 11, 28))
    assert parse_due("2027-01-15", dt.date(2026, 11, 28)) == dt.date(2027, 1, 15)


# Invariants the app relies on -------------------------------------------------------------

def test_duplicate_contribution_and_action_ids(filled: Session, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    filled.contributions[1].id = filled.contributions[0].id
    filled.actions.append(filled.actions[0].model_copy())
    filled.expectations.append(filled.expectations[0].model_copy())
    path = saved(filled, tmp_path)
    refused_everywhere(capsys, path, "duplicate contribution id")
    _, _, err = run(capsys, "check", path)
    assert "duplicate action id" in err and "duplicate expectation id" in err


def test_duplicate_group_ids(filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = saved(filled, tmp_path).read_text(encoding="utf-8")
    text += ('\n[[groups."tema1.a"]]\nid = "g-1"\nname = "Grupp 1"\n'
             '\n[[groups."tema1.a"]]\nid = "g-1"\nname = "Grupp 2"\n')
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    refused_everywhere(capsys, path, "duplicate group id 'g-1'")


@pytest.mark.parametrize(("at", "message"), [
    (dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), "a time with a zone or offset"),
    (dt.datetime(9999, 12, 31, 23, 59), "year 9999 is outside"),
    (dt.datetime(1, 1, 1), "year 1 is outside"),
])
def test_log_times_the_app_cannot_compute_with(at: dt.datetime, message: str, filled: Session,
                                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled.log.append(LogEntry(at=dt.datetime(2026, 11, 28, 9, 7, 7), step="tema1.a",
                               event=TimerEvent.START))
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8").replace("2026-11-28 09:07:07", at.isoformat())
    path.write_text(text, encoding="utf-8")
    refused_everywhere(capsys, path, message)


def test_a_huge_timer_adjustment(filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled.log.append(LogEntry(at=dt.datetime(2026, 11, 28, 9), step="tema1.a", event=TimerEvent.ADJUST,
                               seconds=60))
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8").replace("seconds = 60", "seconds = 1000000000000000")
    path.write_text(text, encoding="utf-8")
    refused_everywhere(capsys, path, "seconds")


def test_a_ballot_naming_a_missing_candidate(filled: Session, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    filled.votes[0].ballots[0].dots[0] = "c-nothere"
    path = saved(filled, tmp_path)
    refused_everywhere(capsys, path, "a dot on 'c-nothere', which is not an area")


def test_deleting_a_voted_area_takes_its_dots_and_undo_brings_them_back(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = Meeting(filled)
    first = filled.contributions[0].id
    before = filled.votes[0].model_copy(deep=True)
    meeting.delete_contribution(first)
    assert all(first not in b.dots for b in filled.votes[0].ballots)
    status, _, err = run(capsys, "check", saved(filled, tmp_path))
    assert status == 0, err
    meeting.undo()
    assert filled.votes[0] == before


# All problems at once, and messages that say what to do ------------------------------------

def test_schema_and_reference_problems_in_one_run(filled: Session, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("number = 2", "number = -2", 1)            # schema
    text = text.replace('step = "tema1.a"', 'step = "tema9.a"', 1)  # reference
    text = text.replace('current_step = "inledning.presentation"', 'current_step = "x.y"', 1)
    path.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "check", path)
    assert status == 2
    assert "greater than or equal to 0" in err
    assert "is on step 'tema9.a', not in the plan" in err
    assert "current_step 'x.y' is not a step of the plan" in err


def test_programme_schema_and_step_problems_in_one_run(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.toml"
    path.write_text('title = "x"\n\n[[items]]\ntheme = "tema1"\nskip = ["tema1.z"]\n\n'
                    '[[items]]\npause = "lång"\n\n[[items]]\ntheme = "tema9"\n', encoding="utf-8")
    status, _, err = run(capsys, "check", path)
    assert status == 2
    assert f"{path}:5: [items.0.skip] item 1: theme 'tema1' has no step 'tema1.z'" in err
    assert f"{path}:8: [items.1.pause]" in err
    assert f"{path}:11: [items.2.theme] item 3: no theme 'tema9'" in err


def test_library_problems_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        '[[themes]]\nid = "a"\ntitle = "A"\n[[themes.steps]]\nid = "a.x"\ntitle = "X"\nkind = "vote"\n'
        'minutes = 5\ncandidates_from = "a.nothere"\n[[themes.steps]]\nid = "a.y"\ntitle = "Y"\n'
        'kind = "info"\nminutes = "fem"\n[[themes]]\nid = "a"\ntitle = "A igen"\n[[themes.steps]]\n'
        'id = "a.x"\ntitle = "X"\nkind = "info"\nminutes = 5\n', encoding="utf-8")
    status, _, err = run(capsys, "check", path)
    assert status == 2
    for message in ("candidates_from names 'a.nothere'", "minutes", "duplicate theme id 'a'",
                    "duplicate step id 'a.x'"):
        assert message in err


def test_check_on_a_newer_file_says_it_needs_a_newer_natverk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.toml"
    path.write_text("schema_version = 7\n[meeting]\ntitle = 'x'\n", encoding="utf-8")
    status, _, err = run(capsys, "check", path)
    assert status == 2 and "a newer file needs a newer natverk" in err


def test_a_misspelt_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["chek", "x.toml"])
    assert exit_.value.code == 2
    assert "did you mean 'check'?" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["programme", "shwo", "x.toml"])
    assert "did you mean 'show'?" in capsys.readouterr().err


def test_the_builtin_files_still_pass(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", ROOT / "themes.toml", *sorted((ROOT / "agendas").glob("*.toml")))
    assert status == 0, err


def test_a_merged_list_that_is_not_a_list(filled: Session, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Found by benchmarks/fuzz.py: a value of the wrong type where the checks look inside."""
    path = saved(filled, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "merged = []" in text
    path.write_text(text.replace("merged = []", "merged = 2026-11-28T09:00:00", 1), encoding="utf-8")
    refused_everywhere(capsys, path, "merged")
