from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    BaseImport,
    Competency,
    Consent,
    FormSubmission,
    MatchRow,
    MatchRun,
    Meeting,
    Membership,
    Mentee,
    Mentor,
    MentorChange,
    MentoringForm,
    MentorTraining,
    Municipality,
    Organization,
    Pair,
    PairMember,
    Person,
    PlanItem,
    Region,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization", "municipality", "region"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "code", "slug"]
    search_fields = ["name", "short_name", "code"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "region", "slug"]
    list_filter = ["region"]
    search_fields = ["name", "short_name", "region__name"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "municipality", "director_name", "student_count", "teacher_count"]
    list_filter = ["kind", "municipality"]
    search_fields = ["short_name", "full_name", "address", "director_name", "slug"]
    list_select_related = ["municipality"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "last_name", "first_name", "patronymic"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["last_name", "first_name", "patronymic", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "last_name", "first_name", "patronymic", "password1", "password2"],
            },
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "municipality", "position"]
    list_filter = ["role", "organization__municipality", "organization__kind"]
    search_fields = ["user__email", "user__last_name", "organization__short_name", "position"]
    autocomplete_fields = ["user", "organization", "municipality"]
    list_select_related = ["user", "organization", "municipality"]


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ["name", "audience", "organization", "code"]
    list_filter = ["audience"]
    search_fields = ["name", "code"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    search_fields = ["name"]
    list_select_related = ["organization"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["kind", "given_by", "giver_name", "given_on", "revoked_on", "scan", "revocation_scan"]
    readonly_fields = ["scan", "revocation_scan"]  # uploaded through the portal's forms, under the upload policy


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organization", "grade", "position", "archived_on"]
    list_filter = ["organization__municipality", "organization"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "user"]
    inlines = [ConsentInline]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "given_by", "given_on", "revoked_on"]
    list_filter = ["kind", "given_by"]
    search_fields = ["person__last_name", "person__first_name", "giver_name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    readonly_fields = ["revocation_scan"]  # uploaded through the revocation page, under the upload policy


@admin.register(Mentee)
class MenteeAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "status", "entered_on"]
    list_filter = ["category", "status", "person__organization"]
    search_fields = ["person__last_name", "person__first_name", "request"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


class TrainingInline(admin.TabularInline):
    model = MentorTraining
    extra = 0
    readonly_fields = ["certificate"]  # uploaded through the portal's forms, under the upload policy


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "status", "capacity", "included_on"]
    list_filter = ["category", "status", "person__organization"]
    search_fields = ["person__last_name", "person__first_name", "workplace"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    inlines = [TrainingInline]


@admin.register(MentorTraining)
class MentorTrainingAdmin(admin.ModelAdmin):
    list_display = ["mentor", "course", "started_on", "finished_on"]
    search_fields = ["mentor__person__last_name", "course"]
    list_select_related = ["mentor__person"]
    readonly_fields = ["certificate"]


class PairMemberInline(admin.TabularInline):
    model = PairMember
    extra = 0
    autocomplete_fields = ["mentee"]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["pk", "mentor", "form", "program", "status", "started_on"]
    list_filter = ["status", "form"]
    search_fields = ["mentor__person__last_name", "program__title"]
    list_select_related = ["mentor__person", "form", "program"]
    autocomplete_fields = ["mentor"]
    inlines = [PairMemberInline]


@admin.register(PairMember)
class PairMemberAdmin(admin.ModelAdmin):
    list_display = ["pair", "mentee", "joined_on", "left_on"]
    search_fields = ["mentee__person__last_name"]
    list_select_related = ["mentee__person", "pair__mentor__person"]
    autocomplete_fields = ["mentee", "pair"]


@admin.register(MentorChange)
class MentorChangeAdmin(admin.ModelAdmin):
    list_display = ["pair", "previous_mentor", "new_mentor", "changed_on"]
    search_fields = ["reason"]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["task", "pair", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["task", "result"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "topic", "format", "pair"]
    list_filter = ["format"]
    search_fields = ["topic", "notes"]


class MatchRowInline(admin.TabularInline):
    model = MatchRow
    extra = 0
    fields = ["mentee", "mentor", "form", "points", "locked", "pair"]
    readonly_fields = fields


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "program", "status", "total", "created_at"]
    list_filter = ["status"]
    search_fields = ["program__title"]
    inlines = [MatchRowInline]


@admin.register(MatchRow)
class MatchRowAdmin(admin.ModelAdmin):
    list_display = ["run", "mentee", "mentor", "points", "locked"]
    search_fields = ["mentee__person__last_name"]
    list_select_related = ["mentee__person", "mentor__person", "run"]


@admin.register(BaseImport)
class BaseImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "kind", "status", "imported_count", "created_by", "created_at"]
    list_filter = ["kind", "status", "organization__municipality"]
    search_fields = ["file_name", "organization__short_name"]
    list_select_related = ["organization", "created_by"]
    raw_id_fields = ["organization", "created_by"]
    exclude = ["headers", "rows", "report"]  # people's data from the file; the preview page shows them


@admin.register(FormSubmission)
class FormSubmissionAdmin(admin.ModelAdmin):
    """Forms sent once (see `mentoring.submit`): read only, for support."""

    list_display = ["created_at", "user", "url"]
    search_fields = ["user__email", "url"]
    list_select_related = ["user"]
    readonly_fields = ["user", "key", "url", "created_at"]

    def has_add_permission(self, request):
        return False
