from django.contrib import admin

from fazhi.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "unit", "leader"]
    list_filter = ["role", "jurisdiction"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit", "leader"]
