"""Importing and exporting the bases: the template, the preview's row-by-row errors, all-or-nothing and
valid-only imports, a file that names another organization, CSV encodings, exports without the people
whose consent was revoked."""

import io
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mentoring import transfer
from mentoring.models import BaseImport, Competency, ConsentKind, Mentee, Mentor, Person
from mentoring.services import create_pair, revoke_consent
from tests.factories import MenteeFactory, PersonFactory, child, standard_form, teacher_mentor

MENTEE_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Категория",
    "Дата рождения",
    "Класс",
    "Родитель (законный представитель)",
    "Телефон родителя",
    "Запрос",
    "Метки запроса",
    "Согласие на обработку ПДн, дата",
]


def pupil_row(last_name, born="12.03.2014", **changes):
    row = {
        "Фамилия": last_name,
        "Имя": "Пётр",
        "Отчество": "Ильич",
        "Категория": "обучающийся",
        "Дата рождения": born,
        "Класс": "6Б",
        "Родитель (законный представитель)": "Орлова Анна Петровна",
        "Телефон родителя": "+7 900 111-22-33",
        "Запрос": "Подтянуть математику",
        "Метки запроса": "Математика",
        "Согласие на обработку ПДн, дата": "01.09.2026",
    }
    row.update(changes)
    return row


def xlsx(rows, headers=MENTEE_HEADERS, title=None):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])  # a title above the table, as schools' files have
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, world, content, name="база.xlsx", kind="mentees"):
    return client.post(
        reverse("mentoring:import_upload", args=[world.school_a.slug]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def test_the_template_has_the_columns_the_import_reads(curator, world):
    response = curator.get(
        reverse("mentoring:import_template", args=[world.school_a.slug]), {"kind": "mentors", "format": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headers == transfer.MentorResource.headers()
    assert headers[:4] == ["Фамилия", "Имя", "Отчество", "Категория"]
    assert "Письменное согласие на наставничество, дата" in headers
    assert response["Content-Disposition"] == (
        "attachment; filename=\"mentors-template.xlsx\"; filename*=UTF-8''" + quote("База наставников — шаблон.xlsx")
    )


def test_a_curator_imports_pupils_from_xlsx_through_the_preview(curator, world):
    rows = [pupil_row("Орлов"), pupil_row("Белова", born="01.02.2013", **{"Класс": "7А", "Метки запроса": ""})]

    response = upload(curator, world, xlsx(rows, title="База наставляемых МБОУ «СОШ №1»"))

    draft = BaseImport.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert not Person.objects.exists()  # the preview saves nobody
    page = curator.get(draft.get_absolute_url()).content.decode()
    assert "2 без ошибок" in page and "Орлов" in page

    response = curator.post(reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk]), {"mode": "all"})

    assert response["Location"] == reverse("mentoring:mentee_list", args=[world.school_a.slug])
    orlov = Mentee.objects.get(person__last_name="Орлов")
    assert (orlov.person.organization, orlov.person.grade, orlov.person.class_letter) == (world.school_a, 6, "Б")
    assert orlov.person.birth_date == date(2014, 3, 12)
    assert [tag.name for tag in orlov.needs.all()] == ["Математика"]
    consent = orlov.person.valid_consent(ConsentKind.PROCESSING)
    assert (consent.given_by, consent.giver_name, consent.given_on) == (
        "parent",
        "Орлова Анна Петровна",
        date(2026, 9, 1),
    )
    assert Mentee.objects.count() == 2
    draft.refresh_from_db()
    assert (draft.status, draft.imported_count, draft.rows) == ("imported", 2, [])


def test_the_preview_lists_each_rows_errors_by_column(curator, world):
    MenteeFactory(
        person=child(world.school_a, grade=6, last_name="Старый", first_name="Пётр", patronymic="Ильич"),
        category="student",
    )
    existing = Person.objects.get(last_name="Старый")
    rows = [
        pupil_row("Годный"),
        pupil_row("Датов", born="31.02.2014"),
        pupil_row("Категорин", **{"Категория": "школьник"}),
        pupil_row("Безродителев", **{"Телефон родителя": ""}),
        pupil_row("Безсогласиев", **{"Согласие на обработку ПДн, дата": ""}),
        pupil_row("Меткин", **{"Метки запроса": "Математика; Космонавтика"}),
        pupil_row("Годный"),
        pupil_row("Старый", born=existing.birth_date.strftime("%d.%m.%Y")),
    ]

    upload(curator, world, xlsx(rows))

    report = BaseImport.objects.get().report
    assert report["valid"] == 1
    errors = {row["line"]: row["errors"] for row in report["invalid"]}
    assert errors == {
        3: [["Дата рождения", ["«31.02.2014» — не дата: запишите её как 12.03.2014."]]],
        4: [["Категория", ["«школьник» — не одно из: обучающийся, молодой педагог, новый сотрудник, другое."]]],
        5: [["Телефон родителя", ["Для несовершеннолетнего нужен телефон или эл. почта родителя."]]],
        6: [
            [
                "Согласие на обработку ПДн, дата",
                ["Нет даты согласия на обработку персональных данных: без него никого не вносят в базу."],
            ]
        ],
        7: [["Метки запроса", ["1 название не найдено в словаре: «Космонавтика». Добавьте в словарь или исправьте."]]],
        8: [["", ["Повторяет строку 2 файла (те же ФИО и дата рождения)."]]],
        9: [["", [f"Старый Пётр Ильич, {existing.birth_date:%d.%m.%Y} г. р., уже есть в базе."]]],
    }


def test_the_preview_reads_each_message_after_its_column_in_lower_case_and_counts_unknown_names(curator, world):
    rows = [
        pupil_row("Безродителев", **{"Телефон родителя": ""}),
        pupil_row("Меткин", **{"Метки запроса": "Космонавтика; Робототехника"}),
    ]
    upload(curator, world, xlsx(rows))

    page = curator.get(BaseImport.objects.get().get_absolute_url()).content.decode()

    assert "<strong>Телефон родителя:</strong> для несовершеннолетнего нужен" in page
    assert "2 названия не найдены в словаре: «Космонавтика», «Робототехника»." in page


def test_a_row_for_someone_already_in_the_base_says_the_import_adds_them_a_second_time(curator, world):
    # In the base: Абрамов Кирилл, 6th grade, born 1 June 2014; the file has him born 12 March, no patronymic.
    MenteeFactory(
        person=child(world.school_a, grade=6, last_name="Абрамов", first_name="Кирилл", patronymic=""),
        category="student",
    )
    existing = Person.objects.get(last_name="Абрамов")
    rows = [
        pupil_row("Абрамов", **{"Имя": "Кирилл", "Отчество": "Олегович"}),
        pupil_row("Абрамов", born="05.05.2012", **{"Имя": "Кирилл", "Класс": "8А"}),  # another boy
        pupil_row("Новиков"),
    ]

    upload(curator, world, xlsx(rows))
    draft = BaseImport.objects.get()
    page = curator.get(draft.get_absolute_url()).content.decode()

    assert draft.report["valid"] == 3  # nothing stops the import…
    assert [r["line"] for r in draft.report["repeats"]] == [2]  # …but the preview says what it does
    assert "1 человек будет добавлен второй раз" in page
    assert (
        f"Уже есть в базе: Абрамов Кирилл (6{existing.class_letter}, {existing.birth_date:%d.%m.%Y} г. р.). "
        "Импорт не обновляет записи: этот человек будет добавлен второй раз."
    ) in page
    curator.post(reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk]), {"mode": "all"})
    assert Person.objects.filter(last_name="Абрамов").count() == 3  # as the preview said: added, not updated


