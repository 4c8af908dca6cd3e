"""Who the signed-in user is in fazhi terms, and the one scope rule. Every view asks here, never the template.

The scope rule, the same for plans, boards, reports and the unit directory:

* 系统管理员 read and act everywhere.
* A 依法治县办 reads its own jurisdiction and everything below it: a city or province office
  opens its counties' plans, boards, reports and directories.
* It acts only in its own jurisdiction. The county's 依法治县办 owns its county's work —
  reviewing reports, closing and locking periods, 催办, editing the directory, imports — so a
  city office that reads a county's board cannot accept, lock or urge there.
* Clerks and leaders read their own jurisdiction only (narrowed further to their unit's or
  their own tasks by ``fazhi.tracking.access``) and act in none: what they may write is decided
  per assignment by ``fazhi.tracking.workflow``.

``Actor.may_read`` / ``Actor.may_act`` answer for one jurisdiction; ``Actor.read_scope`` /
``Actor.act_scope`` are the same rule as a filter. ``Jurisdiction.path`` makes "below" a prefix
test, and the actor's own path is read with its profile, so the checks cost no query of their own.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fazhi.accounts.models import MANAGED_ROLES, Profile, Role
from fazhi.orgs.models import Jurisdiction


@dataclass(frozen=True)
class Actor:
    """The permission-relevant facts about a user, resolved once per request."""

    user: object
    role: str | None
    jurisdiction_id: int | None
    unit_id: int | None
    leader_id: int | None
    jurisdiction_path: str = ""
    must_change_password: bool = False

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or bool(getattr(self.user, "is_superuser", False))

    @property
    def is_office(self) -> bool:
        """依法治县办 staff (and administrators) own the plan: they import, review and 催办."""
        return self.is_admin or self.role == Role.OFFICE

    @property
    def is_clerk(self) -> bool:
        return self.role == Role.CLERK and self.unit_id is not None

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @cached_property
    def has_office_above(self) -> bool:
        """Whether an active 依法治办 account works in a jurisdiction above the actor's own. One
        query the first time, none at the top (a frozen dataclass still caches: cached_property
        writes to ``__dict__`` directly)."""
        path = self.jurisdiction_path or ""
        ids = [part for part in path.strip("/").split("/") if part][:-1]
        if not ids:
            return False
        above = ["/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)]
        return Profile.objects.filter(role=Role.OFFICE, user__is_active=True, jurisdiction__path__in=above).exists()

    @property
    def _reads_below(self) -> bool:
        # An empty path would be a prefix of every path: read nothing below rather than everything.
        return self.role == Role.OFFICE and bool(self.jurisdiction_path)

    def may_read(self, jurisdiction: Jurisdiction | int) -> bool:
        """Whether the actor may see the plans, boards, reports and directory of ``jurisdiction``.
        No query for an instance or the actor's own id; one for another id."""
        if self.is_admin:
            return True
        if self.jurisdiction_id is None or self.role is None:
            return False
        pk = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
        if pk == self.jurisdiction_id:
            return True
        if not self._reads_below:
            return False
        if isinstance(jurisdiction, int):
            return Jurisdiction.objects.filter(pk=pk, path__startswith=self.jurisdiction_path).exists()
        return jurisdiction.path.startswith(self.jurisdiction_path)

    def may_act(self, jurisdiction: Jurisdiction | int) -> bool:
        """Whether the actor may do the 依法治县办's work in ``jurisdiction`` (review, open/close/lock
        periods, 催办, directory edits, imports): its own office or an administrator. Never a query."""
        if self.is_admin:
            return True
        pk = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
        return self.role == Role.OFFICE and self.jurisdiction_id is not None and pk == self.jurisdiction_id

    def reason_cannot_act(self, jurisdiction: Jurisdiction | int) -> str | None:
        """``None`` if ``may_act``, else the refusal saying who may. Refusing given an id looks the
        jurisdiction up for its name (one query)."""
        if self.may_act(jurisdiction):
            return None
        if not self.is_office:
            return _("只有依法治县办或系统管理员可以执行此操作")
        if isinstance(jurisdiction, int):
            jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction).first()
        if jurisdiction is not None and self.may_read(jurisdiction):
            return _("此操作须由%(jurisdiction)s依法治县办办理：上级依法治办可以查看下级辖区的工作，"
                     "但不能代为审核、锁定、催办或修改名录") % {"jurisdiction": jurisdiction.name}
        return _("只有本辖区的依法治县办可以执行此操作")

    def read_scope(self, field: str = "") -> Q:
        """``may_read`` as a filter on the jurisdiction reached through ``field``
        (e.g. ``"task__plan__jurisdiction"``; the Jurisdiction model itself when empty)."""
        if self.is_admin:
            return Q()
        if self.jurisdiction_id is None or self.role is None:
            return Q(pk__in=[])
        if self._reads_below:
            return Q(**{f"{field}__path__startswith" if field else "path__startswith": self.jurisdiction_path})
        return Q(**{field or "pk": self.jurisdiction_id})

    def act_scope(self, field: str = "") -> Q:
        """``may_act`` as a filter, like ``read_scope``."""
        if self.is_admin:
            return Q()
        if self.role == Role.OFFICE and self.jurisdiction_id is not None:
            return Q(**{field or "pk": self.jurisdiction_id})
        return Q(pk__in=[])


