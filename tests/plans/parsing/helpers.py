"""Shared helpers for the parser tests: seed paths and compact expected values."""

from __future__ import annotations

from pathlib import Path

import fazhi

SEEDS = Path(fazhi.__file__).parent / "demo" / "seeds"
SUIXI = SEEDS / "suixi-county-plan-2021-2025.txt"
TUNXI = SEEDS / "tunxi-district-action-plan-2022-2024.txt"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"


def names(spaced: str) -> list[str]:
    """"县司法局 县财政局" → ["县司法局", "县财政局"]: expected lists written compactly."""
    return spaced.split()


def deadline_tuples(task) -> list[tuple]:
    return [(d.kind, d.date.isoformat() if d.date else d.period) for d in task.deadlines]


def target_tuples(item) -> list[tuple]:
    return [(t.subject, t.comparator, t.value, t.unit, t.per, t.by.isoformat() if t.by else None)
            for t in item.targets]
