"""The wheel carries the built-in themes and programmes: `natverk` works outside a checkout."""

from __future__ import annotations

import json
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


def _reason(what: str, result: subprocess.CompletedProcess[str]) -> str:
    """A skip reason that reads: what failed, then uv's last error lines whole."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    return f"{what}: " + " / ".join(lines[-3:])


def _site_packages(python: Path | str) -> str:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True,
                          timeout=60).stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed. Its dependencies come from uv's cache where it
    can resolve them offline; where it cannot, the wheel goes in alone and the venv sees the
    dependencies this checkout's environment already has (a .pth line: only that folder, not
    its own .pth files, so the checkout's editable natverk_tui stays out), and the versions
    found are checked against the wheel's own requirements."""
    work = tmp_path_factory.mktemp("wheel")
    built = _uv("build", "--offline", "--wheel", "--out-dir", str(work / "dist"), str(ROOT), cwd=work)
    if built.returncode != 0:
        pytest.skip(_reason("cannot build the wheel offline (uv build)", built))
    (wheel,) = (work / "dist").glob("*.whl")
    venv = work / "venv"
    made = _uv("venv", "--quiet", "--python", sys.executable, str(venv), cwd=work)
    assert made.returncode == 0, made.stderr
    done = _uv("pip", "install", "--offline", "--quiet", "--python", str(venv), str(wheel), cwd=work)
    if done.returncode != 0:
        alone = _uv("pip", "install", "--offline", "--no-deps", "--quiet", "--python", str(venv),
                    str(wheel), cwd=work)
        assert alone.returncode == 0, alone.stderr
        site = Path(_site_packages(venv / "bin" / "python"))
        (site / "zz_checkout_dependencies.pth").write_text(_site_packages(sys.executable) + "\n")
    _requirements_met(venv)
    return venv


def _requirements_met(venv: Path) -> None:
    """Every requirement of the installed wheel is met by what the venv imports."""
    from packaging.requirements import Requirement

    code = ("import importlib.metadata as m, json; print(json.dumps([m.requires('natverk-tui'),"
            " {d.metadata['Name'].lower().replace('_', '-'): d.version for d in m.distributions()}]))")
    result = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    requires, versions = json.loads(result.stdout)
    assert requires, "the wheel names no requirements"
    for line in requires:
        requirement = Requirement(line)
        version = versions.get(requirement.name.lower().replace("_", "-"))
        assert version is not None, f"{requirement.name} is not importable beside the wheel"
        assert requirement.specifier.contains(version), (line, version)


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


def test_a_skip_reason_names_the_step_and_keeps_whole_lines() -> None:
    stderr = "Resolved 3 packages\n" + "x" * 600 + "\n  cause: pydantic-core needs to be downloaded\n" \
             "hint: Packages were unavailable because the network was disabled.\n"
    reason = _reason("cannot build the wheel offline (uv build)",
                     subprocess.CompletedProcess([], 1, "", stderr))
    assert reason.startswith("cannot build the wheel offline (uv build): ")
    assert reason.endswith("because the network was disabled.")
    assert "cause: pydantic-core needs to be downloaded" in reason
