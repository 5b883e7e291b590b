from celery import shared_task


@shared_task
def expire_import_drafts():
    """Daily (beat, «Удаление устаревших черновиков импорта»): previews of roadmap and base imports
    older than settings.IMPORT_DRAFT_TTL_HOURS lose the personal data read from their files."""
    from mentoring.transfer import import_drafts_expire

    from .importing.drafts import drafts_expire

    return {"roadmap": drafts_expire(), "bases": import_drafts_expire()}
