"""factory_boy factories for the changing data of every test: the directory, users per role,
plans with their tasks, and the tracking loop.

Rows that have a write function behind them are made through it, so they look the way the
application leaves them: assignments come from ``assignments_follow``, reports move through
``progress_report_*`` (a submitted report has a transition row, an audit event and a
submission time), 佐证材料 through ``evidence_attach``.

    task = TaskFactory(plan=plan, lead_units=[sifaju], co_units=[caizheng, towns], leaders=[qian],
                       due_by="2022-10-31", targets=[("报备率达到100%", 100, "%")])
    tracking_started(plan, through=date(2022, 12, 31))
    report = ProgressReportFactory(assignment=assignment_of(task, sifaju), period=q3, state="returned")
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import date, datetime, time

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from fazhi.accounts.access import SYSTEM
from fazhi.accounts.models import Profile, Role
from fazhi.files.models import EvidenceFile
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup
from fazhi.plans.models import Deadline, Goal, Heading, Plan, Responsibility, Target, Task
from fazhi.tracking.models import Assignment, Period, ProgressReport
from fazhi.tracking.periods import period_due_on, span_of
from fazhi.tracking.services import (
    assignments_follow,
    cadence_for,
    evidence_attach,
    periods_generate,
    progress_report_accept,
    progress_report_return,
    progress_report_save_draft,
    progress_report_submit,
)
from fazhi.workcal.calendar import current_calendar

PASSWORD = "pass-12345"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
State = ProgressReport.State


def at(day: str | date, hour: int = 10) -> datetime:
    """An aware datetime on ``day`` at ``hour`` o'clock, for the services' fake clocks."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return timezone.make_aware(datetime.combine(d, time(hour)))


