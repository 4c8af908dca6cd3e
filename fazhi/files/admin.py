from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.files.models import EvidenceFile


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "size", "content_type", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
