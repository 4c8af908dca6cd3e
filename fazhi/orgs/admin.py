"""Admin for the directory. Day-to-day edits go through the directory screens, which write audit events;
the admin is for administrators fixing data, and records its own edits (``AuditedAdmin``)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from fazhi.core.admin import AuditedAdmin
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name"]

    def audit_jurisdiction(self, obj):
        return obj


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ["text"]


class GroupMembershipInline(admin.TabularInline):
    model = UnitGroup.members.through
    extra = 0
    verbose_name = _("所属单位组")
    verbose_name_plural = _("所属单位组")
    autocomplete_fields = ["unitgroup"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "full_name", "kind", "jurisdiction", "is_sample", "is_active", "sort_order"]
    list_filter = ["jurisdiction", "kind", "is_sample", "is_active"]
    search_fields = ["name", "full_name", "aliases__text"]
    inlines = [UnitAliasInline, GroupMembershipInline]

    def save_formset(self, request, form, formset, change):
        # An alias belongs to its unit's jurisdiction; the inline does not ask for it.
        for alias in formset.save(commit=False):
            if isinstance(alias, UnitAlias):
                alias.jurisdiction_id = form.instance.jurisdiction_id
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(UnitGroup)
class UnitGroupAdmin(AuditedAdmin):
    list_display = ["phrase", "jurisdiction", "member_count", "is_sample"]
    list_filter = ["jurisdiction", "is_sample"]
    search_fields = ["phrase"]
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("成员单位数"), ordering="member_count")
    def member_count(self, group):
        return group.member_count


@admin.register(Leader)
class LeaderAdmin(AuditedAdmin):
    list_display = ["name", "title", "jurisdiction", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
    search_fields = ["name"]
