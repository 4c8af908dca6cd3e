"""Write functions of the plans app: upload a document, preview it, store it as a plan.

Every change goes through one of these functions; each validates, writes inside
one transaction and appends an audit event.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fazhi.accounts.access import SYSTEM, require_office
from fazhi.audit.services import event_record
from fazhi.lib.limits import ReadLimits
from fazhi.lib.textnorm import parse_pk
from fazhi.orgs.matching import (
    Suggestion,
    build_directory_index,
    match_leader_name,
    match_unit_phrase,
    normalise_unit_phrase,
)
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup
from fazhi.orgs.services import leader_create, unit_alias_add, unit_create
from fazhi.plans.import_review import REVIEW_EDIT, REVIEW_REJECT, review_decisions, reviewed_ledger
from fazhi.plans.models import (
    Deadline,
    Goal,
    Heading,
    ImportedLedger,
    PendingImport,
    Plan,
    Responsibility,
    Target,
    Task,
)
from fazhi.plans.parsing import DocumentReadError, Ledger, parse_document
from fazhi.plans.services.revisions import plan_revision_import
from fazhi.plans.services.rows import clip, deadline_rows, responsibility_row, target_row

# Uploads nobody confirmed are dropped after this long.
PENDING_IMPORT_TTL = timedelta(days=3)


def duplicate_plan(*, jurisdiction: Jurisdiction, source_sha256: str) -> Plan | None:
    if not source_sha256:
        return None
    return Plan.objects.filter(jurisdiction=jurisdiction, source_sha256=source_sha256).first()


def _duplicate_error(plan: Plan) -> ValidationError:
    imported_on = timezone.localdate(plan.imported_at).isoformat() if plan.imported_at else ""
    error = ValidationError(
        _("该文件已于 %(date)s 导入为《%(title)s》，无需重复导入") % {"date": imported_on, "title": plan.title},
        code="duplicate",
    )
    error.plan = plan  # the upload page links to it
    return error


_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "‐": "-", "―": "-", "~": "-", "〜": "-", "至": "-"})
_QUOTES = re.compile(r"[\s《》〈〉“”\"'‘’「」]")


def _comparable(text: str | None) -> str:
    """A title or 文号 as compared for duplicates: full-width folded (NFKC), no spaces or quotes,
    every dash alike, so “（2021—2025年）” in a .docx equals “(2021-2025年)” in a .txt."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text or "")).translate(_DASHES)


def similar_plans(*, jurisdiction: Jurisdiction, ledger: Ledger) -> list[Plan]:
    """Plans of ``jurisdiction`` that look like the one ``ledger`` would store: the same title,
    文号 and 实施期 once normalised, whatever file they came from (the same 工作要点 uploaded as
    .txt and later as .docx has another SHA-256). Each carries ``task_count``."""
    meta = ledger.plan
    title = _comparable(meta.title)
    if not title:
        return []
    candidates = Plan.objects.filter(
        jurisdiction=jurisdiction, period_start=meta.period_start, period_end=meta.period_end
    ).annotate(task_count=Count("tasks"))
    doc_number = _comparable(meta.doc_number)
    return [
        plan for plan in candidates
        if _comparable(plan.title) == title and _comparable(plan.doc_number) == doc_number
    ]


# --- matching phrases to the directory -------------------------------------------------------


@dataclass
class PhraseRow:
    """One distinct phrase of the ledger and what it means in the directory."""

    phrase: str
    kind: str  # "unit" (牵头单位/配合单位 phrases) or "leader" (牵头领导 names)
    roles: list[str] = field(default_factory=list)
    task_seqs: list[int] = field(default_factory=list)
    unit: Unit | None = None
    group: UnitGroup | None = None
    leader: Leader | None = None
    how: str = ""
    confidence: float = 0.0
    suggestions: list[Suggestion] = field(default_factory=list)
    """Ranked directory candidates for an unmatched unit phrase (``fazhi.orgs.matching.suggest``)."""

    @property
    def matched(self) -> bool:
        return bool(self.unit or self.group or self.leader)


