from django.contrib import admin

from fazhi.core.admin import AuditedAdmin
from fazhi.notify.models import Notice, UnitChannel


@admin.register(UnitChannel)
class UnitChannelAdmin(AuditedAdmin):
    list_display = ["unit", "kind", "target", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["unit__name", "target"]

    def audit_jurisdiction(self, obj):
        return obj.unit.jurisdiction


@admin.register(Notice)
class NoticeAdmin(AuditedAdmin):
    list_display = ["title", "recipient_unit", "recipient_user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient_unit__name"]

    def audit_jurisdiction(self, obj):
        return obj.recipient_unit.jurisdiction if obj.recipient_unit_id else None
