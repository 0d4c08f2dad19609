"""`natverk run/open/next --room [--bind] [--room-auto-accept]` through main()."""

from __future__ import annotations

from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import store
from natverk_tui.model import Session
from natverk_tui.room.options import DEFAULT_PORT, RoomOptions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rooms(monkeypatch: pytest.MonkeyPatch) -> list[RoomOptions | None]:
    calls: list[RoomOptions | None] = []

    def fake_run_app(session: Session, path: Path, room: RoomOptions | None = None, **_: object) -> int:
        calls.append(room)
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return calls


def test_run_with_the_room(rooms: list[RoomOptions | None], tmp_path: Path) -> None:
    kort = str(ROOT / "agendas" / "kort.toml")
    assert cli.main(["run", kort, "--session", str(tmp_path / "a.toml")]) == 0
    assert cli.main(["run", kort, "--session", str(tmp_path / "b.toml"), "--room"]) == 0
    assert cli.main(["run", kort, "--session", str(tmp_path / "c.toml"), "--room", "--bind",
                     "127.0.0.1:0", "--room-auto-accept"]) == 0
    assert rooms == [None, RoomOptions(), RoomOptions("127.0.0.1", 0, auto_accept=True)]
    assert RoomOptions().host is None and RoomOptions().port == DEFAULT_PORT  # the LAN address


def test_open_and_next_take_the_room_too(
    rooms: list[RoomOptions | None], filled: Session, tmp_path: Path
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    assert cli.main(["open", str(path), "--room", "--bind", "192.168.1.20"]) == 0
    assert cli.main(["next", str(path), "--session", str(tmp_path / "n.toml"), "--room"]) == 0
    assert rooms == [RoomOptions("192.168.1.20", DEFAULT_PORT), RoomOptions()]


@pytest.mark.parametrize(("args", "message"), [
    (["--bind", "127.0.0.1"], "--bind and --room-auto-accept need --room"),
    (["--room", "--bind", "laptop.local"], "--bind: 'laptop.local' is not an IP address"),
    (["--room", "--bind", "127.0.0.1:99999"], "--bind: '99999' is not a port"),
])
def test_a_bad_bind_is_exit_2_and_starts_nothing(
    rooms: list[RoomOptions | None], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str,
) -> None:
    path = tmp_path / "m.toml"
    assert cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--session", str(path), *args]) == 2
    assert message in capsys.readouterr().err
    assert not path.exists() and rooms == []