def _unit_phrases(ledger: Ledger) -> dict[tuple[str, str], PhraseRow]:
    rows: dict[tuple[str, str], PhraseRow] = {}
    for task in ledger.tasks:
        for role, phrases, kind in (
            (Responsibility.Role.LEAD_LEADER, task.lead_leaders, "leader"),
            (Responsibility.Role.LEAD, task.lead_units, "unit"),
            (Responsibility.Role.CO, task.co_units, "unit"),
        ):
            for phrase in phrases:
                phrase = phrase.strip()
                if not phrase:
                    continue
                row = rows.setdefault((kind, phrase), PhraseRow(phrase=phrase, kind=kind))
                if role not in row.roles:
                    row.roles.append(role)
                if task.seq not in row.task_seqs:
                    row.task_seqs.append(task.seq)
    role_order = list(Responsibility.Role.values)
    for row in rows.values():
        row.roles.sort(key=role_order.index)
    return rows


def _match_rows(jurisdiction: Jurisdiction, rows, *, unit_mapping=None, leader_mapping=None) -> None:
    """Fill each row's unit/group/leader: the preview's choice if given, else the directory's match."""
    unit_mapping = unit_mapping or {}
    leader_mapping = leader_mapping or {}
    directory = build_directory_index(jurisdiction)
    for row in rows:
        if row.kind == "unit":
            if row.phrase in unit_mapping:
                row.unit, row.group = _unit_target(jurisdiction, unit_mapping[row.phrase], row.phrase)
                row.how = "chosen" if row.unit or row.group else ""
                continue
            match = match_unit_phrase(jurisdiction, row.phrase, directory=directory)
            row.unit, row.group = match.unit, match.group
            row.how = (match.how or "") if (match.unit or match.group) else ""
            row.confidence, row.suggestions = match.confidence, match.suggestions
        else:
            if row.phrase in leader_mapping:
                row.leader = _leader_target(jurisdiction, leader_mapping[row.phrase], row.phrase)
                row.how = "chosen" if row.leader else ""
                continue
            row.leader = match_leader_name(jurisdiction, row.phrase, directory=directory)
            row.how = "exact" if row.leader else ""


def _unit_target(jurisdiction, choice, phrase) -> tuple[Unit | None, UnitGroup | None]:
    """Read a mapping value: a Unit pk, ``"unit:<pk>"``, ``"group:<pk>"``, or None (leave unmatched)."""
    if choice in (None, ""):
        return None, None
    kind, _sep, pk = str(choice).rpartition(":")
    kind = kind or "unit"
    model = {"unit": Unit, "group": UnitGroup}.get(kind)
    target = model.objects.filter(jurisdiction=jurisdiction, pk=parse_pk(pk)).first() if model and parse_pk(pk) else None
    if target is None:
        raise ValidationError(
            _("“%(phrase)s”对应的单位不在本辖区名录中，请重新选择") % {"phrase": phrase}, code="bad_mapping"
        )
    return (target, None) if kind == "unit" else (None, target)


def _leader_target(jurisdiction, choice, phrase) -> Leader | None:
    if choice in (None, ""):
        return None
    leader_pk = parse_pk(choice)
    leader = Leader.objects.filter(jurisdiction=jurisdiction, pk=leader_pk).first() if leader_pk else None
    if leader is None:
        raise ValidationError(
            _("“%(phrase)s”对应的领导不在本辖区名录中，请重新选择") % {"phrase": phrase}, code="bad_mapping"
        )
    return leader


# --- preview -----------------------------------------------------------------------------------


@dataclass
class PlanPreview:
    ledger: Ledger
    jurisdiction: Jurisdiction
    phrases: list[PhraseRow]
    counts: dict[str, int]
    duplicate_of: Plan | None = None
    similar: list[Plan] = field(default_factory=list)

    @property
    def unmatched(self) -> list[PhraseRow]:
        return [row for row in self.phrases if not row.matched]

    @property
    def unmatched_phrases(self) -> set[str]:
        return {row.phrase for row in self.unmatched}

    @property
    def unit_rows(self) -> list[PhraseRow]:
        return [row for row in self.phrases if row.kind == "unit"]

    @property
    def leader_rows(self) -> list[PhraseRow]:
        return [row for row in self.phrases if row.kind == "leader"]