def _day(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


@contextmanager
def shared_world(django_db_blocker, media_root):
    """Rows built once for a whole module of table tests, rolled back at its end.

    Use inside a module-scoped fixture (with ``django_db_setup``); each test still runs in its
    own transaction (``db``), so what one test writes is gone before the next."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=fast), django_db_blocker.unblock(), \
            transaction.atomic():
        yield
        transaction.set_rollback(True)


# ---------------------------------------------------------------- the directory


class JurisdictionFactory(DjangoModelFactory):
    """A county by default; ``province``, ``city`` or ``township`` for the other levels.
    ``in_city=True`` nests the county under a new city under a new province."""

    class Meta:
        model = Jurisdiction

    class Params:
        province = factory.Trait(level=Jurisdiction.Level.PROVINCE, name=factory.Sequence(lambda n: f"省{n}"),
                                 short_name="省")
        city = factory.Trait(level=Jurisdiction.Level.CITY, name=factory.Sequence(lambda n: f"市{n}"),
                             short_name="市")
        township = factory.Trait(level=Jurisdiction.Level.TOWNSHIP, name=factory.Sequence(lambda n: f"镇{n}"),
                                 short_name="镇")
        in_city = factory.Trait(parent=factory.SubFactory(
            "tests.factories.JurisdictionFactory", city=True,
            parent=factory.SubFactory("tests.factories.JurisdictionFactory", province=True)))

    name = factory.Sequence(lambda n: f"县{n}")
    short_name = "县"
    level = Jurisdiction.Level.COUNTY
    parent = None


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"县单位{n}")
    full_name = factory.LazyAttribute(lambda o: f"{o.jurisdiction.name}{o.name.removeprefix(o.jurisdiction.short_name)}")
    kind = Unit.Kind.GOVERNMENT


class UnitAliasFactory(DjangoModelFactory):
    class Meta:
        model = UnitAlias

    unit = factory.SubFactory(UnitFactory)
    jurisdiction = factory.SelfAttribute("unit.jurisdiction")
    text = factory.Sequence(lambda n: f"别名{n}")


class UnitGroupFactory(DjangoModelFactory):
    """``members=[unit, …]`` fills the group."""

    class Meta:
        model = UnitGroup
        skip_postgeneration_save = True

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    phrase = factory.Sequence(lambda n: f"各单位{n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if extracted:
            self.members.add(*extracted)


class LeaderFactory(DjangoModelFactory):
    class Meta:
        model = Leader

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副县长"


# ---------------------------------------------------------------- users, one factory per role


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile

    user = None
    role = Role.CLERK
    jurisdiction = None
    unit = None
    leader = None


class UserFactory(DjangoModelFactory):
    """A user with a profile; use the role factories below. All share the password ``PASSWORD``."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        role = None
        jurisdiction = None
        unit = None
        leader = None

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory(
        ProfileFactory, factory_related_name="user", role=factory.SelfAttribute("..role"),
        jurisdiction=factory.SelfAttribute("..jurisdiction"), unit=factory.SelfAttribute("..unit"),
        leader=factory.SelfAttribute("..leader"),
    )


class OfficeFactory(UserFactory):
    """依法治县办 staff of a jurisdiction (``unit`` stays empty unless the officer sits in one)."""

    class Params:
        role = Role.OFFICE
        jurisdiction = factory.SubFactory(JurisdictionFactory)

    username = factory.Sequence(lambda n: f"office{n}")


class ClerkFactory(UserFactory):
    """单位填报员 of ``unit``, in the unit's jurisdiction."""

    class Params:
        role = Role.CLERK
        unit = factory.SubFactory(UnitFactory)
        jurisdiction = factory.SelfAttribute("unit.jurisdiction")

    username = factory.Sequence(lambda n: f"clerk{n}")


class LeaderUserFactory(UserFactory):
    """县领导 holding the ``leader`` seat, in its jurisdiction."""

    class Params:
        role = Role.LEADER
        leader = factory.SubFactory(LeaderFactory)
        jurisdiction = factory.SelfAttribute("leader.jurisdiction")

    username = factory.Sequence(lambda n: f"leader{n}")


class AdminFactory(UserFactory):
    class Params:
        role = Role.ADMIN

    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


def office_of(jurisdiction: Jurisdiction):
    """The jurisdiction's 依法治县办 officer (one who sits in no unit), made if there is none."""
    found = (get_user_model().objects.filter(profile__role=Role.OFFICE, profile__jurisdiction=jurisdiction,
                                             profile__unit__isnull=True).order_by("pk").first())
    return found or OfficeFactory(jurisdiction=jurisdiction)


def clerk_of(unit: Unit):
    """The unit's 填报员, made if there is none."""
    found = get_user_model().objects.filter(profile__role=Role.CLERK, profile__unit=unit).order_by("pk").first()
    return found or ClerkFactory(unit=unit)


# ---------------------------------------------------------------- plans


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    title = factory.LazyAttribute(lambda o: f"{o.jurisdiction.name}法治政府建设实施方案（2021-2025年）")
    issued_on = date(2022, 7, 1)
    period_start = 2021
    # No stated last year: tracking never ends by itself, so tests on the real clock keep
    # getting periods. Plans whose 实施期 ends are in tests/tracking/test_tracking_end.py.
    period_end = None


class HeadingFactory(DjangoModelFactory):
    class Meta:
        model = Heading

    plan = factory.SubFactory(PlanFactory)
    key = factory.Sequence(lambda n: f"h{n}")
    parent = None
    level = factory.LazyAttribute(lambda o: o.parent.level + 1 if o.parent else 1)
    number = "一、"
    title = factory.Sequence(lambda n: f"章节{n}")
    position = factory.Sequence(lambda n: n)


class DeadlineFactory(DjangoModelFactory):
    """A 完成时限 of each kind: ``by`` / ``starting`` (a date), ``every`` (a period), ``ongoing``."""

    class Meta:
        model = Deadline

    class Params:
        by = factory.Trait(kind=Deadline.Kind.BY, due_on=date(2023, 12, 31))
        starting = factory.Trait(kind=Deadline.Kind.FROM, due_on=date(2022, 10, 1))
        every = factory.Trait(kind=Deadline.Kind.EVERY, period=Deadline.Period.YEAR)
        ongoing = factory.Trait(kind=Deadline.Kind.ONGOING)

    task = factory.SubFactory("tests.factories.TaskFactory")
    kind = Deadline.Kind.ONGOING
    due_on = None
    period = ""
    text = factory.LazyAttribute(lambda o: f"{o.kind} {o.due_on or o.period}".strip())
    position = factory.LazyAttribute(lambda o: o.task.deadlines.count())


class TargetFactory(DjangoModelFactory):
    """A 量化指标 of a task (or, with ``task=None, goal=…``, of a goal)."""

    class Meta:
        model = Target

    task = factory.SubFactory("tests.factories.TaskFactory")
    goal = None
    text = "报备率达到100%"
    value = 100
    unit = "%"
    position = 0


def _responsibility(task: Task, role: str, who, position: int) -> Responsibility:
    """``who``: a Unit, UnitGroup or Leader; a bare phrase nobody matched; or (phrase, target)."""
    phrase, target = who if isinstance(who, tuple) else (getattr(who, "phrase", None) or getattr(who, "name", who), who)
    field = {Unit: "unit", UnitGroup: "group", Leader: "leader"}.get(type(target))
    return Responsibility.objects.create(task=task, role=role, phrase=phrase, position=position,
                                         **({field: target} if field else {}))


class TaskFactory(DjangoModelFactory):
    """A task with who answers for it and by when, set by keyword:

    ``lead_units`` / ``co_units`` (units, groups, unmatched phrases or (phrase, target) pairs),
    ``leaders`` (牵头领导), ``due_by`` / ``starts_on`` (dates), ``every`` ("year", "quarter" …),
    ``ongoing=True``, ``deadlines`` (kwargs for ``DeadlineFactory``), ``targets`` ((text, value, unit)).
    """

    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    heading = None
    seq = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(lambda o: f"任务{o.seq}")

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        for position, who in enumerate(extracted or ()):
            _responsibility(self, Responsibility.Role.LEAD_LEADER, who, position)

    @factory.post_generation
    def lead_units(self, create, extracted, **kwargs):
        for position, who in enumerate(extracted or ()):
            _responsibility(self, Responsibility.Role.LEAD, who, position)

    @factory.post_generation
    def co_units(self, create, extracted, **kwargs):
        for position, who in enumerate(extracted or ()):
            _responsibility(self, Responsibility.Role.CO, who, position)

    @factory.post_generation
    def due_by(self, create, extracted, **kwargs):
        if extracted:
            DeadlineFactory(task=self, kind=Deadline.Kind.BY, due_on=_day(extracted), **kwargs)

    @factory.post_generation
    def starts_on(self, create, extracted, **kwargs):
        if extracted:
            DeadlineFactory(task=self, kind=Deadline.Kind.FROM, due_on=_day(extracted), **kwargs)

    @factory.post_generation
    def every(self, create, extracted, **kwargs):
        if extracted:
            DeadlineFactory(task=self, kind=Deadline.Kind.EVERY, period=extracted, **kwargs)

    @factory.post_generation
    def ongoing(self, create, extracted, **kwargs):
        if extracted:
            DeadlineFactory(task=self, kind=Deadline.Kind.ONGOING, **kwargs)

    @factory.post_generation
    def deadlines(self, create, extracted, **kwargs):
        for spec in extracted or ():
            DeadlineFactory(task=self, **spec)

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        for position, (text, value, unit) in enumerate(extracted or ()):
            TargetFactory(task=self, text=text, value=value, unit=unit, position=position)


class GoalFactory(DjangoModelFactory):
    """A 年度目标; ``targets`` as for tasks."""

    class Meta:
        model = Goal
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    year = 2022
    text = factory.LazyAttribute(lambda o: f"{o.year}年目标")
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        for position, (text, value, unit) in enumerate(extracted or ()):
            TargetFactory(task=None, goal=self, text=text, value=value, unit=unit, position=position)


# ---------------------------------------------------------------- tracking


def tracking_started(plan: Plan, *, through: date, by=None) -> list[Period]:
    """Assignments from the ledger and the periods through ``through``, as the office starts them."""
    by = by or office_of(plan.jurisdiction)
    assignments_follow(plan=plan, by=by)
    return periods_generate(plan=plan, through=through, by=by)


def assignment_of(task: Task, unit: Unit) -> Assignment:
    return Assignment.objects.get(task=task, unit=unit)


def period_of(plan: Plan, kind: str, start: str | date) -> Period:
    return Period.objects.get(plan=plan, kind=kind, start=_day(start))


class AssignmentFactory(DjangoModelFactory):
    """A unit's share of a task, made the way the application makes it: the task names the unit
    (a Responsibility) and ``assignments_follow`` turns that into the assignment."""

    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory, jurisdiction=factory.SelfAttribute("..task.plan.jurisdiction"))
    role = Assignment.Role.LEAD

    @classmethod
    def _create(cls, model_class, *, task, unit, role, **kwargs):
        position = task.responsibilities.filter(role=role).count()
        _responsibility(task, role, unit, position)
        assignments_follow(plan=task.plan, by=SYSTEM)
        return Assignment.objects.get(task=task, unit=unit)