def actor_for(user) -> Actor:
    cached = getattr(user, "_fazhi_actor", None)
    if cached is not None:
        return cached
    profile = None
    if getattr(user, "is_authenticated", False):
        profile = Profile.objects.filter(user=user).select_related("jurisdiction").first()
    jurisdiction = profile.jurisdiction if profile else None
    actor = Actor(
        user=user,
        role=profile.role if profile else (Role.ADMIN if getattr(user, "is_superuser", False) else None),
        jurisdiction_id=profile.jurisdiction_id if profile else None,
        unit_id=profile.unit_id if profile else None,
        leader_id=profile.leader_id if profile else None,
        jurisdiction_path=jurisdiction.path if jurisdiction else "",
        must_change_password=bool(profile and profile.must_change_password),
    )
    if getattr(user, "is_authenticated", False):
        user._fazhi_actor = actor
    return actor


def require_office(user, *, jurisdiction: Jurisdiction | int | None = None) -> Actor:
    """The 依法治县办 (or an administrator); with ``jurisdiction``, one that may act there
    (``Actor.may_act``: its own jurisdiction only); else 403 saying who may."""
    actor = actor_for(user)
    if not actor.is_office:
        raise PermissionDenied(_("只有依法治县办或系统管理员可以执行此操作"))
    if jurisdiction is not None and (reason := actor.reason_cannot_act(jurisdiction)):
        raise PermissionDenied(reason)
    return actor


def is_installation_keeper(actor: Actor) -> bool:
    """Whether ``actor`` keeps what every jurisdiction of the installation shares (the work
    calendar, the site address): a system administrator or the office of a jurisdiction with no
    office above it — the county itself in a one-county installation, and each county when the
    province and city above are only containers (as in the demo), so that the year-end calendar
    never waits for an administrator. No query at the top, one below it."""
    return actor.is_admin or (actor.is_office and bool(actor.jurisdiction_path) and not actor.has_office_above)


def require_installation_keeper(user, *, refusal: str = "") -> Actor:
    """``is_installation_keeper`` or 403 with ``refusal`` (a sentence saying who may)."""
    actor = require_office(user)
    if not is_installation_keeper(actor):
        raise PermissionDenied(refusal or _("此项设置由全系统共用，请由最上级辖区的依法治办或系统管理员维护"))
    return actor


class _System:
    """The operator's own commands (``fazhi import``, the hourly ``fazhi remind``), trusted like
    the 依法治县办 of every jurisdiction. Pass ``by=SYSTEM``; its audit events have no actor.
    No request ever carries it: views always pass ``request.user``."""

    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()



def get_accounts_jurisdiction_for_user(user, jurisdiction_id=None, *, write: bool = False) -> tuple[Actor, Jurisdiction]:
    """The jurisdiction whose clerk and leader accounts the office lists (``?jurisdiction=``, default its
    own): a higher office reads those below it; only the jurisdiction's own office (or an administrator)
    creates, resets, unlocks or deactivates them."""
    actor = require_office(user)
    try:
        jurisdiction_id = int(jurisdiction_id) if jurisdiction_id else actor.jurisdiction_id
    except (TypeError, ValueError):
        raise Http404 from None
    if jurisdiction_id is None:
        raise Http404(_("您的账号未关联辖区，请联系系统管理员"))
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).first()
    if jurisdiction is None or not actor.may_read(jurisdiction):
        raise PermissionDenied(_("您无权查看该辖区的账号"))
    if write and (reason := actor.reason_cannot_act(jurisdiction)):
        raise PermissionDenied(reason)
    return actor, jurisdiction


def get_profile_for_user(user, pk, *, write: bool = False) -> Profile:
    """A clerk or leader account the office manages; 404 for an office or administrator account."""
    profile = get_object_or_404(Profile.objects.select_related("user", "jurisdiction", "unit", "leader"),
                                pk=pk, role__in=MANAGED_ROLES, jurisdiction__isnull=False)
    get_accounts_jurisdiction_for_user(user, profile.jurisdiction_id, write=write)
    return profile
