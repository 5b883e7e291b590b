from django.contrib import admin

from .models import FiguresDrift, GeneratedReport, OrganizationDayFigures


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


@admin.register(OrganizationDayFigures)
class OrganizationDayFiguresAdmin(admin.ModelAdmin):
    """Support staff read the figures kept per organization and day; the portal keeps them
    (`reports.kept`), and `manage.py check_kept_figures` repairs them."""

    list_display = ["organization", "day", "mentees", "mentors", "pairs", "activities_done", "counted_at"]
    list_filter = ["day"]
    search_fields = ["organization__short_name"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FiguresDrift)
class FiguresDriftAdmin(admin.ModelAdmin):
    """What the nightly check repaired."""

    list_display = ["organization", "day", "found_at"]
    search_fields = ["organization__short_name"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    readonly_fields = ["organization", "day", "found_at", "changes"]

    def has_add_permission(self, request):
        return False