def plan_preview(*, jurisdiction: Jurisdiction, ledger: Ledger, source_sha256: str = "") -> PlanPreview:
    """What importing ``ledger`` would store: counts, every phrase with its directory match, duplicates.

    A pure read; nothing is written.
    """
    rows = list(_unit_phrases(ledger).values())
    _match_rows(jurisdiction, rows)
    rows.sort(key=lambda row: (row.kind != "unit", row.matched, min(row.task_seqs or [0])))
    counts = {
        "headings": len(ledger.headings),
        "goals": len(ledger.goals),
        "tasks": len(ledger.tasks),
        "deadlines": sum(len(t.deadlines) for t in ledger.tasks),
        "targets": sum(len(t.targets) for t in ledger.tasks) + sum(len(g.targets) for g in ledger.goals),
        "responsibilities": sum(len(t.lead_leaders) + len(t.lead_units) + len(t.co_units) for t in ledger.tasks),
        "unparsed": len(ledger.unparsed),
        "phrases": len(rows),
        "unmatched": sum(1 for row in rows if not row.matched),
    }
    return PlanPreview(
        ledger=ledger,
        jurisdiction=jurisdiction,
        phrases=rows,
        counts=counts,
        duplicate_of=duplicate_plan(jurisdiction=jurisdiction, source_sha256=source_sha256),
        similar=similar_plans(jurisdiction=jurisdiction, ledger=ledger),
    )


# --- import ------------------------------------------------------------------------------------


def plan_import(
    *,
    jurisdiction: Jurisdiction,
    ledger: Ledger,
    source_name: str,
    source_sha256: str,
    by,
    unit_mapping: dict[str, int | str | None] | None = None,
    leader_mapping: dict[str, int | None] | None = None,
) -> Plan:
    """Store ``ledger`` as a plan of ``jurisdiction`` in one transaction.

    Each unit phrase is mapped through the directory unless ``unit_mapping`` (from
    the preview) says otherwise: a Unit pk, ``"group:<pk>"``, or None to keep it
    unmatched. Unmatched phrases are stored with no unit so nothing is lost.
    The same file (same SHA-256) is imported only once per jurisdiction.

    ``by`` is the 依法治县办 user, or ``SYSTEM`` for the operator's ``fazhi import --jurisdiction``
    (audited without an actor). Tracking is the layer above: the caller starts it in the same
    transaction (``fazhi.tracking.services.tracking_start``).
    """
    if by is not SYSTEM:
        require_office(by, jurisdiction=jurisdiction)
    existing = duplicate_plan(jurisdiction=jurisdiction, source_sha256=source_sha256)
    if existing:
        raise _duplicate_error(existing)
    if not ledger.tasks:
        raise ValidationError(_("文件中没有识别出任何任务，请确认上传的是实施方案原文"), code="empty")
    try:
        with transaction.atomic():
            plan = _plan_store(
                jurisdiction=jurisdiction,
                ledger=ledger,
                source_name=source_name,
                source_sha256=source_sha256,
                by=by,
                unit_mapping=unit_mapping,
                leader_mapping=leader_mapping,
            )
            return plan
    except IntegrityError:
        # Another request stored the same file between our check and our insert.
        existing = duplicate_plan(jurisdiction=jurisdiction, source_sha256=source_sha256)
        if existing:
            raise _duplicate_error(existing) from None
        raise


