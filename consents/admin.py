from django.contrib import admin

from .models import ConsentWording


@admin.register(ConsentWording)
class ConsentWordingAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "updated_at", "updated_by"]
    list_filter = ["kind", "organization__municipality"]
    search_fields = ["organization__short_name", "organization__full_name"]
    list_select_related = ["organization", "updated_by"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["updated_at", "updated_by"]
