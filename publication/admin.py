from django.contrib import admin

from .models import Practice, PracticeFile, PracticePerson, PracticeStatus


class PracticeFileInline(admin.TabularInline):
    model = PracticeFile
    extra = 0
    fields = ("kind", "file", "original_name", "caption", "uploaded_by", "uploaded_at")
    readonly_fields = ("file", "original_name", "uploaded_by", "uploaded_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PracticePersonInline(admin.TabularInline):
    model = PracticePerson
    extra = 0
    raw_id_fields = ("person",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """Support staff correct texts; the workflow and the consent check stay with the services, so the
    status and who approved are read-only here."""

    list_display = ("title", "organization", "form", "status", "approved_at")
    list_filter = ("status", "form", "organization__municipality")
    search_fields = ("title", "description", "organization__short_name", "pair__mentor__person__last_name")
    raw_id_fields = ("organization", "pair")
    readonly_fields = (
        "organization",
        "pair",
        "form",
        "status",
        "return_comment",
        "created_by",
        "proposed_by",
        "proposed_at",
        "approved_by",
        "approved_at",
        "returned_at",
        "withdrawn_at",
        "created_at",
        "updated_at",
    )
    inlines = [PracticePersonInline, PracticeFileInline]

    def get_readonly_fields(self, request, obj=None):
        # A published text was approved by the head: it changes only through withdrawal and a new approval.
        if obj is not None and obj.status == PracticeStatus.APPROVED:
            return [f.name for f in obj._meta.fields]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False


@admin.register(PracticeFile)
class PracticeFileAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "practice", "organization", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("caption", "original_name", "practice__title")
    raw_id_fields = ("practice", "organization", "uploaded_by")
    # What a file belongs to and what it shows was checked by the workflow; only the caption is edited.
    readonly_fields = ("practice", "organization", "kind", "file", "original_name", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request):
        return False


@admin.register(PracticePerson)
class PracticePersonAdmin(admin.ModelAdmin):
    list_display = ("person", "practice")
    search_fields = ("person__last_name", "person__first_name", "practice__title")
    raw_id_fields = ("practice", "person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
