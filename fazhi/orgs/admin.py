from django.contrib import admin

from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ["text", "jurisdiction"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "kind", "jurisdiction", "is_sample", "is_active"]
    list_filter = ["jurisdiction", "kind", "is_sample", "is_active"]
    search_fields = ["name", "full_name", "aliases__text"]
    inlines = [UnitAliasInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["phrase", "jurisdiction", "is_sample"]
    list_filter = ["jurisdiction"]
    search_fields = ["phrase"]
    filter_horizontal = ["members"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "jurisdiction", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
    search_fields = ["name"]
