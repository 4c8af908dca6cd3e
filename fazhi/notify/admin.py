from django.contrib import admin

from fazhi.notify.models import Notice, UnitChannel


@admin.register(UnitChannel)
class UnitChannelAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "target", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["unit__name", "target"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient_unit", "recipient_user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient_unit__name"]
