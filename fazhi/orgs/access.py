"""Who may see and edit a jurisdiction's unit directory: the 依法治县办 (and administrators).

A city office may read its counties' directories; editing stays with each jurisdiction's own office.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fazhi.accounts.access import Actor, require_office
from fazhi.orgs.models import Jurisdiction, UnitGroup


def get_directory_for_user(user, jurisdiction_id=None, *, write: bool = False) -> tuple[Actor, Jurisdiction]:
    actor = require_office(user)
    try:
        jurisdiction_id = int(jurisdiction_id) if jurisdiction_id else actor.jurisdiction_id
    except (TypeError, ValueError):
        raise Http404 from None
    if jurisdiction_id is None:
        raise Http404(_("您的账号未关联辖区，请联系系统管理员"))
    if not actor.may_see_jurisdiction(jurisdiction_id):
        raise PermissionDenied(_("您无权查看该辖区的单位名录"))
    if write and not (actor.is_admin or actor.jurisdiction_id == jurisdiction_id):
        raise PermissionDenied(_("只有本辖区的依法治县办可以修改单位名录"))
    return actor, get_object_or_404(Jurisdiction, pk=jurisdiction_id)


def get_group_for_user(user, pk: int, *, write: bool = False) -> UnitGroup:
    group = get_object_or_404(UnitGroup.objects.select_related("jurisdiction"), pk=pk)
    get_directory_for_user(user, group.jurisdiction_id, write=write)
    return group