def _plan_store(*, jurisdiction, ledger, source_name, source_sha256, by, unit_mapping, leader_mapping) -> Plan:
    rows = _unit_phrases(ledger)
    _match_rows(jurisdiction, rows.values(), unit_mapping=unit_mapping, leader_mapping=leader_mapping)
    meta = ledger.plan
    plan = Plan.objects.create(
        jurisdiction=jurisdiction,
        title=clip(meta.title, Plan, "title") or clip(source_name, Plan, "title"),
        doc_number=clip(meta.doc_number, Plan, "doc_number"),
        issuers=list(meta.issuers),
        issued_on=meta.issued_on,
        period_start=meta.period_start,
        period_end=meta.period_end,
        source_name=clip(source_name, Plan, "source_name"),
        source_sha256=source_sha256,
        imported_by=by if getattr(by, "is_authenticated", False) else None,
    )
    ImportedLedger.objects.create(plan=plan, ledger=ledger.to_dict())

    headings: dict[str, Heading] = {}
    for position, raw in enumerate(ledger.headings, start=1):
        headings[raw.id] = Heading.objects.create(
            plan=plan,
            key=clip(raw.id, Heading, "key"),
            parent=headings.get(raw.parent) if raw.parent else None,
            level=raw.level,
            number=clip(raw.number, Heading, "number"),
            title=clip(raw.title, Heading, "title"),
            position=position,
            line=raw.line,
        )
    # A parent written after its child (not expected from the parser) is linked afterwards.
    for raw in ledger.headings:
        heading = headings[raw.id]
        if raw.parent and heading.parent_id is None and raw.parent in headings:
            heading.parent = headings[raw.parent]
            heading.save(update_fields=["parent"])

    targets: list[Target] = []
    for position, raw_goal in enumerate(ledger.goals, start=1):
        goal = Goal.objects.create(plan=plan, year=raw_goal.year, text=raw_goal.text, position=position, line=raw_goal.line)
        targets.extend(target_row(raw, position=i, goal=goal) for i, raw in enumerate(raw_goal.targets))

    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                heading=headings.get(raw.heading) if raw.heading else None,
                seq=raw.seq,
                number=clip(raw.number, Task, "number"),
                text=raw.text,
                annotation=raw.annotation or "",
                line_start=raw.lines[0] if raw.lines else None,
                line_end=raw.lines[1] if raw.lines else None,
            )
            for raw in ledger.tasks
        ]
    )
    responsibilities: list[Responsibility] = []
    deadlines: list[Deadline] = []
    for task, raw in zip(tasks, ledger.tasks, strict=True):
        for role, phrases, kind in (
            (Responsibility.Role.LEAD_LEADER, raw.lead_leaders, "leader"),
            (Responsibility.Role.LEAD, raw.lead_units, "unit"),
            (Responsibility.Role.CO, raw.co_units, "unit"),
        ):
            for position, phrase in enumerate(p.strip() for p in phrases if p.strip()):
                row = rows[(kind, phrase)]
                responsibilities.append(responsibility_row(
                    task, role, phrase, position=position, unit=row.unit, group=row.group, leader=row.leader))
        deadlines.extend(deadline_rows(task, raw.deadlines))
        targets.extend(target_row(t, position=position, task=task) for position, t in enumerate(raw.targets))
    Responsibility.objects.bulk_create(responsibilities)
    Deadline.objects.bulk_create(deadlines)
    Target.objects.bulk_create(targets)

    unmatched = sorted({row.phrase for row in rows.values() if not row.matched})
    event_record(
        actor=by,
        action="plan.import",
        target=plan,
        data={
            "source_name": source_name,
            "source_sha256": source_sha256,
            "tasks": len(tasks),
            "responsibilities": len(responsibilities),
            "unmatched": unmatched,
        },
    )
    plan_revision_import(plan=plan)
    return plan


# --- the upload flow -----------------------------------------------------------------------------


def _document_error_message(error) -> str:
    """The parser's message in the user's language."""
    if (get_language() or "").startswith("en") and getattr(error, "message_en", ""):
        return error.message_en
    return getattr(error, "message_zh", "") or str(error)


def pending_import_create(*, jurisdiction: Jurisdiction, data: bytes, filename: str, by) -> PendingImport:
    """Read an uploaded document and keep its ledger for the preview. Refuses duplicates and bad files."""
    limit_mb = settings.FAZHI_MAX_UPLOAD_MB
    if len(data) > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("文件大小超过 %(limit)s MB 的上限，请压缩或拆分后再上传") % {"limit": limit_mb}, code="too_large"
        )
    if not data:
        raise ValidationError(_("上传的文件是空的，请选择实施方案原文后重新上传"), code="empty")
    sha256 = hashlib.sha256(data).hexdigest()
    existing = duplicate_plan(jurisdiction=jurisdiction, source_sha256=sha256)
    if existing:
        raise _duplicate_error(existing)
    try:
        ledger = parse_document(data, filename, limits=ReadLimits.from_settings(settings))
    except DocumentReadError as error:
        raise ValidationError(_document_error_message(error), code="unreadable") from None
    if not ledger.tasks:
        raise ValidationError(_("文件中没有识别出任何任务，请确认上传的是实施方案原文"), code="empty")
    with transaction.atomic():
        PendingImport.objects.filter(
            plan__isnull=True, created_at__lt=timezone.now() - PENDING_IMPORT_TTL
        ).delete()
        pending = PendingImport.objects.create(
            jurisdiction=jurisdiction,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            source_name=clip(filename, PendingImport, "source_name"),
            sha256=sha256,
            ledger=ledger.to_dict(),
        )
        event_record(
            actor=by,
            action="plan.upload",
            target=pending,
            data={"source_name": filename, "sha256": sha256, "tasks": len(ledger.tasks)},
        )
    return pending