class PeriodFactory(DjangoModelFactory):
    """A reporting period containing ``day``, due as the plan's cadence says (use
    ``tracking_started`` for all of a plan's periods at once)."""

    class Meta:
        model = Period

    class Params:
        day = date(2022, 7, 1)

    plan = factory.SubFactory(PlanFactory)
    kind = Period.Kind.MONTH
    start = factory.LazyAttribute(lambda o: span_of(o.kind, o.day)[0])
    end = factory.LazyAttribute(lambda o: span_of(o.kind, o.day)[1])
    due_on = factory.LazyAttribute(lambda o: period_due_on(o.kind, o.end, cadence_for(o.plan), current_calendar()))
    state = Period.State.OPEN


class ProgressReportFactory(DjangoModelFactory):
    """A report in ``state``, moved there through the workflow's write functions.

    The unit's clerk (``clerk``, default ``clerk_of(unit)``) saves it, attaches a PDF if
    ``evidence`` and submits it (at ``submit_on`` 10:00); the office (``reviewer``, default
    ``office_of(jurisdiction)``) returns it with ``review_comment`` or accepts it (at
    ``review_on`` 16:00). ``state`` defaults to what the dates given imply.
    """

    class Meta:
        model = ProgressReport

    # Not fields: who acts and when, read by ``_create``.
    clerk = None
    reviewer = None
    evidence = False
    submit_on = None
    review_on = None
    assignment = factory.SubFactory(AssignmentFactory)
    period = factory.SubFactory(PeriodFactory, plan=factory.SelfAttribute("..assignment.task.plan"))
    status = ProgressReport.Status.IN_PROGRESS
    percent = None
    narrative = "已召开专题会议推进"
    unable_reason = factory.LazyAttribute(lambda o: "上级政策调整" if o.status == ProgressReport.Status.UNABLE else "")
    state = factory.LazyAttribute(
        lambda o: State.ACCEPTED if o.review_on else State.SUBMITTED if o.submit_on else State.DRAFT)
    review_comment = factory.LazyAttribute(lambda o: "请补充会议纪要" if o.state == State.RETURNED else "")

    @classmethod
    def _create(cls, model_class, *, assignment, period, state, review_comment, clerk=None, reviewer=None,
                evidence=False, submit_on=None, review_on=None, **content):
        clerk = clerk or clerk_of(assignment.unit)
        report = progress_report_save_draft(assignment=assignment, period=period, by=clerk, data=content,
                                            expected_version=None)
        if evidence:
            EvidenceFileFactory(report=report, by=clerk, name="会议纪要.pdf",
                                content=PDF + f"{assignment.pk}-{period.pk}".encode())
        if state == State.DRAFT:
            return report
        report = progress_report_submit(report=report, by=clerk, expected_version=report.version,
                                        now=at(submit_on) if submit_on else None)
        reviewer = reviewer or office_of(assignment.task.plan.jurisdiction)
        reviewed_at = at(review_on, 16) if review_on else None
        if state == State.RETURNED:
            return progress_report_return(report=report, by=reviewer, comment=review_comment, now=reviewed_at)
        if state == State.ACCEPTED:
            return progress_report_accept(report=report, by=reviewer, now=reviewed_at)
        return report


class EvidenceFileFactory(DjangoModelFactory):
    """A 佐证材料 file. With ``report`` it is uploaded to that report through ``evidence_attach``
    (``by`` defaults to the unit's clerk); without, it is only stored, as uploaded by ``by``."""

    class Meta:
        model = EvidenceFile

    # Not fields: read by ``_create``.
    report = None
    by = None
    jurisdiction = None
    name = "会议纪要.pdf"
    content = factory.Sequence(lambda n: PDF + f"evidence {n}".encode())

    @classmethod
    def _create(cls, model_class, *, report=None, by=None, jurisdiction=None, name, content, **kwargs):
        if report is not None:
            return evidence_attach(report=report, uploaded_file=SimpleUploadedFile(name, content),
                                   by=by or clerk_of(report.assignment.unit))
        sha256 = hashlib.sha256(content).hexdigest()
        if jurisdiction is None and by is not None:
            jurisdiction = by.profile.jurisdiction
        evidence = model_class(jurisdiction=jurisdiction, sha256=sha256, original_name=name, size=len(content),
                               content_type="application/pdf", uploaded_by=by)
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()
        return evidence