def test_a_file_with_errors_is_imported_whole_or_only_its_valid_rows(curator, world):
    upload(curator, world, xlsx([pupil_row("Годный"), pupil_row("Плохой", born="вчера")]))
    draft = BaseImport.objects.get()
    commit = reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk])

    response = curator.post(commit, {"mode": "all"}, follow=True)

    assert (
        "Строк с ошибками: 1. Исправьте файл или импортируйте только строки без ошибок. Ничего не импортировано."
        in response.content.decode()
    )
    assert not Person.objects.exists()

    curator.post(commit, {"mode": "valid"})

    assert list(Person.objects.values_list("last_name", flat=True)) == ["Годный"]
    assert curator.post(commit, {"mode": "valid"}).status_code == 302
    assert Person.objects.count() == 1  # a second import of the same file adds nobody


def test_a_file_can_never_write_into_another_organization(curator, world):
    victim = MenteeFactory(person=PersonFactory(organization=world.school_b, last_name="Чужой"))
    headers = [*MENTEE_HEADERS, "id", "organization", "person__organization", "Организация"]
    row = pupil_row(
        "Подложный",
        id=victim.pk,
        organization=world.school_b.pk,
        person__organization=world.school_b.pk,
        **{"Организация": world.school_b.short_name},
    )

    upload(curator, world, xlsx([row], headers=headers))
    draft = BaseImport.objects.get()
    assert draft.report["ignored"] == ["id", "organization", "person__organization", "Организация"]
    curator.post(reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk]), {"mode": "all"})

    added = Person.objects.get(last_name="Подложный")
    assert added.organization == world.school_a
    victim.refresh_from_db()
    assert victim.person.last_name == "Чужой" and victim.person.organization == world.school_b
    assert Person.objects.filter(organization=world.school_b).count() == 1


def test_another_schools_draft_cannot_be_imported_through_my_school(curator, world):
    draft = BaseImport.objects.create(
        organization=world.school_b, kind="mentees", file_name="b.xlsx", headers=MENTEE_HEADERS, rows=[]
    )
    response = curator.post(reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk]))
    assert response.status_code == 404


