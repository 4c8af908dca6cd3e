from django.contrib import admin

from fazhi.notify.models import UnitChannel


@admin.register(UnitChannel)
class UnitChannelAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "target", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["unit__name", "target"]
