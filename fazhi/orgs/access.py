"""Who may see and edit a jurisdiction's unit directory: the 依法治县办 (and administrators).

The scope rule of ``fazhi.accounts.access``: a city office reads its counties' directories;
editing stays with each jurisdiction's own office.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fazhi.accounts.access import Actor, require_office
from fazhi.orgs.models import Jurisdiction, Unit, UnitGroup


def get_directory_for_user(user, jurisdiction_id=None, *, write: bool = False) -> tuple[Actor, Jurisdiction]:
    actor = require_office(user)
    try:
        jurisdiction_id = int(jurisdiction_id) if jurisdiction_id else actor.jurisdiction_id
    except (TypeError, ValueError):
        raise Http404 from None
    if jurisdiction_id is None:
        raise Http404(_("您的账号未关联辖区，请联系系统管理员"))
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).first()
    if jurisdiction is None and actor.is_admin:
        raise Http404
    if jurisdiction is None or not actor.may_read(jurisdiction):
        raise PermissionDenied(_("您无权查看该辖区的单位名录"))
    if write and (reason := actor.reason_cannot_act(jurisdiction)):
        raise PermissionDenied(reason)
    return actor, jurisdiction


def get_group_for_user(user, pk: int, *, write: bool = False) -> UnitGroup:
    group = get_object_or_404(UnitGroup.objects.select_related("jurisdiction"), pk=pk)
    get_directory_for_user(user, group.jurisdiction_id, write=write)
    return group


def get_unit_for_user(user, pk: int, *, write: bool = False) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("jurisdiction"), pk=pk)
    get_directory_for_user(user, unit.jurisdiction_id, write=write)
    return unit
