from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for everyone, support staff included: the log is only ever added to, by the portal."""

    list_display = ["created_at", "organization", "user_label", "action", "object_label", "ip_address"]
    list_filter = ["action", "organization"]
    search_fields = ["user_label", "object_label"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
