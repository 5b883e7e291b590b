"""Files that are no roadmap, imported into a new program: a web page renamed .csv, a base's CSV,
a bomb. Each is explained in Russian on the upload page; nothing is saved and nothing breaks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.transfer import import_template
from reports import hostile
from roadmap.models import Program, RoadmapImport


def upload(client, world, name, data):
    return client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def base_csv():
    content, *_rest = import_template("mentees", "csv")
    return content + "Иванов;Иван;Иванович;01.02.2012\n".encode()


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("plan.csv", hostile.html_page(), "Это веб-страница (HTML), что бы ни говорило имя файла."),
        ("mentees.csv", base_csv(), "Таблица дорожной карты не найдена"),
        ("notes.csv", "Просто заметки без таблицы\nи ещё строка\n".encode(), "Таблица дорожной карты не найдена"),
    ],
)
def test_a_file_without_a_roadmap_table_is_explained_for_a_new_program(client, world, name, data, says):
    client.force_login(world.curator)
    programs = Program.objects.count()
    response = upload(client, world, name, data)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not RoadmapImport.objects.exists() and Program.objects.count() == programs


def test_into_an_existing_program_too(client, world):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": SimpleUploadedFile("mentees.csv", base_csv()), "program": world.program.pk},
    )
    assert "Таблица дорожной карты не найдена" in response.content.decode()
    assert not RoadmapImport.objects.exists()


def test_the_reading_budget_refuses_a_file_that_takes_too_long(client, world, settings):
    settings.IMPORT_TIME_BUDGET_SECONDS = 0  # every check of the budget finds it spent
    client.force_login(world.curator)
    rows = "\n".join(f"1.{n};Мероприятие {n};Сентябрь 2026;Куратор" for n in range(2000))
    data = ("Мероприятие;Срок;Ответственные\n" + rows).encode()
    response = upload(client, world, "plan.csv", data)
    assert "Чтение файла заняло больше 0 секунд: разделите его на файлы поменьше." in response.content.decode()
    assert not RoadmapImport.objects.exists()


def test_the_memory_budget_refuses_a_file_that_needs_too_much(client, world, settings):
    settings.IMPORT_MEMORY_BUDGET_MB = -1  # any growth at all is over it
    client.force_login(world.curator)
    rows = "\n".join(f"1.{n};Мероприятие {n};Сентябрь 2026;Куратор" for n in range(2000))
    response = upload(client, world, "plan.csv", ("Мероприятие;Срок;Ответственные\n" + rows).encode())
    assert "Для чтения файла нужно больше -1 МБ памяти" in response.content.decode()
    assert not RoadmapImport.objects.exists()
