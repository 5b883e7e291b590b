"""Previews of imports hold personal data read from a file (pupils' names, parents' phones, the
people a roadmap names). A curator who uploads and walks away leaves them behind: a daily task
removes what was read once IMPORT_DRAFT_TTL_HOURS have passed, and says so if the preview is opened."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from mentoring import transfer
from mentoring.models import BaseImport
from roadmap.importing.drafts import draft_create, draft_import
from roadmap.models import RoadmapImport
from roadmap.tasks import expire_import_drafts
from tests.mentoring.test_transfer import pupil_row, xlsx
from tests.roadmap import seed_files as seeds


def roadmap_draft(world):
    data = seeds.docx_bytes(seeds.SCHOOL_4_TITLE, seeds.school_4_rows())
    return draft_create(organization=world.school_a, user=world.curator, upload=SimpleUploadedFile("карта.docx", data))


def base_draft(world):
    upload = SimpleUploadedFile("база.xlsx", xlsx([pupil_row("Орлов")]))
    return transfer.import_draft_create(organization=world.school_a, user=world.curator, kind="mentees", upload=upload)


def test_previews_older_than_the_setting_lose_their_rows_and_newer_ones_stay(world, time_machine, settings):
    settings.IMPORT_DRAFT_TTL_HOURS = 72
    time_machine.move_to("2026-10-01 10:00:00+03:00", tick=False)
    old_roadmap, old_base = roadmap_draft(world), base_draft(world)
    imported = roadmap_draft(world)
    draft_import(draft=imported, user=world.curator, title="Импортированная")
    time_machine.move_to("2026-10-03 10:00:00+03:00", tick=False)
    new_roadmap, new_base = roadmap_draft(world), base_draft(world)

    time_machine.move_to("2026-10-04 10:00:01+03:00", tick=False)  # 72 hours and a second after the first
    assert expire_import_drafts.delay().get() == {"roadmap": 1, "bases": 1}

    old_roadmap.refresh_from_db()
    old_base.refresh_from_db()
    assert (old_roadmap.status, old_roadmap.tables, old_roadmap.data) == ("expired", [], {})
    assert (old_base.status, old_base.rows, old_base.report) == ("expired", [], {})
    new_roadmap.refresh_from_db()
    new_base.refresh_from_db()
    assert new_roadmap.status == "draft" and new_roadmap.tables
    assert new_base.status == "draft" and new_base.rows
    imported.refresh_from_db()
    assert (imported.status, imported.tables, imported.data) == ("imported", [], {})  # no copy kept after import
    # Run again the same day: nothing more to do.
    assert expire_import_drafts() == {"roadmap": 0, "bases": 0}


def test_an_expired_preview_says_so_and_cannot_be_imported(client, world, time_machine, settings):
    settings.IMPORT_DRAFT_TTL_HOURS = 24
    time_machine.move_to("2026-10-01 10:00:00+03:00", tick=False)
    roadmap, base = roadmap_draft(world), base_draft(world)
    time_machine.move_to(timezone.now() + timedelta(hours=25), tick=False)
    expire_import_drafts()
    client.force_login(world.curator)
    expected = "Предпросмотр хранился 24 ч. и устарел: прочитанное из файла удалено. Загрузите файл заново."
    assert expected in client.get(roadmap.get_absolute_url(), follow=True).content.decode()
    assert expected in client.get(base.get_absolute_url(), follow=True).content.decode()
    commit = reverse("roadmap:import_commit", args=[world.school_a.slug, roadmap.pk])
    assert client.post(commit).status_code == 404
    response = client.post(reverse("mentoring:import_commit", args=[world.school_a.slug, base.pk]), follow=True)
    assert "Этот файл уже импортирован или импорт отменён." in response.content.decode()
    assert RoadmapImport.objects.get(pk=roadmap.pk).program is None
    assert BaseImport.objects.get(pk=base.pk).imported_count == 0


@pytest.mark.django_db
def test_the_daily_task_is_installed_like_the_other_periodic_tasks():
    task = PeriodicTask.objects.get(task="roadmap.tasks.expire_import_drafts")
    assert task.enabled and task.crontab is not None
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "3", "*")
