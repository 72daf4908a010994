"""``kit curate build``: curate the workspace's signed-off records plus hand-authored pairs into a dataset.

Only records covered by a compliance sign-off reach curation (through ``kit.review.api.signed_off_records``,
which serves the signed snapshot of redacted text). The dataset lands in ``datasets/<name>@<hash>/`` and is
registered, with its rejections and the derived-candidate snapshot, in one transaction.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kit.curation.canaries import FILE_NAME as CANARY_FILE
from kit.curation.canaries import plant_in_train
from kit.curation.config import CurationConfig
from kit.curation.datasets import DatasetRef, register_dataset, resolve_dataset
from kit.curation.derive import candidates_from_records
from kit.curation.embeddings import Embedder
from kit.curation.filters import FilterContext, FilterSpec
from kit.curation.output import content_hash, write_dataset
from kit.curation.pipeline import CurationResult, Progress, curate
from kit.curation.store import list_candidates, ratings, replace_derived, save_rejections
from kit.errors import InputError, StateError
from kit.users import Actor, Role, require_role

if TYPE_CHECKING:
    from kit.workspace import Workspace

BUILD_ROLES = (Role.ML_ENGINEER, Role.ADMIN, Role.SYSTEM)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass
class BuildResult:
    """The registered dataset, the curation result behind it, and records that yielded no candidate."""

    ref: DatasetRef
    result: CurationResult
    skipped: Counter


def signed_off(ws: Workspace) -> Iterable[Any]:
    """The latest sign-off's redacted records (StateError when compliance has not signed off)."""
    try:
        from kit.review.api import signed_off_records
    except ImportError as exc:
        raise StateError(f"the review stage is not available ({exc}); curation needs a redaction sign-off") from None
    return signed_off_records(ws)


def require_signed(ws: Workspace, records: Iterable[Any]) -> list[Any]:
    """``records`` as a list, when every one matches (id, redacted-text hash) a sign-off; else StateError."""
    from kit.review.api import unsigned_records

    records = list(records)
    bad = unsigned_records(ws, records)
    if bad:
        shown = ", ".join(bad[:10]) + (f" (+{len(bad) - 10} more)" if len(bad) > 10 else "")
        raise StateError(
            f"{len(bad)} record(s) given to the build are not covered, with this exact redacted text, by the "
            f"sign-off they name: {shown}. Curation uses signed-off records only (kit review signoff)"
        )
    return records


def _with_workspace_policy(config: CurationConfig, ws: Workspace) -> CurationConfig:
    """Point the residual-PHI filter at the workspace's redaction policy unless a policy was given."""
    filters = [
        FilterSpec(name=f.name, params={"policy": str(ws.policy_path()), **f.params}) if f.name == "residual_phi" else f
        for f in config.filters
    ]
    return config.model_copy(update={"filters": filters})


def build_dataset(
    ws: Workspace,
    actor: Actor,
    *,
    name: str | None = None,
    config: CurationConfig | None = None,
    records: Iterable[Any] | None = None,
    context: FilterContext | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    canaries: int = 0,
) -> BuildResult:
    """Curate signed-off records and authored pairs; write and register.

    ``records`` (default: the latest sign-off's) may narrow or reorder what is curated, but every record
    given must match (id, redacted-text hash) in the snapshot of the sign-off it names, or the build is
    refused: there is no path around compliance sign-off. ``canaries`` plants that many random codes in
    training responses and records their hashes in ``canaries.json`` (see :mod:`kit.curation.canaries`).
    """
    require_role(actor, *BUILD_ROLES)
    name = name or ws.name
    if not _NAME.match(name):
        raise InputError(f"dataset name {name!r}: use letters, digits, '_', '-', '.' (no '@'), at most 64")
    config = _with_workspace_policy(config or CurationConfig(), ws)
    derived, skipped = candidates_from_records(require_signed(ws, signed_off(ws) if records is None else records))
    with ws.connect() as conn:
        stored = ratings(conn)
    derived = [c.with_rating(stored.get(c.id, c.rating)) for c in derived]
    candidates = derived + list_candidates(ws, "authored")
    if not candidates:
        raise StateError(
            "nothing to curate: no signed-off records gave a pair and no pair was authored (kit curate add)"
        )
    signoffs = sorted({c.signoff_id for c in derived if c.signoff_id})
    signoff_id = ",".join(signoffs) or None
    result = curate(candidates, config, context, embedder, progress)
    result.stats["records_without_pair"] = dict(sorted(skipped.items()))
    planted = plant_in_train(result.splits, result.lineage, canaries)
    if planted:
        result.stats["canaries"] = {"n": len(planted), "split": "train", "field": "response", "file": CANARY_FILE}
    digest = content_hash(result.splits)
    folder = ws.datasets_dir / f"{name}@{digest}"
    existed = folder.exists()
    write_dataset(result, folder, name=name, signoff_id=signoff_id, canaries=planted)
    try:
        with ws.transaction() as conn:
            replace_derived(conn, derived, actor.name)
            dataset_id = register_dataset(
                conn,
                ws,
                name=name,
                digest=digest,
                path=folder,
                signoff_id=signoff_id,
                stats=result.stats,
                config=config.model_dump(),
                by=actor.name,
            )
            save_rejections(conn, dataset_id, result.rejections)
    except BaseException:
        if not existed:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    counts = result.stats["counts"]
    ws.audit().append(
        actor,
        "curate.build",
        object_id=dataset_id,
        signoff=signoff_id,
        candidates=counts["input"],
        rejected=counts["rejected"],
        train=counts["splits"]["train"],
        validation=counts["splits"]["validation"],
        test=counts["splits"]["test"],
        canaries=len(planted),
    )
    return BuildResult(resolve_dataset(ws, dataset_id), result, skipped)
