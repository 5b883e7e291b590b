from django.contrib import admin

from .models import Answer, Campaign, Invitation, Question, Questionnaire, Response, Section


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["section", "position", "kind", "text", "required", "indicator"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "code", "version", "stage"]
    list_filter = ["stage", "audience"]
    search_fields = ["title", "code"]
    inlines = [QuestionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "questionnaire", "position"]
    search_fields = ["title"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Invitations and answers are not shown here: a token's hash or an anonymous answer is nobody's business."""

    list_display = ["title", "organization", "questionnaire", "opens_on", "closes_on", "anonymous"]
    list_filter = ["anonymous", "phase"]
    search_fields = ["title", "organization__short_name"]
    raw_id_fields = ["organization", "program", "questionnaire", "activity", "created_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "person", "reminded_at"]
    search_fields = ["campaign__title"]
    raw_id_fields = ["campaign", "person"]
    exclude = ["token_hash"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["campaign", "submitted_at"]
    search_fields = ["campaign__title"]
    exclude = ["sheet_key", "invitation"]
    readonly_fields = ["campaign", "questionnaire", "submitted_at"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "number"]
    search_fields = ["question__text"]
    readonly_fields = ["response", "question", "number", "text", "choices"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "questionnaire", "kind", "required"]
    list_filter = ["kind"]
    search_fields = ["text"]
