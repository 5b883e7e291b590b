from django.contrib import admin

from .models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    """Support staff see what was made and why a document failed; the documents are made by the portal."""

    list_display = ["kind", "format", "organization", "municipality", "program", "status", "created_at"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["organization__short_name", "municipality__short_name", "program__title", "error"]
    list_select_related = ["organization", "municipality", "program"]
    raw_id_fields = ["organization", "municipality", "program", "created_by"]
    readonly_fields = ["status", "file", "error", "created_at", "finished_at", "attempts", "deadline"]

    def has_add_permission(self, request):
        return False
