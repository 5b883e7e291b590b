"""The consent documents a school prints: each kind its own file per person, opened with the programs
people use (poppler, LibreOffice), the class's forms at once, and the organization's own wording."""

import io
import zipfile

import pytest
from django.urls import reverse

from consents.models import ConsentWording
from consents.wording import PROCESSING, default
from tests import clients
from tests.factories import PersonFactory, child


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def document_url(world, person, kind, document, fmt):
    return reverse(
        "consents:person_document",
        kwargs={"org_slug": world.school_a.slug, "pk": person.pk, "kind": kind, "document": document, "fmt": fmt},
    )


def text_of(pdf):
    return clients.words(clients.run("pdftotext", "-", "-", data=pdf).stdout.decode())


@pytest.fixture
def pupil(world):
    return child(world.school_a, grade=7, class_letter="Б", last_name="Волкова", first_name="Алиса", patronymic="")


TITLES = {
    ("processing", "consent"): "Согласие родителя (законного представителя) на обработку персональных данных",
    ("publication", "consent"): "разрешённых для распространения",
    ("processing", "revocation"): "Отзыв согласия на обработку персональных данных",
    ("publication", "revocation"): "Требование о прекращении распространения персональных данных",
}


@pytest.mark.parametrize(("kind", "document"), sorted(TITLES))
def test_each_kind_is_its_own_pdf_with_the_parent_and_the_child_named(curator, world, pupil, kind, document):
    response = curator.get(document_url(world, pupil, kind, document, "pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "Volkova" in response["Content-Disposition"] or "%D0%92" in response["Content-Disposition"]
    pdf = response.content
    assert clients.pages(pdf) >= 1
    assert clients.pdfinfo(pdf)["Tagged"] == "yes"
    assert clients.qpdf_check(pdf)[0]
    text = text_of(pdf)
    assert TITLES[(kind, document)] in text
    assert "Смирнов Павел Иванович" in text  # the parent signs
    assert "Волкова Алиса" in text and "класс: 7Б" in text  # for the child
    assert world.school_a.full_name in text  # the operator
    other = "распространени" if kind == "processing" and document == "consent" else None
    if other:  # a consent to processing says nothing of publication: that is another document
        assert other not in text.replace("Федерального закона", "")


def test_the_distribution_consent_lists_the_data_to_allow_and_the_fields_of_the_order_18(curator, world):
    adult = PersonFactory(organization=world.school_a, last_name="Орлова", phone="+7 900 111-22-33")

    text = text_of(curator.get(document_url(world, adult, "publication", "consent", "pdf")).content)

    assert "Я, Орлова Мария Павловна, контактная информация" in text and "+7 900 111-22-33" in text
    assert "фотографии и видеозаписи с мероприятий программы наставничества" in text
    assert "Разрешаю к распространению (да / нет)" in text and "Условия и запреты" in text
    assert "только по его внутренней сети" in text  # the conditions of transfer (order № 18, item 7)
    assert f"/p/{world.school_a.slug}/" in text  # the information resources
    assert "Срок действия согласия" in text and "Порядок отзыва согласия" in text


def test_a_minors_consent_to_processing_lists_the_childs_document_and_address_and_cites_the_2025_rules(
    curator, world, pupil
):
    text = text_of(curator.get(document_url(world, pupil, "processing", "consent", "pdf")).content)

    # ст. 9 ч. 4 п. 1: the subject's address and identity document, for a child too, though the parent signs.
    assert "удостоверяющий личность несовершеннолетнего (свидетельство о рождении, с 14 лет — паспорт)" in text
    assert "адрес места жительства несовершеннолетнего: ____" in text
    # ст. 9 ч. 1 as amended by 156-ФЗ: the qualities of a consent and the separate document.
    assert "даю конкретное, предметное, информированное, сознательное и однозначное согласие оператору" in text
    assert "оформлено отдельно от иных информации и документов (ч. 1 ст. 9 Федерального закона" in text
    assert "ч. 4 ст. 9" not in text
    # The operator's ИНН and ОГРН to fill in, and the district office named where the data goes.
    assert f"{world.school_a.full_name}, ИНН ____________, ОГРН _______________" in text
    municipality = world.school_a.municipality.name
    assert f"предоставление муниципальному органу управления образованием ({municipality})" in text
    # No processing on the operator's instruction by default: no such part.
    assert "по поручению Оператора" not in text


def test_an_adults_consent_has_no_lines_for_a_child(curator, world):
    adult = PersonFactory(organization=world.school_a, last_name="Орлова")

    text = text_of(curator.get(document_url(world, adult, "processing", "consent", "pdf")).content)

    assert "Я, Орлова Мария Павловна, документ, удостоверяющий личность" in text
    assert "несовершеннолетнего" not in text


def test_a_processor_on_the_operators_instruction_is_printed_when_the_school_names_one(curator, world, pupil):
    url = reverse("consents:wording_edit", args=[world.school_a.slug, "processing"])
    page = curator.get(url).content.decode()
    assert "обработка по поручению оператора" in page.lower()  # the field, empty by default
    assert "впишите ИНН и ОГРН организации вместо этих линий" in page  # the ИНН and ОГРН are to be added

    curator.post(url, {"processor": "МКУ «Центр бухгалтерского учёта», адрес: с. Акбулак, ул. Мира, д. 1"})

    text = text_of(curator.get(document_url(world, pupil, "processing", "consent", "pdf")).content)
    assert (
        "3. Лицо, осуществляющее обработку персональных данных по поручению Оператора: МКУ «Центр "
        "бухгалтерского учёта», адрес: с. Акбулак, ул. Мира, д. 1. 4. Перечень действий"
    ) in text
    publication = curator.get(reverse("consents:wording_edit", args=[world.school_a.slug, "publication"]))
    assert 'name="processor"' not in publication.content.decode()  # not a part of a consent to distribution


def test_the_distribution_consent_and_its_revocation_end_at_once_as_ch_13_of_article_10_1_says(curator, world):
    adult = PersonFactory(organization=world.school_a, last_name="Орлова")

    consent = text_of(curator.get(document_url(world, adult, "publication", "consent", "pdf")).content)
    revocation = text_of(curator.get(document_url(world, adult, "publication", "revocation", "pdf")).content)

    assert f"{world.school_a.full_name}, ИНН ____________, ОГРН _______________" in consent  # order № 18
    assert "действие согласия прекращается с момента поступления требования Оператору (ч. 13 ст. 10.1)" in consent
    assert "трёх рабочих дней" not in consent  # ч. 14 is about any person who breaks the article, not ours
    assert "прекращается с момента поступления настоящего требования Оператору (ч. 13 ст. 10.1" in revocation
    assert "ч. 14" not in consent + revocation


def test_the_docx_prints_the_same_new_lines_and_citations(curator, world, pupil):
    import docx

    def text_of_docx(kind):
        content = curator.get(document_url(world, pupil, kind, "consent", "docx")).content
        return clients.words(" ".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs))

    processing, publication = text_of_docx("processing"), text_of_docx("publication")

    assert "документ, удостоверяющий личность несовершеннолетнего (свидетельство о рождении, с 14 лет — паспорт)" in (
        processing
    )
    assert "даю конкретное, предметное, информированное, сознательное и однозначное согласие" in processing
    assert "(ч. 1 ст. 9 Федерального закона" in processing
    assert f"({world.school_a.municipality.name})" in processing
    for text in (processing, publication):
        assert "ИНН ____________, ОГРН _______________" in text
    assert "(ч. 13 ст. 10.1)" in publication and "ч. 14" not in publication


@pytest.mark.parametrize(("kind", "document"), sorted(TITLES))
def test_the_docx_opens_in_libreoffice_as_the_same_document(curator, world, pupil, kind, document):
    response = curator.get(document_url(world, pupil, kind, document, "docx"))
    assert response["Content-Type"].endswith("wordprocessingml.document")

    import docx

    word = docx.Document(io.BytesIO(response.content))
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert word.core_properties.language == "ru-RU"
    assert word.core_properties.author == world.school_a.short_name
    pdf = clients.libreoffice_convert(response.content, ".docx", "pdf")
    assert clients.pages(pdf) >= 1
    text = text_of(pdf)
    assert TITLES[(kind, document)] in text
    assert "Смирнов Павел Иванович" in text and "Волкова Алиса" in text


def test_the_class_prints_in_one_pdf_a_consent_per_person_each_from_a_new_page(curator, world, pupil):
    others = [child(world.school_a, grade=7, class_letter="Б", last_name=name) for name in ("Ефимов", "Ильин")]
    child(world.school_a, grade=8, class_letter="Б", last_name="Захаров")  # another class
    gone = child(world.school_a, grade=7, class_letter="Б", last_name="Выбывший")
    gone.archived_on = gone.archive_reason = None
    gone.archived_on, gone.archive_reason = pupil.created_at.date(), "Выбыл"
    gone.save()
    single = clients.pages(curator.get(document_url(world, pupil, "processing", "consent", "pdf")).content)

    response = curator.get(
        reverse("consents:class_batch", args=[world.school_a.slug]),
        {"class_name": "7Б", "kind": "processing", "document": "consent", "format": "pdf"},
    )

    pdf = response.content
    assert clients.pages(pdf) == 3 * single
    starts = [clients.words(clients.page_text(pdf, 1 + n * single)) for n in range(3)]
    for page, person in zip(starts, sorted([pupil, *others], key=lambda p: p.last_name), strict=True):
        assert page.count("Согласие родителя (законного представителя)") == 1
        assert person.last_name in page
    assert "Захаров" not in text_of(pdf) and "Выбывший" not in text_of(pdf)


def test_the_class_prints_as_separate_files_one_per_person(curator, world, pupil):
    child(world.school_a, grade=7, class_letter="Б", last_name="Ефимов", first_name="Лев")

    response = curator.get(
        reverse("consents:class_batch", args=[world.school_a.slug]),
        {"class_name": "7Б", "kind": "publication", "document": "consent", "format": "zip"},
    )

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == ["Волкова_Алиса_soglasie-rasprostranenie.pdf", "Ефимов_Лев_soglasie-rasprostranenie.pdf"]
    for name in names:
        assert "разрешённых для распространения" in text_of(archive.read(name))


def test_an_unknown_class_is_told_not_printed(curator, world):
    response = curator.get(
        reverse("consents:class_batch", args=[world.school_a.slug]),
        {"class_name": "9Я", "kind": "processing", "document": "consent", "format": "pdf"},
        follow=True,
    )
    assert "В классе «9Я» нет никого" in response.content.decode()


def test_the_organizations_wording_is_printed_and_the_default_comes_back(curator, world, pupil):
    url = reverse("consents:wording_edit", args=[world.school_a.slug, "processing"])
    page = curator.get(url).content.decode()
    assert PROCESSING["purposes"][:60] in page  # the default text, to edit
    assert "Печатается текст портала по умолчанию" in page

    form = {
        "operator": "МБОУ «СОШ №1», ИНН 5600000000, ОГРН 1025600000000, адрес: с. Акбулак",
        "purposes": "участие в программе наставничества школы",
        "data": PROCESSING["data"],
        "actions": default("processing", "actions", world.school_a),
        "term": PROCESSING["term"],
        "revocation": PROCESSING["revocation"],
    }
    curator.post(url, form)
    wording = ConsentWording.objects.get(organization=world.school_a, kind="processing")
    assert wording.purposes == "участие в программе наставничества школы"
    assert wording.data == ""  # equal to the default: it keeps following the default
    text = text_of(curator.get(document_url(world, pupil, "processing", "consent", "pdf")).content)
    assert "ИНН 5600000000, ОГРН 1025600000000" in text and "участие в программе наставничества школы" in text

    response = curator.post(url, {"reset": "1"}, follow=True)
    assert "Восстановлен текст по умолчанию" in response.content.decode()
    assert not ConsentWording.objects.filter(organization=world.school_a).exists()
    text = text_of(curator.get(document_url(world, pupil, "processing", "consent", "pdf")).content)
    assert "участие в программе наставничества школы" not in text and PROCESSING["purposes"][:40] in text


def test_the_director_edits_the_wording_and_another_school_keeps_its_own(client, world):
    client.force_login(world.director)
    client.post(
        reverse("consents:wording_edit", args=[world.school_a.slug, "publication"]), {"term": "на один учебный год"}
    )
    assert ConsentWording.objects.get(organization=world.school_a, kind="publication").term == "на один учебный год"
    assert not ConsentWording.objects.filter(organization=world.school_b).exists()


def test_the_class_page_shows_each_persons_consents_in_a_fixed_number_of_queries(
    curator, world, pupil, django_assert_max_num_queries
):
    url = reverse("consents:class_consents", args=[world.school_a.slug])
    for n in range(10):
        child(world.school_a, grade=7, class_letter="Б", last_name=f"Ученик{n}")
    with django_assert_max_num_queries(12):
        page = curator.get(url, {"class": "7Б"}).content.decode()
    assert page.count('data-testid="row-') == 11
    assert "Волкова Алиса" in page and "действует с 1 сентября 2026 г." in page