@dataclass
class PhraseDecision:
    """What the office chose in the preview for one unmatched phrase.

    Exactly one of: ``unit_id``, ``group_id``, ``leader_id``, ``new_name`` (create a
    unit of ``new_kind``, or a leader for leader phrases), or nothing (keep unmatched).
    """

    phrase: str
    kind: str = "unit"
    unit_id: int | None = None
    group_id: int | None = None
    leader_id: int | None = None
    new_name: str = ""
    new_kind: str = ""
    remember: bool = True


def pending_import_confirm(
    *, pending: PendingImport, decisions: list[PhraseDecision], by, import_as_new: bool = False
) -> Plan:
    """Apply the preview's choices (new units, remembered aliases) and store the plan, all or nothing.

    Confirming an already confirmed upload (a double click) returns the plan it made. A plan
    that looks like one already imported (``similar_plans``) is stored only with
    ``import_as_new``: the office said “仍要导入为新方案” after reading the warning.
    """
    with transaction.atomic():
        # No select_related here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
        if pending.plan_id:
            return Plan.objects.get(pk=pending.plan_id)
        jurisdiction = pending.jurisdiction
        # Tasks the office rejected in the preview are left out, the rest numbered 1..n again.
        ledger = reviewed_ledger(pending.ledger, renumber=True)
        similar = similar_plans(jurisdiction=jurisdiction, ledger=ledger)
        # The very same file is refused by plan_import below, with its own message.
        exact = duplicate_plan(jurisdiction=jurisdiction, source_sha256=pending.sha256)
        if similar and not import_as_new and not exact:
            first = similar[0]
            raise ValidationError(
                _("本辖区已于 %(date)s 导入过同名、同文号、同实施期的方案《%(title)s》；如确需另存为新方案，"
                  "请点击“仍要导入为新方案”，否则请取消")
                % {"date": timezone.localdate(first.imported_at).isoformat(), "title": first.title},
                code="similar",
            )
        unit_mapping: dict[str, int | str | None] = {}
        leader_mapping: dict[str, int | None] = {}
        for decision in decisions:
            if decision.kind == "leader":
                if decision.new_name:
                    leader = leader_create(jurisdiction=jurisdiction, name=decision.new_name.strip(), by=by)
                    leader_mapping[decision.phrase] = leader.pk
                elif decision.leader_id:
                    leader_mapping[decision.phrase] = decision.leader_id
                continue
            if decision.group_id:
                unit_mapping[decision.phrase] = f"group:{decision.group_id}"
                continue
            unit = None
            if decision.new_name:
                unit = unit_create(
                    jurisdiction=jurisdiction,
                    name=decision.new_name.strip(),
                    kind=decision.new_kind or Unit.Kind.OTHER,
                    by=by,
                )
            elif decision.unit_id:
                unit = Unit.objects.filter(jurisdiction=jurisdiction, pk=decision.unit_id).first()
                if unit is None:
                    raise ValidationError(
                        _("“%(phrase)s”对应的单位不在本辖区名录中，请重新选择") % {"phrase": decision.phrase}
                    )
            if unit is None:
                continue
            unit_mapping[decision.phrase] = unit.pk
            alias = normalise_unit_phrase(decision.phrase)
            if (
                decision.remember
                and alias != normalise_unit_phrase(unit.name)
                and not UnitAlias.objects.filter(unit=unit, text=alias).exists()
            ):
                unit_alias_add(unit=unit, text=decision.phrase, by=by)
        plan = plan_import(
            jurisdiction=jurisdiction,
            ledger=ledger,
            source_name=pending.source_name,
            source_sha256=pending.sha256,
            by=by,
            unit_mapping=unit_mapping,
            leader_mapping=leader_mapping,
        )
        pending.plan = plan
        pending.save(update_fields=["plan"])
        review_log = review_decisions(pending.ledger)
        if review_log:
            event_record(actor=by, action="plan.import_reviewed", target=plan, data={
                "decisions": [{key: d.get(key) for key in ("seq", "action", "changes")} for d in review_log],
                "rejected": sorted(t["seq"] for t in pending.ledger.get("tasks") or [] if t.get("review") == REVIEW_REJECT),
                "edited": sorted(t["seq"] for t in pending.ledger.get("tasks") or [] if t.get("review") == REVIEW_EDIT),
            })
        if similar:
            event_record(actor=by, action="plan.import_as_new", target=plan,
                         data={"similar_plans": [other.pk for other in similar]})
    return plan
