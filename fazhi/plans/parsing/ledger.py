"""The importer's output: a typed ledger that serialises to ``ledger-schema.json``.

These dataclasses are the contract between the parser and everything that
consumes it (the CLI, the upload preview, ``plan_import``). ``to_dict`` gives
exactly the JSON shape of the schema; ``from_dict`` reads it back, so a preview
can be stored and confirmed later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEADLINE_KINDS = ("by", "from", "every", "ongoing")
PERIODS = ("year", "half", "quarter", "month", "week")
COMPARATORS = (">=", ">", "=", "<=", "<")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class Target:
    """A measurable target: 报备率达100% → (>=, 100, %)."""

    text: str
    value: float
    unit: str
    comparator: str = ">="
    subject: str | None = None
    per: str | None = None
    by: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "subject": self.subject,
            "comparator": self.comparator,
            "value": self.value,
            "unit": self.unit,
            "per": self.per,
            "by": _iso(self.by),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Target:
        return cls(
            text=raw["text"],
            value=raw["value"],
            unit=raw["unit"],
            comparator=raw.get("comparator") or ">=",
            subject=raw.get("subject"),
            per=raw.get("per"),
            by=_date(raw.get("by")),
        )


@dataclass
class Deadline:
    """A 时限 phrase normalised: 2023年年底前 → (by, 2023-12-31)."""

    text: str
    kind: str
    date: date | None = None
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "date": _iso(self.date), "period": self.period}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Deadline:
        return cls(text=raw["text"], kind=raw["kind"], date=_date(raw.get("date")), period=raw.get("period"))


@dataclass
class Heading:
    id: str
    level: int
    number: str | None
    title: str
    parent: str | None = None
    line: int | None = None
    body: str = ""
    """The heading paragraph after its title, and unlabelled paragraphs right below it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "number": self.number,
            "title": self.title,
            "parent": self.parent,
            "line": self.line,
            "body": self.body,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Heading:
        return cls(
            id=raw["id"],
            level=raw["level"],
            number=raw.get("number"),
            title=raw["title"],
            parent=raw.get("parent"),
            line=raw.get("line"),
            body=raw.get("body") or "",
        )


@dataclass
class Goal:
    """A dated milestone of the plan as a whole (——2022年为…年)."""

    text: str
    year: int | None = None
    targets: list[Target] = field(default_factory=list)
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "text": self.text,
            "targets": [t.to_dict() for t in self.targets],
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Goal:
        return cls(
            text=raw["text"],
            year=raw.get("year"),
            targets=[Target.from_dict(t) for t in raw.get("targets") or []],
            line=raw.get("line"),
        )


@dataclass
class Task:
    seq: int
    text: str
    number: str | None = None
    heading: str | None = None
    lead_leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    lines: tuple[int, int] | None = None
    annotation: str | None = None
    """The responsibility annotation as written (brackets kept, markup removed); an extra field."""
    confidence: str = "high"
    """"high" for a task read from a clean, labelled annotation; "low" when something was inferred."""
    confidence_reasons: list[str] = field(default_factory=list)
    """Why the confidence is low, one "中文 / English" sentence each; empty when high."""

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "seq": self.seq,
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "lead_leaders": list(self.lead_leaders),
            "lead_units": list(self.lead_units),
            "co_units": list(self.co_units),
            "deadlines": [d.to_dict() for d in self.deadlines],
            "targets": [t.to_dict() for t in self.targets],
            "annotation": self.annotation,
            "confidence": self.confidence,
            "confidence_reasons": list(self.confidence_reasons),
        }
        if self.lines is not None:
            result["lines"] = [self.lines[0], self.lines[1]]
        return result

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Task:
        lines = raw.get("lines")
        return cls(
            seq=raw["seq"],
            text=raw["text"],
            number=raw.get("number"),
            heading=raw.get("heading"),
            lead_leaders=list(raw.get("lead_leaders") or []),
            lead_units=list(raw.get("lead_units") or []),
            co_units=list(raw.get("co_units") or []),
            deadlines=[Deadline.from_dict(d) for d in raw.get("deadlines") or []],
            targets=[Target.from_dict(t) for t in raw.get("targets") or []],
            lines=(lines[0], lines[1]) if lines else None,
            annotation=raw.get("annotation"),
            confidence=raw.get("confidence") or "high",
            confidence_reasons=list(raw.get("confidence_reasons") or []),
        )


@dataclass
class Unparsed:
    line: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Unparsed:
        return cls(line=raw["line"], text=raw["text"], reason=raw["reason"])


@dataclass
class Doubt:
    """A line the importer read but is unsure about, with what it made of it, for the office to check."""

    line: int
    text: str
    reason: str
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason, "suggestion": self.suggestion}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Doubt:
        return cls(line=raw["line"], text=raw["text"], reason=raw["reason"], suggestion=raw.get("suggestion") or "")


@dataclass
class PlanMeta:
    title: str
    issuers: list[str] = field(default_factory=list)
    doc_number: str | None = None
    issued_on: date | None = None
    period_start: int | None = None
    period_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuers": list(self.issuers),
            "doc_number": self.doc_number,
            "issued_on": _iso(self.issued_on),
            "period_start": self.period_start,
            "period_end": self.period_end,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> PlanMeta:
        return cls(
            title=raw["title"],
            issuers=list(raw.get("issuers") or []),
            doc_number=raw.get("doc_number"),
            issued_on=_date(raw.get("issued_on")),
            period_start=raw.get("period_start"),
            period_end=raw.get("period_end"),
        )


@dataclass
class Ledger:
    plan: PlanMeta
    headings: list[Heading] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.to_dict(),
            "headings": [h.to_dict() for h in self.headings],
            "goals": [g.to_dict() for g in self.goals],
            "tasks": [t.to_dict() for t in self.tasks],
            "unparsed": [u.to_dict() for u in self.unparsed],
            "doubts": [d.to_dict() for d in self.doubts],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Ledger:
        return cls(
            plan=PlanMeta.from_dict(raw["plan"]),
            headings=[Heading.from_dict(h) for h in raw.get("headings") or []],
            goals=[Goal.from_dict(g) for g in raw.get("goals") or []],
            tasks=[Task.from_dict(t) for t in raw.get("tasks") or []],
            unparsed=[Unparsed.from_dict(u) for u in raw.get("unparsed") or []],
            doubts=[Doubt.from_dict(d) for d in raw.get("doubts") or []],
        )
