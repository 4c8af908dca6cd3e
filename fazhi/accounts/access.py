"""Who the signed-in user is in fazhi terms. Every view asks here, never the template."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from fazhi.accounts.models import Profile, Role


@dataclass(frozen=True)
class Actor:
    """The permission-relevant facts about a user, resolved once per request."""

    user: object
    role: str | None
    jurisdiction_id: int | None
    unit_id: int | None
    leader_id: int | None

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

    def may_see_jurisdiction(self, jurisdiction_id: int) -> bool:
        if self.is_admin:
            return True
        if self.jurisdiction_id is None:
            return False
        if self.jurisdiction_id == jurisdiction_id:
            return True
        # A city's office sees its counties.
        from fazhi.orgs.models import Jurisdiction

        own = Jurisdiction.objects.filter(pk=self.jurisdiction_id).first()
        return bool(own and jurisdiction_id in own.descendant_ids())


def actor_for(user) -> Actor:
    cached = getattr(user, "_fazhi_actor", None)
    if cached is not None:
        return cached
    profile = None
    if getattr(user, "is_authenticated", False):
        profile = Profile.objects.filter(user=user).first()
    actor = Actor(
        user=user,
        role=profile.role if profile else (Role.ADMIN if getattr(user, "is_superuser", False) else None),
        jurisdiction_id=profile.jurisdiction_id if profile else None,
        unit_id=profile.unit_id if profile else None,
        leader_id=profile.leader_id if profile else None,
    )
    if getattr(user, "is_authenticated", False):
        user._fazhi_actor = actor
    return actor


def require_office(user, *, jurisdiction_id: int | None = None) -> Actor:
    """The 依法治县办 (or an administrator), optionally of a jurisdiction the user may see; else 403."""
    actor = actor_for(user)
    if not actor.is_office:
        raise PermissionDenied(_("只有依法治县办或系统管理员可以执行此操作"))
    if jurisdiction_id is not None and not actor.may_see_jurisdiction(jurisdiction_id):
        raise PermissionDenied(_("只有本辖区的依法治县办可以执行此操作"))
    return actor


class _System:
    """The operator's own commands (``fazhi import``, the hourly ``fazhi remind``), trusted like
    the 依法治县办 of every jurisdiction. Pass ``by=SYSTEM``; its audit events have no actor.
    No request ever carries it: views always pass ``request.user``."""

    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()
