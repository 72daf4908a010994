"""sha256 manifests: what a model folder held when it was registered, checked again at every load."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kit.errors import KitError

_CHUNK = 1 << 20


class ModelIntegrityError(KitError):
    """A registered model's files no longer match the manifest recorded when it was added."""

    exit_code = 6


def file_sha256(path: Path) -> str:
    """Hex sha256 of one file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest_files(folder: Path) -> dict[str, Path]:
    """``{relative path: path}`` of every regular, non-hidden file under ``folder``, sorted."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p.relative_to(folder)))
    return {p.relative_to(folder).as_posix(): p for p in files}


def build_manifest(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` for every regular, non-hidden file under ``folder``."""
    return {name: file_sha256(p) for name, p in _manifest_files(Path(folder)).items()}


def file_fingerprint(folder: Path) -> dict[str, list[int]]:
    """``{relative path: [size, mtime_ns]}`` of the files :func:`build_manifest` hashes: cheap to compare.

    A run records it right after a full :func:`verify_manifest`; the worker re-hashes only when it differs.
    """
    stats = {name: p.stat() for name, p in _manifest_files(Path(folder)).items()}
    return {name: [st.st_size, st.st_mtime_ns] for name, st in stats.items()}


def manifest_digest(manifest: dict[str, str]) -> str:
    """One sha256 naming the whole folder: the hash of the sorted manifest as JSON."""
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()


def verify_manifest(name: str, folder: Path, manifest: dict[str, str]) -> None:
    """Raise :class:`ModelIntegrityError` naming the first missing, changed or unexpected file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelIntegrityError(f"model {name!r}: folder {folder} is missing; re-add it with `kit models add`")
    for rel, expected in sorted(manifest.items()):
        path = folder / rel
        if not path.is_file():
            raise ModelIntegrityError(f"model {name!r}: file {rel} is missing from {folder}")
        if file_sha256(path) != expected:
            raise ModelIntegrityError(
                f"model {name!r}: {rel} changed since it was registered (sha256 mismatch); "
                "restore the original or register it again under a new name"
            )
    extra = [p for p in _weight_files(folder) if p not in manifest]
    if extra:
        raise ModelIntegrityError(f"model {name!r}: unexpected weight file {extra[0]} in {folder}")


def _weight_files(folder: Path) -> list[str]:
    suffixes = {".safetensors", ".bin", ".pt", ".gguf"}
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in suffixes)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)
