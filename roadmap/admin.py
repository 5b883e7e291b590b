from django.contrib import admin
from django.db import models

from .models import Activity, Comment, Evidence, Program, RoadmapImport, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "number", "title", "stage"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "period_start", "period_end", "status", "curator"]
    list_filter = ["status", "organization__municipality", "organization__kind"]
    search_fields = ["title", "organization__short_name"]
    date_hierarchy = "period_start"
    list_select_related = ["organization", "curator"]
    autocomplete_fields = ["organization", "curator", "copied_from"]
    filter_horizontal = ["forms"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "stage", "position"]
    list_filter = ["stage"]
    search_fields = ["title", "program__title", "program__organization__short_name"]
    list_select_related = ["program"]


# Links typed without a scheme are web addresses of schools' sites: https.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class EvidenceInline(admin.TabularInline):
    model = Evidence
    formfield_overrides = HTTPS_LINKS
    extra = 0
    fields = ["title", "original_name", "url", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "uploaded_by", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "program", "organization", "due_date", "status"]
    list_filter = ["status", "section__stage", "result_kind", "organization__municipality"]
    search_fields = ["title", "number", "term_text", "responsible_text", "program__title", "organization__short_name"]
    date_hierarchy = "due_date"
    list_select_related = ["program", "organization"]
    raw_id_fields = ["program", "section", "completed_by"]
    filter_horizontal = ["responsible_users"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["__str__", "activity", "organization", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "original_name", "url", "activity__title"]
    list_filter = ["organization__municipality"]
    raw_id_fields = ["activity", "uploaded_by"]
    list_select_related = ["activity", "organization", "uploaded_by"]
    readonly_fields = ["file", "original_name"]  # uploaded through the portal, under the upload policy


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "activity", "author", "created_at"]
    search_fields = ["text", "activity__title"]
    raw_id_fields = ["activity", "author"]
    list_select_related = ["activity", "author"]


@admin.register(RoadmapImport)
class RoadmapImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "program", "status", "created_by", "created_at"]
    list_filter = ["status", "organization__municipality"]
    search_fields = ["file_name", "title", "organization__short_name"]
    raw_id_fields = ["organization", "program", "created_by"]
    list_select_related = ["organization", "program", "created_by"]
    exclude = ["tables", "data"]  # the file's contents; the preview page shows them
