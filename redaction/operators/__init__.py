"""Replacement operators, registered by the name a policy uses (``operator: surrogate``).

An operator is ``fn(value, entity_type, context) -> str``. To add one: write the function, decorate it
with ``@register_operator("name")``, add the name to ``redaction.policy.Operator`` and document it in
docs/policies.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redaction.age_dates import implies_age_over_89, year_of
from redaction.operators import simple
from redaction.operators.date_shift import shift_date_text
from redaction.operators.surrogate import surrogate


@dataclass(frozen=True)
class OperatorContext:
    """What an operator may use besides the value: the policy's settings and the keyed inputs."""

    secret: bytes
    tag: str
    shift_days: int
    restricted_zip3: frozenset[str]
    reference_year: int | None = None  # dates older than this minus 89 years imply an age over 89


OperatorFn = Callable[[str, str, OperatorContext], str]
OPERATORS: dict[str, OperatorFn] = {}


def register_operator(name: str) -> Callable[[OperatorFn], OperatorFn]:
    """Decorator: make ``fn`` available to policies under ``name``."""

    def wrap(fn: OperatorFn) -> OperatorFn:
        OPERATORS[name] = fn
        return fn

    return wrap


@register_operator("placeholder")
def _placeholder(value: str, entity_type: str, ctx: OperatorContext) -> str:
    return simple.placeholder(ctx.tag)


@register_operator("keep")
def _keep(value: str, entity_type: str, ctx: OperatorContext) -> str:
    return value


@register_operator("age")
def _age(value: str, entity_type: str, ctx: OperatorContext) -> str:
    return simple.age(value)


@register_operator("zip3")
def _zip3(value: str, entity_type: str, ctx: OperatorContext) -> str:
    return simple.zip3(value, ctx.restricted_zip3)


@register_operator("date_shift")
def _date_shift(value: str, entity_type: str, ctx: OperatorContext) -> str:
    if ctx.reference_year is not None and implies_age_over_89(year_of(value, ctx.reference_year), ctx.reference_year):
        return simple.placeholder(ctx.tag)  # a shifted 1930 birthday would still say "over 89"
    shifted = shift_date_text(value, ctx.shift_days)
    return shifted if shifted is not None else simple.placeholder(ctx.tag)


@register_operator("surrogate")
def _surrogate(value: str, entity_type: str, ctx: OperatorContext) -> str:
    if entity_type == "DATE":
        return _date_shift(value, entity_type, ctx)
    if entity_type == "AGE":
        return simple.age(value)
    if entity_type == "ZIP_CODE":
        return simple.zip3(value, ctx.restricted_zip3)
    return surrogate(ctx.secret, entity_type, value)
