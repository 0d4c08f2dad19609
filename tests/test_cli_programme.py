"""`natverk programme new|show`, own themes and `natverk schema`, through main()."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from natverk_tui import resources, store
from natverk_tui.__main__ import main
from natverk_tui.model import Programme

ROOT = Path(__file__).resolve().parents[1]

OWN_THEMES = """\
schema_version = 1

[[themes]]
id = "upphandling"
title = "Upphandling med krav"
[[themes.steps]]
id = "upphandling.krav"
title = "Krav i upphandlingen"
question = "Hur följer vi upp krav och onormalt låga anbud?"
kind = "discussion"
minutes = 25
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_writes_a_programme_that_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "agendas" / "halvdag.toml"
    code, _, err = run(capsys, "programme", "new", "--themes", "inledning,tema1,paus:15,avslutning",
                       "--start", "9.00", "--end", "12:00", "--title", "Halvdag", "-o", str(target))
    assert code == 0, err
    assert target.read_text() == (
        'schema_version = 1\ntitle = "Halvdag"\nstart = 09:00:00\nend_limit = 12:00:00\n\n'
        '[[items]]\ntheme = "inledning"\n\n[[items]]\ntheme = "tema1"\n\n'
        '[[items]]\npause = 15\n\n[[items]]\ntheme = "avslutning"\n'
    )
    code, out, _ = run(capsys, "check", str(target))
    assert code == 0 and "ok (Programme)" in out


def test_new_to_stdout_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "programme", "new", "--themes", "tema2")
    assert code == 0
    assert tomllib.loads(out) == {"schema_version": 1, "title": "Nytt program",
                                  "items": [{"theme": "tema2"}]}


@pytest.mark.parametrize("argv, message", [
    (["--themes", "inledning,nope"], "--themes: no theme 'nope'"),
    (["--themes", "inledning", "--start", "25:00"], "--start: not a clock time"),
    (["--themes", "inledning", "--end", "noon"], "--end: not a clock time"),
    (["--themes", ","], "--themes: name at least one theme"),
])
def test_new_refuses_bad_input(argv: list[str], message: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "programme", "new", *argv)
    assert code == 2
    assert message in err and "Traceback" not in err and out == ""


