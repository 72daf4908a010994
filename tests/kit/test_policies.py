"""Every shipped policy loads and validates, and the kit finds the policies checked out or installed."""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kit.evaluation.gate_policy import load_gate_policy
from kit.workspace import REPO_POLICIES, resolve_policy
from redaction import load_policy, shipped
from redaction.policy import POLICY_DIR

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "policies").glob("*.yaml"))
# The command a policy's first line names decides which validator it must pass.
LOADERS = {"kit redact": load_policy, "kit release": load_gate_policy}


def _loader(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    matches = [loader for command, loader in LOADERS.items() if command in first]
    assert first.startswith("#") and len(matches) == 1, f"{path.name}: first line must name the command using it"
    return matches[0]


def test_there_are_shipped_policies():
    assert len(SHIPPED) >= 3 and ROOT / "policies" / shipped.MARKER in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_policy_loads_and_validates(path):
    assert _loader(path)(path) is not None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_lookup_finds_every_shipped_policy_by_name(path):
    assert resolve_policy(path.stem) == path.resolve()
    assert (POLICY_DIR / path.name).is_file() and REPO_POLICIES == POLICY_DIR


def test_when_installed_without_the_repository_then_the_share_folder_is_used(tmp_path, monkeypatch):
    prefix = tmp_path / "prefix"
    share = prefix / shipped.SHARE_SUBDIR
    share.mkdir(parents=True)
    for path in SHIPPED:
        shutil.copy(path, share / path.name)
    monkeypatch.setattr(shipped, "REPO_POLICY_DIR", tmp_path / "site-packages" / "policies")  # not there
    monkeypatch.setattr(shipped.sysconfig, "get_path", lambda name: str(prefix))
    assert shipped.shipped_policy_dir() == share
    for path in SHIPPED:
        found = resolve_policy(path.stem)
        assert found == share / path.name and _loader(found)(found) is not None


def test_pyproject_installs_every_policy_into_the_share_folder():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = config["tool"]["setuptools"]["data-files"]
    patterns = data_files[shipped.SHARE_SUBDIR.as_posix()]
    covered = {Path(p).resolve() for pattern in patterns for p in glob.glob(str(ROOT / pattern))}
    assert covered == {p.resolve() for p in SHIPPED}


def _install_wheel(wheel: Path, prefix: Path) -> Path:
    """Unpack ``wheel`` into ``prefix`` the way an installer does (purelib, then .data/data into the prefix).

    By hand rather than with pip: pip would first uninstall the kit from the environment running the tests.
    """
    site_packages = prefix / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    data_prefix = wheel.name.split("-py3")[0] + ".data/"
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith("/"):
                continue
            if name.startswith(data_prefix + "data/"):
                dest = prefix / name.removeprefix(data_prefix + "data/")
            elif name.startswith(data_prefix):
                continue  # scripts and headers: not needed here
            else:
                dest = site_packages / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(archive.read(name))
    return site_packages


@pytest.mark.slow
def test_a_built_wheel_installs_the_policies_where_the_installed_kit_looks(tmp_path):
    """Build a wheel offline, install it into a fresh prefix, run the installed lookup in that interpreter."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("kit", "redaction", "ui", "policies"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(tmp_path), str(src)], check=True
    )
    wheel = next(tmp_path.glob("lima_kit-*.whl"))
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    installed = _install_wheel(wheel, env_dir) / "redaction" / "shipped.py"
    # Load the installed module by path: the package's __init__ needs Presidio, which this bare env lacks.
    probe = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('shipped', {str(installed)!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        "print(mod.shipped_policy_dir())\n"
    )
    out = subprocess.run([env_dir / "bin" / "python", "-c", probe], capture_output=True, text=True, check=True)
    folder = Path(out.stdout.strip())
    assert folder == env_dir / shipped.SHARE_SUBDIR
    assert sorted(p.name for p in folder.glob("*.yaml")) == [p.name for p in SHIPPED]