def test_a_cp1251_csv_with_semicolons_and_one_full_name_column(curator, world):
    text = (
        "ФИО;Категория;Должность;Предмет;Согласие на обработку ПДн, дата;Дата рождения\n"
        "Сидорова Мария Ивановна;молодой педагог;учитель;история;02.09.2026;14.04.1999\n"
    )

    upload(curator, world, text.encode("cp1251"), name="молодые.csv")
    draft = BaseImport.objects.get()
    curator.post(reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk]), {"mode": "all"})

    person = Person.objects.get()
    assert (person.last_name, person.first_name, person.patronymic, person.subject) == (
        "Сидорова",
        "Мария",
        "Ивановна",
        "история",
    )
    assert person.mentee_record.category == "young_teacher"
    assert person.valid_consent(ConsentKind.PROCESSING).given_by == "person"


def test_a_teachers_mentor_record_with_consents_competencies_and_forms(curator, world):
    headers = transfer.MentorResource.headers()
    row = {
        "Фамилия": "Кузнецова",
        "Имя": "Ольга",
        "Категория": "педагог",
        "Дата рождения": "1980-05-05",
        "Ключевые компетенции": "Математика, Подготовка к олимпиадам",
        "Предпочитаемые формы": standard_form("traditional").name,
        "Свободные дни": "пн, чт",
        "Статус": "отобран",
        "Согласие на обработку ПДн, дата": "01.09.2026",
        "Письменное согласие на наставничество, дата": "02.09.2026",
    }

    upload(curator, world, xlsx([row], headers=headers), kind="mentors")
    draft = BaseImport.objects.get()
    assert draft.report["invalid"] == []
    curator.post(reverse("mentoring:import_commit", args=[world.school_a.slug, draft.pk]), {"mode": "all"})

    mentor = Mentor.objects.get()
    assert (mentor.category, mentor.status, mentor.availability) == ("teacher", "selected", ["mon", "thu"])
    assert mentor.capacity == world.school_a.default_mentor_capacity
    assert sorted(c.name for c in mentor.competencies.all()) == ["Математика", "Подготовка к олимпиадам"]
    assert [f.code for f in mentor.preferred_forms.all()] == ["traditional"]
    assert mentor.person.valid_consent(ConsentKind.MENTORING).given_on == date(2026, 9, 2)


def test_the_export_leaves_out_people_whose_consent_was_revoked(curator, world):
    form = standard_form("traditional")
    world.program.forms.add(form)
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Оставшаяся"))
    mentee.needs.set([Competency.objects.get(name="Математика")])
    mentor = teacher_mentor(world.school_a)
    create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))
    gone = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Отозвавшая"))
    revoke_consent(gone.person.valid_consent(ConsentKind.PROCESSING), on=date(2026, 10, 2))
    MenteeFactory(person=PersonFactory(organization=world.school_b, last_name="Чужая"))

    response = curator.get(reverse("mentoring:mentee_export", args=[world.school_a.slug]), {"format": "csv"})

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffФамилия;Имя;Отчество;Категория")
    lines = text.splitlines()
    assert len(lines) == 2
    assert "Оставшаяся" in lines[1] and mentor.person.full_name in lines[1] and "Математика" in lines[1]
    assert "Отозвавшая" not in text and "Чужая" not in text


def test_the_mentor_export_is_an_xlsx_with_loads(curator, world):
    mentor = teacher_mentor(world.school_a)
    response = curator.get(reverse("mentoring:mentor_export", args=[world.school_a.slug]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Текущих наставляемых", "Обучение")
    assert rows[1][0] == mentor.person.last_name


def test_committing_saves_in_batches_whatever_the_number_of_rows(world):
    def commit_queries(n):
        rows = [[i + 2, list(pupil_row(f"Ученик{n}x{i}").values())] for i in range(n)]
        draft = BaseImport.objects.create(
            organization=world.school_a, kind="mentees", file_name="f.xlsx", headers=MENTEE_HEADERS, rows=rows
        )
        with CaptureQueriesContext(connection) as queries:
            transfer.import_draft_commit(draft, only_valid=False)
        return len(queries)

    assert commit_queries(10) == commit_queries(40)
    assert Mentee.objects.count() == 50


def test_a_file_without_a_header_is_refused_with_the_reason(curator, world):
    response = upload(curator, world, b"a,b,c\n1,2,3\n", name="x.csv")
    assert "Не найдена строка заголовков" in response.content.decode()
    assert not BaseImport.objects.exists()

    response = upload(curator, world, b"not a workbook", name="x.xlsx")
    assert "XLSX" in response.content.decode()


def test_a_corrected_copy_of_a_row_with_errors_is_not_a_repeat(curator, world):
    rows = [pupil_row("Орлов", **{"Телефон родителя": ""}), pupil_row("Орлов")]

    upload(curator, world, xlsx(rows))

    report = BaseImport.objects.get().report
    assert report["valid"] == 1
    assert [row["line"] for row in report["invalid"]] == [2]


def test_the_export_runs_a_fixed_number_of_queries(curator, world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert curator.get(reverse("mentoring:mentee_export", args=[world.school_a.slug])).status_code == 200
        return len(captured)

    MenteeFactory(person=PersonFactory(organization=world.school_a))
    few = queries()
    for _ in range(8):
        MenteeFactory(person=PersonFactory(organization=world.school_a)).needs.set(Competency.objects.all()[:2])
    assert queries() == few
