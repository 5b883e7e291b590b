"""A roadmap's recurring terms («Ежегодно», «Ежемесячно») become one activity per occurrence, each
with its own dates, so lateness and reminders follow each; open terms («Постоянно») stay one activity
over the period. The preview says so, and the curator can leave out occurrences not needed."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.models import Activity, RoadmapImport

CSV = "\n".join(
    [
        "Дорожная карта реализации целевой модели наставничества на 2024-2026 учебные годы",
        "№;Мероприятие;Срок;Ответственный",
        "1;Работа наставнических пар;;",
        "1.1;Мониторинг программы;Ежегодно;Куратор",
        "1.2;Консультации наставников;Постоянно;Куратор",
        "1.3;Заседание методического объединения;в конце каждой четверти;Куратор",
    ]
).encode("utf-8")


@pytest.mark.django_db
def test_recurring_terms_are_imported_one_activity_per_occurrence(client, world):
    client.force_login(world.curator)
    client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": SimpleUploadedFile("карта.csv", CSV, content_type="text/csv")},
    )
    draft = RoadmapImport.objects.get()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert (
        "Срок «Ежегодно» мероприятия 1.1 повторяется: оно разделено на мероприятия по одному на учебный год "
        "(2: 1.1.1 – 1.1.2)."
    ) in page
    assert "Срок «Постоянно» мероприятия 1.2 повторяющийся или открытый: мероприятие запланировано один раз" in page
    assert "(8: 1.3.1 – 1.3.8)" in page  # four school quarters in each of the two years

    # The curator leaves out the last quarter's meeting of the first year (1.3.4, the section's 7th row
    # after 1.1.1, 1.1.2, 1.2, 1.3.1 – 1.3.3), then imports.
    client.post(reverse("roadmap:import_row_toggle", args=[world.school_a.slug, draft.pk, 0, 6]))
    client.post(reverse("roadmap:import_commit", args=[world.school_a.slug, draft.pk]), {"title": "Карта"})

    activities = {a.number: a for a in Activity.objects.filter(program__title="Карта")}
    assert (activities["1.1.1"].start_date, activities["1.1.1"].due_date) == (date(2024, 9, 1), date(2025, 8, 31))
    assert (activities["1.1.2"].start_date, activities["1.1.2"].due_date) == (date(2025, 9, 1), date(2026, 5, 31))
    assert activities["1.1.2"].term_text == "Ежегодно: 2025/2026 уч. г."
    assert (activities["1.2"].start_date, activities["1.2"].due_date) == (date(2024, 9, 1), date(2026, 5, 31))
    assert activities["1.3.1"].term_text == "в конце каждой четверти: I четверть 2024/2025 уч. г."
    assert (activities["1.3.3"].start_date, activities["1.3.3"].due_date) == (date(2025, 1, 1), date(2025, 3, 31))
    assert "1.3.4" not in activities  # left out in the preview
    assert sorted(activities) == ["1.1.1", "1.1.2", "1.2", "1.3.1", "1.3.2", "1.3.3", "1.3.5", "1.3.6", "1.3.7",
                                  "1.3.8"]  # fmt: skip
