from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from fazhi.accounts.models import Profile
from fazhi.core.admin import AuditedAdmin


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin):
    list_display = ["user", "role", "jurisdiction", "unit", "leader", "must_change_password"]
    list_filter = ["role", "jurisdiction"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit", "leader"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """Django's user admin, whose edits (a password set here too) leave audit events under the user's
    jurisdiction."""

    def audit_jurisdiction(self, obj):
        profile = Profile.objects.filter(user=obj).select_related("jurisdiction").first()
        return profile.jurisdiction if profile else None
