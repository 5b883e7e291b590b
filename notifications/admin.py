from django.contrib import admin

from .models import CalendarFeed, Email, Notification, ReminderChunk, ReminderRun, ReminderSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "due_date", "created_at", "read_at", "withdrawn_at", "email"]
    list_filter = ["kind", "read_at", "withdrawn_at", "created_at"]
    search_fields = ["title", "user__email", "user__last_name", "key"]
    raw_id_fields = ["user", "organization", "email"]
    list_select_related = ["user", "email"]
    date_hierarchy = "created_at"


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: editing or deleting a sent record would mail its reminders again."""

    list_display = ["user", "day", "key", "created_at", "sent_at", "error"]
    readonly_fields = ["user", "key", "day", "created_at", "sent_at", "error"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    list_filter = ["sent_at"]
    search_fields = ["user__email", "key"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "urgent_immediately", "muted_kinds"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]
    exclude = ["token"]  # the key to someone's calendar is not shown to support staff


class ReminderChunkInline(admin.TabularInline):
    model = ReminderChunk
    fields = ["first_organization_id", "last_organization_id", "attempts", "taken_by", "collected_at", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    """Read-only: which chunks of a daily run were collected, by which worker, and when it was mailed."""

    list_display = ["day", "created_at", "claimed_at"]
    readonly_fields = ["day", "created_at", "claimed_at"]
    inlines = [ReminderChunkInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderChunk)
class ReminderChunkAdmin(admin.ModelAdmin):
    """Read-only: a chunk still owed is sent again by the sweep; editing one would collect it twice or never."""

    list_display = ["run", "first_organization_id", "last_organization_id", "attempts", "taken_by", "collected_at"]
    readonly_fields = [*list_display, "deadline", "error"]
    list_filter = ["collected_at"]
    list_select_related = ["run"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
