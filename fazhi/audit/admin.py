from django.contrib import admin

from fazhi.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_label", "jurisdiction"]
    list_filter = ["action", "target_type", "jurisdiction"]
    search_fields = ["target_label", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
