from django.contrib import admin

from .models import Order, OrderBatch, OrderBatchItem, OrderEvent, OrderSettings


@admin.register(OrderSettings)
class OrderSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "series", "place"]
    search_fields = ["organization__short_name"]
    raw_id_fields = ["organization"]

    def has_delete_permission(self, request, obj=None):
        return False  # the journal's series lives here


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ["action", "user", "comment", "at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Support staff read orders here; a signed one cannot be changed or deleted, a draft only by its curator."""

    list_display = ["__str__", "organization", "status", "signed_on", "pdf_status"]
    list_filter = ["status", "kind", "organization__municipality"]
    search_fields = ["title", "organization__short_name"]
    list_select_related = ["organization"]
    inlines = [OrderEventInline]
    exclude = ["snapshot"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Order._meta.fields if f.name != "snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A signed order is read here, never saved: its page opens view-only.
        return (obj is None or not obj.is_signed) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.number is None and super().has_delete_permission(request, obj)


class OrderBatchItemInline(admin.TabularInline):
    model = OrderBatchItem
    extra = 0
    fields = ["organization", "kind", "status", "attempts", "deadline", "error", "order"]
    readonly_fields = fields


@admin.register(OrderBatch)
class OrderBatchAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "organization", "created_at"]
    search_fields = ["title"]
    inlines = [OrderBatchItemInline]


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ["order", "action", "user", "at"]
    list_filter = ["action"]
    search_fields = ["order__title"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OrderBatchItem)
class OrderBatchItemAdmin(admin.ModelAdmin):
    list_display = ["batch", "organization", "kind", "status", "attempts"]
    list_filter = ["status"]
    search_fields = ["organization__short_name"]
