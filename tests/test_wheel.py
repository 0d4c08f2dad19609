"""The wheel carries the built-in themes and programmes: `natverk` works outside a checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")

pytestmark = pytest.mark.skipif(UV is None, reason="uv is not installed")


def _uv(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert UV is not None
    return subprocess.run([UV, *args], cwd=cwd, capture_output=True, text=True, check=False,
                          timeout=120)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel (and its dependencies from uv's cache) installed."""
    work = tmp_path_factory.mktemp("wheel")
    built = _uv("build", "--offline", "--out-dir", str(work / "dist"), str(ROOT), cwd=work)
    if built.returncode != 0:
        pytest.skip(f"cannot build offline: {built.stderr[-500:]}")
    (wheel,) = (work / "dist").glob("*.whl")
    venv = work / "venv"
    made = _uv("venv", "--quiet", "--python", sys.executable, str(venv), cwd=work)
    assert made.returncode == 0, made.stderr
    done = _uv("pip", "install", "--offline", "--quiet", "--python", str(venv), str(wheel), cwd=work)
    if done.returncode != 0:
        pytest.skip(f"dependencies not in uv's cache: {done.stderr[-500:]}")
    return venv


def test_natverk_themes_from_the_wheel(
    installed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = subprocess.run([str(installed / "bin" / "natverk"), "themes"], cwd=tmp_path,
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert cli.main(["themes"]) == 0
    assert result.stdout == capsys.readouterr().out


def test_the_wheels_files_are_the_checkouts(installed: Path, tmp_path: Path) -> None:
    code = ("from natverk_tui import resources; d = resources.data_dir();"
            " print(d); print(*sorted(p.name for p in resources.builtin_agendas().glob('*.toml')))")
    result = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path,
                            capture_output=True, text=True, check=True, timeout=60)
    data, agendas = result.stdout.splitlines()
    packaged = Path(data)
    assert packaged.name == "data"
    assert packaged.parent.name == "natverk_tui"
    assert agendas.split() == sorted(p.name for p in (ROOT / "agendas").glob("*.toml"))
    assert (packaged / "themes.toml").read_bytes() == (ROOT / "themes.toml").read_bytes()
    for path in (ROOT / "agendas").glob("*.toml"):
        assert (packaged / "agendas" / path.name).read_bytes() == path.read_bytes()
    check = subprocess.run(
        [str(installed / "bin" / "natverk"), "check", str(packaged / "themes.toml"),
         *map(str, sorted((packaged / "agendas").glob("*.toml")))],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60)
    assert check.returncode == 0, check.stderr