def test_new_never_replaces_by_accident(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.toml"
    target.write_text("title = 'old'\n")
    code, _, err = run(capsys, "programme", "new", "--themes", "tema1", "-o", str(target))
    assert code == 2 and "exists already; add --force" in err
    assert target.read_text() == "title = 'old'\n"
    code, _, _ = run(capsys, "programme", "new", "--themes", "tema1", "-o", str(target), "--force")
    assert code == 0 and 'theme = "tema1"' in target.read_text()


def test_new_keeps_comments_unless_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kort.toml"
    original = (ROOT / "agendas" / "kort.toml").read_text()
    target.write_text(original)
    code, _, err = run(capsys, "programme", "new", "--themes", "tema1", "-o", str(target), "--force")
    assert code == 2 and "has comments" in err and "--drop-comments" in err
    assert target.read_text() == original
    code, _, _ = run(capsys, "programme", "new", "--themes", "tema1", "-o", str(target),
                     "--force", "--drop-comments")
    assert code == 0 and "#" not in target.read_text()


def test_show_prints_the_timed_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "programme", "show", str(ROOT / "agendas" / "kort.toml"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Kort möte: risker i vår region"
    assert "  13:00–13:10     10 min  Presentationsrunda" in lines
    assert "  15:20–15:30     10 min  Sammanfattning och nästa steg" in lines
    assert "Totalt 2 h 30 min: 13:00–15:30" in lines
    assert "Ryms före sluttiden 16:00 (30 min till godo)" in lines
    assert "!" not in out


def test_show_warns_past_the_end_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lang.toml"
    run(capsys, "programme", "new", "--themes", "inledning,tema1,tema2", "--start", "13:00",
        "--end", "15:00", "-o", str(target))
    code, out, _ = run(capsys, "--lang", "en", "programme", "show", str(target))
    assert code == 0
    assert "Total 3 h 35 min: 13:00–16:35" in out
    assert "Warning: 1 h 35 min past the end limit 15:00, from the step “e) Vem ansvarar för vad”" in out
    over = [line for line in out.splitlines() if line.endswith("!")]
    assert over[0].startswith("  14:50–15:05")


def test_show_with_another_start(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "programme", "show", str(ROOT / "agendas" / "kort.toml"),
                       "--start", "08:30")
    assert code == 0 and "Totalt 2 h 30 min: 08:30–11:00" in out


def test_show_reports_a_broken_programme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[[items]]\ntheme = "tema9"\n')
    code, _, err = run(capsys, "programme", "show", str(bad))
    assert code == 2 and f"{bad}:3: [items.0.theme] item 1: no theme 'tema9'" in err
    code, _, err = run(capsys, "programme", "show", str(tmp_path / "missing.toml"))
    assert code == 2 and "no such file" in err


# Own themes -----------------------------------------------------------------


def test_own_themes_file_is_listed_and_usable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "mina.toml"
    own.write_text(OWN_THEMES)
    code, out, _ = run(capsys, "--themes-file", str(own), "themes")
    assert code == 0 and "Upphandling med krav  [upphandling, 25 min]" in out
    assert "Tema 1 Risker" in out
    target = tmp_path / "upph.toml"
    code, _, err = run(capsys, "--themes-file", str(own), "programme", "new",
                       "--themes", "inledning,upphandling", "-o", str(target))
    assert code == 0, err
    code, out, _ = run(capsys, "--themes-file", str(own), "check", str(target))
    assert code == 0 and "ok (Programme)" in out
    # Without the user's themes the programme names a theme nobody knows.
    code, _, err = run(capsys, "check", str(target))
    assert code == 2 and "no theme 'upphandling'" in err


def test_user_config_themes_are_merged(capsys: pytest.CaptureFixture[str]) -> None:
    resources.user_themes().parent.mkdir(parents=True)
    resources.user_themes().write_text(OWN_THEMES)
    code, out, _ = run(capsys, "programme", "new", "--themes", "upphandling")
    assert code == 0 and 'theme = "upphandling"' in out


@pytest.mark.parametrize("old, new, message", [
    ('id = "upphandling"', 'id = "tema1"', "theme id already in the built-in library: tema1"),
    ('id = "upphandling.krav"', 'id = "tema1.a"', "step id already in the built-in library: tema1.a"),
])
def test_a_clash_with_the_library_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    own = tmp_path / "mina.toml"
    own.write_text(OWN_THEMES.replace(old, new))
    code, out, err = run(capsys, "--themes-file", str(own), "themes")
    assert code == 2 and out == ""
    assert err == f"natverk: {own}: {message}\n"
    # The same file in the config folder is named in the error too.
    resources.user_themes().parent.mkdir(parents=True, exist_ok=True)
    resources.user_themes().write_text(own.read_text())
    code, _, err = run(capsys, "check", str(ROOT / "agendas" / "kort.toml"))
    assert code == 2 and err == f"natverk: {resources.user_themes()}: {message}\n"


def test_a_broken_own_themes_file_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "mina.toml"
    own.write_text(OWN_THEMES.replace('kind = "discussion"', 'kind = "prat"'))
    code, _, err = run(capsys, "--themes-file", str(own), "themes")
    assert code == 2 and f"{own}:10: [themes.0.steps.0.kind]" in err


# Schemas ---------------------------------------------------------------------


def _validate(value: Any, node: dict[str, Any], root: dict[str, Any], where: str = "") -> list[str]:
    """Enough of JSON Schema for our files: $ref, anyOf, type, enum, properties,
    required, additionalProperties and items."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in node:
        options = [_validate(value, n, root, where) for n in node["anyOf"]]
        return [] if any(not o for o in options) else [f"{where}: no option fits"]
    types = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool,
             "null": type(None)}
    if "type" in node and not isinstance(value, types[node["type"]]):
        return [f"{where}: expected {node['type']}, got {type(value).__name__}"]
    if "enum" in node and value not in node["enum"]:
        return [f"{where}: {value!r} not in {node['enum']}"]
    errors = []
    if isinstance(value, dict):
        props = node.get("properties", {})
        errors += [f"{where}.{key}: required" for key in node.get("required", []) if key not in value]
        for key, item in value.items():
            if key in props:
                errors += _validate(item, props[key], root, f"{where}.{key}")
            elif node.get("additionalProperties") is False:
                errors.append(f"{where}.{key}: not allowed")
            elif isinstance(node.get("additionalProperties"), dict):
                errors += _validate(item, node["additionalProperties"], root, f"{where}.{key}")
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            errors += _validate(item, node["items"], root, f"{where}[{i}]")
    return errors


def _as_json(value: Any) -> Any:
    """TOML as a JSON Schema tool sees it: dates and times become strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def test_schema_writes_three_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "schema", "-o", str(tmp_path / "schemas"))
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == ["programme.schema.json", "session.schema.json", "themes.schema.json"]
    themes = json.loads((tmp_path / "schemas" / "themes.schema.json").read_text())
    programme = json.loads((tmp_path / "schemas" / "programme.schema.json").read_text())
    session = json.loads((tmp_path / "schemas" / "session.schema.json").read_text())
    assert themes["$schema"].startswith("https://json-schema.org/")
    assert {"Theme", "Step", "StepKind", "WorkForm"} <= set(themes["$defs"])
    assert programme["required"] == ["title", "items"]
    assert "ProgrammeItem" in programme["$defs"]
    assert {"Plan", "PlannedStep", "Contribution", "Vote", "Action"} <= set(session["$defs"])
    start = programme["properties"]["start"]["anyOf"][0]
    assert start == {"type": "string", "format": "partial-time"}


@pytest.mark.parametrize("name, path", [
    ("themes", ROOT / "themes.toml"),
    ("programme", ROOT / "agendas" / "kort.toml"),
    ("programme", ROOT / "agendas" / "goda-exempel.toml"),
    ("programme", ROOT / "agendas" / "heldag.toml"),
])
def test_schema_accepts_the_shipped_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          name: str, path: Path) -> None:
    run(capsys, "schema", "-o", str(tmp_path))
    root = json.loads((tmp_path / f"{name}.schema.json").read_text())
    data = _as_json(tomllib.loads(path.read_text()))
    assert _validate(data, root, root) == []


def test_schema_accepts_a_session_and_catches_typos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], filled: Any
) -> None:
    run(capsys, "schema", "-o", str(tmp_path))
    root = json.loads((tmp_path / "session.schema.json").read_text())
    data = _as_json(tomllib.loads(store.to_toml(filled)))
    assert _validate(data, root, root) == []
    data["plan"]["steps"][0]["minuts"] = 5
    del data["title"]
    assert sorted(_validate(data, root, root)) == [".plan.steps[0].minuts: not allowed", ".title: required"]
    programme = json.loads((tmp_path / "programme.schema.json").read_text())
    assert Programme.model_json_schema()["$defs"].keys() == programme["$defs"].keys()


def test_schema_into_an_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(capsys, "schema", "-o", str(blocker / "sub"))
    assert code == 2 and "cannot write" in err and "Traceback" not in err


def test_build_refuses_a_broken_programme_before_the_ui(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[[items]]\ntheme = "tema1"\nskip = ["tema1.b"]\n')
    code, _, err = run(capsys, "build", str(bad))
    assert code == 2 and "takes its candidates from 'tema1.b'" in err
    code, _, err = run(capsys, "build", str(tmp_path / "missing.toml"))
    assert code == 2 and "no such file" in err
