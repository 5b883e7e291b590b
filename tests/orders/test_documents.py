"""A signed order as a school office, its archive and their software take it: ГОСТ Р 7.0.97-2025
requisites and page numbers, the mark of the simple electronic signature, PDF/A-3b with tags and the
signed data inside, and a DOCX copy that LibreOffice lays out as the same document."""

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, date, datetime

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mentoring.services import create_pair
from orders import documents, services
from orders.models import Order, OrderSettings
from tests import clients
from tests.factories import ActivityFactory, MenteeFactory, PersonFactory, standard_form, teacher_mentor

A4 = "595.276 x 841.89 pts (A4)"
HYPHENATED = re.compile(r"[а-яё][-\u2010\u00ad]\n[а-яё]")  # WeasyPrint hyphenates with U+2010


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def many_pairs(world):
    """Fourteen pairs with long names (the kind hyphenation used to split), enough for several pages."""
    form = standard_form("traditional")
    world.program.forms.add(form)
    for number in range(14):
        mentor = teacher_mentor(world.school_a)
        person = mentor.person
        person.last_name, person.first_name, person.patronymic = (
            f"Кузнецов-Преображенский{number}",
            "Дмитрий",
            "Александрович",
        )
        person.save()
        mentee = MenteeFactory(
            person=PersonFactory(organization=world.school_a, last_name="Наставничествова", first_name="Евфросиния")
        )
        create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))


def sign(order, world, capture, on=date(2026, 10, 5)):
    services.order_submit(order, user=world.curator)
    with capture(execute=True):
        services.order_sign(order, user=world.director, on=on)
    order.refresh_from_db()
    assert order.pdf_status == "ready", order.pdf_error
    return order


def stored_pdf(order):
    with order.pdf.open("rb") as f:
        return f.read()


@pytest.fixture
def signed_pairs(world, many_pairs, django_capture_on_commit_callbacks):
    order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    return sign(order, world, django_capture_on_commit_callbacks)


def test_the_signed_order_is_an_a4_pdf_a_3b_tagged_that_qpdf_accepts_and_carries_what_was_signed(signed_pairs):
    content = stored_pdf(signed_pairs)

    info = clients.pdfinfo(content)
    assert info["Page size"] == A4
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Приказ № {signed_pairs.display_number} «О закреплении наставнических пар (групп)»"
    assert info["Author"] == signed_pairs.organization.short_name
    meta = clients.xmp(content)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta
    passed, said = clients.qpdf_check(content)
    assert passed, said
    # The archive reads what was signed without parsing the print: the signed data rides inside, and
    # its SHA-256 is the one the mark prints.
    carried = clients.attachments(content)["order.json"]
    assert json.loads(carried) == signed_pairs.snapshot
    assert hashlib.sha256(carried).hexdigest() == documents.content_sha256(signed_pairs.snapshot)


def test_pages_are_numbered_in_the_top_margin_from_the_second_page_digits_only(signed_pairs):
    content = stored_pdf(signed_pairs)
    count = clients.pages(content)
    assert count >= 3

    top = (0, 0, 595, 56)  # the top margin is 2 cm = 56.7 pt
    bottom = (0, 786, 595, 56)
    assert clients.page_text(content, 1, region=top).strip() == ""
    for page in range(2, count + 1):
        assert clients.page_text(content, page, region=top).strip() == str(page)
        assert "/" not in clients.page_text(content, page, region=bottom)


def test_the_qr_code_sits_at_the_bottom_right_of_page_one_and_decodes_to_the_verification_page(signed_pairs):
    content = stored_pdf(signed_pairs)
    url = documents.verification_url(signed_pairs)

    first = Image.open(io.BytesIO(clients.page_png(content, 1)))
    width, height = first.size
    assert clients.qr_codes(png(first.crop((width * 3 // 4, height * 7 // 8, width, height)))) == [url]
    assert clients.qr_codes(png(first.crop((0, 0, width * 3 // 4, height)))) == []
    assert clients.qr_codes(clients.page_png(content, 2)) == []


def page_with(content, text):
    """The number and the text (words joined by single spaces) of the page that holds `text`."""
    for page in range(1, clients.pages(content) + 1):
        words = clients.words(clients.page_text(content, page))
        if text in words:
            return page, words
    raise AssertionError(f"{text!r} is on no page")


def test_the_mark_of_the_simple_electronic_signature_says_who_when_what_and_where_to_check(client, world, signed_pairs):
    content = stored_pdf(signed_pairs)
    _page, mark = page_with(content, "ДОКУМЕНТ ПОДПИСАН ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ")
    content_hash = documents.content_sha256(signed_pairs.snapshot)

    assert f"Подписал: Директор {world.director.get_full_name()}" in mark
    # The real moment of signing (the order itself is dated 05.10.2026 by the test).
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert re.search(rf"Дата и время: {re.escape(today)} \d\d:\d\d \(UTC\+03:00\)", mark)
    assert content_hash in mark.replace(" ", "")
    assert documents.verification_url(signed_pairs) in mark.replace(" ", "")  # it may wrap in the frame
    # No local act is signed yet: the mark says so instead of claiming what is not there.
    assert "такое соглашение на портале не указано" in mark
    # The signature goes with the last point, not alone onto the next page.
    assert "Контроль за исполнением приказа оставляю за собой" in mark

    # The verification page shows the same content hash, and the file's own hash under another name.
    page = client.get(reverse("orders:verify", args=[signed_pairs.verification_code])).content.decode()
    assert content_hash in page and signed_pairs.pdf_sha256 in page
    assert content_hash != signed_pairs.pdf_sha256


def test_the_content_hash_covers_the_signer_and_the_moment(signed_pairs):
    snapshot = dict(signed_pairs.snapshot)
    original = documents.content_sha256(snapshot)
    assert documents.content_sha256({**snapshot, "signed_at": "2026-10-05T09:00:00+03:00"}) != original
    assert documents.content_sha256({**snapshot, "director_name": "Другой Человек"}) != original
    # The same content in another key order is the same content (PostgreSQL's jsonb reorders keys).
    assert documents.content_sha256(dict(reversed(list(snapshot.items())))) == original


def test_names_are_never_hyphenated_and_headings_stay_with_their_text(signed_pairs):
    content = stored_pdf(signed_pairs)
    text = "\n".join(clients.page_text(content, page) for page in range(1, clients.pages(content) + 1))

    assert not HYPHENATED.search(text), "a word was hyphenated across lines"
    for number in range(14):
        assert f"Кузнецов-Преображенский{number} Дмитрий" in clients.words(text)
    for page in range(1, clients.pages(content) + 1):
        lines = [line.strip() for line in clients.page_text(content, page).splitlines() if line.strip()]
        assert lines[-1] not in ("ПРИКАЗЫВАЮ:", "О закреплении наставнических пар (групп)", "С приказом ознакомлены:")


def test_the_hyphenation_check_sees_a_hyphenated_word():
    assert HYPHENATED.search("Кузнецов Дмит\u2010\nрий") and HYPHENATED.search("наставничеств-\nа")


def test_once_the_regulation_on_the_simple_signature_is_signed_every_later_mark_cites_it(
    world, many_pairs, django_capture_on_commit_callbacks
):
    pairs_order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    assert any("Положения о простой электронной подписи" in w for w in services.order_warnings(pairs_order))

    regulation = services.order_create(program=world.program, kind="esign", user=world.curator)
    assert "Положение о простой электронной подписи" in regulation.appendices[0]["text"]
    assert "63-ФЗ" in regulation.appendices[0]["text"]
    regulation = sign(regulation, world, django_capture_on_commit_callbacks)

    act = OrderSettings.objects.get(organization=world.school_a).esign_act
    assert act == f"приказом {world.school_a.short_name} от 05.10.2026 № {regulation.display_number}"
    assert services.order_warnings(pairs_order) == []
    pairs_order = sign(pairs_order, world, django_capture_on_commit_callbacks, on=date(2026, 10, 6))
    _page, mark = page_with(stored_pdf(pairs_order), "ДОКУМЕНТ ПОДПИСАН")
    assert f"в соответствии с Положением о простой электронной подписи, утверждённым {act}" in mark


def docx_text(content):
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xml(docx, name):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(name).decode()


def test_the_docx_is_an_a4_russian_document_by_the_organization_with_page_numbers_and_the_qr(signed_pairs):
    docx = documents.docx_bytes(signed_pairs)
    body = _xml(docx, "word/document.xml")
    core = _xml(docx, "docProps/core.xml")

    assert '<w:pgSz w:w="11906" w:h="16838"/>' in body  # A4 in twentieths of a point
    assert 'w:left="1701"' in body and 'w:top="1134"' in body  # 30 mm and 20 mm
    assert "<w:titlePg/>" in body  # no number on the first page
    header = next(
        _xml(docx, name)
        for name in zipfile.ZipFile(io.BytesIO(docx)).namelist()
        if name.startswith("word/header") and "PAGE" in _xml(docx, name)
    )
    assert '<w:jc w:val="center"/>' in header
    assert "<w:tblHeader/>" in body and "<w:cantSplit/>" in body
    assert 'w:val="ru-RU"' in _xml(docx, "word/styles.xml")
    assert "python-docx" not in core
    assert f"<dc:creator>{signed_pairs.organization.short_name}</dc:creator>" in core
    assert "<dc:language>ru-RU</dc:language>" in core
    signed_at = datetime.fromisoformat(signed_pairs.snapshot["signed_at"]).astimezone(UTC)
    assert signed_at.strftime("%Y-%m-%dT%H:%M:%SZ") in core  # the moment of signing, in UTC
    # The appendix's «№» column is narrow and the names wide, as in the PDF.
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', body)[-4:]]
    assert grid[0] < grid[1] / 4
    # The QR picture in the first page's footer decodes to the verification page.
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        pictures = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert [clients.qr_codes(p) for p in pictures] == [[documents.verification_url(signed_pairs)]]


def test_libreoffice_lays_the_docx_out_as_the_same_document_as_the_pdf(signed_pairs):
    pdf = stored_pdf(signed_pairs)
    rendered = clients.libreoffice_convert(documents.docx_bytes(signed_pairs), ".docx", "pdf")

    assert clients.pdfinfo(rendered)["Page size"].endswith("(A4)")
    assert abs(clients.pages(rendered) - clients.pages(pdf)) <= 1
    for page in range(1, clients.pages(rendered) + 1):
        assert len(clients.page_text(rendered, page).strip()) > 40, f"page {page} is (almost) blank"
    text = clients.words("\n".join(clients.page_text(rendered, p) for p in range(1, clients.pages(rendered) + 1)))
    squeezed = text.replace(" ", "")  # the hash wraps inside the mark's frame
    for expected in (
        "ПРИКАЗ",
        f"№ {signed_pairs.display_number}",
        "О закреплении наставнических пар (групп)",
        "ДОКУМЕНТ ПОДПИСАН",
        documents.content_sha256(signed_pairs.snapshot),
        "Приложение № 1",
        "Кузнецов-Преображенский13 Дмитрий",
    ):
        assert expected.replace(" ", "") in squeezed, expected
    assert not re.search(r"[а-яё][-\u2010\u00ad] [а-яё]", text)
    assert clients.page_text(rendered, 2, region=(0, 0, 595, 56)).strip() == "2"


def test_a_regulation_on_the_simple_signature_prints_alike_in_both_files(world, django_capture_on_commit_callbacks):
    regulation = services.order_create(program=world.program, kind="esign", user=world.curator)
    assert regulation.preamble.startswith("В соответствии со статьями 6 и 9 Федерального закона от 06.04.2011 № 63-ФЗ")
    regulation = sign(regulation, world, django_capture_on_commit_callbacks)
    pdf = stored_pdf(regulation)
    rendered = clients.libreoffice_convert(documents.docx_bytes(regulation), ".docx", "pdf")

    assert abs(clients.pages(rendered) - clients.pages(pdf)) <= 1
    for content in (pdf, rendered):
        text = clients.words(" ".join(clients.page_text(content, p) for p in range(1, clients.pages(content) + 1)))
        assert "УТВЕРЖДЕНО приказом" in text and "Положение о простой электронной подписи" in text
        assert "2.1. Ключом простой электронной подписи является" in text
        assert "такое соглашение на портале не указано" in text  # its own order cannot rest on it


def test_an_order_signed_before_marks_were_printed_gets_no_invented_mark(client, world, signed_pairs):
    legacy = {k: v for k, v in signed_pairs.snapshot.items() if k not in ("signed_at", "registration", "esign_act")}
    Order.objects.filter(pk=signed_pairs.pk).update(snapshot=legacy)
    signed_pairs.refresh_from_db()

    assert documents.context_for(signed_pairs)["mark"] is None
    text = docx_text(documents.docx_bytes(signed_pairs))
    assert "ДОКУМЕНТ ПОДПИСАН" not in text and "________________" in text  # a line to sign on paper
    page = client.get(reverse("orders:verify", args=[signed_pairs.verification_code]))
    assert page.status_code == 200
    assert "SHA-256 подписанных данных" not in page.content.decode()
    assert signed_pairs.pdf_sha256 in page.content.decode()


def test_a_draft_prints_a_signature_line_and_no_qr_in_both_files(world, many_pairs):
    order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    content = documents.pdf_bytes(order)
    word = documents.docx_bytes(order)

    assert "ДОКУМЕНТ ПОДПИСАН" not in clients.words(clients.page_text(content, 1))
    assert clients.qr_codes(clients.page_png(content, 1)) == []
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]


def test_an_appendix_without_a_program_prints_a_dash_in_both_files(world, many_pairs):
    order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    Order.objects.filter(pk=order.pk).update(program=None)
    order.refresh_from_db()

    content = documents.pdf_bytes(order)
    _page, appendix = page_with(content, "Состав наставнических пар (групп)")
    assert "Состав наставнических пар (групп) —" in appendix  # (the draft's watermark follows)
    assert "—" in [p.text for p in docx.Document(io.BytesIO(documents.docx_bytes(order))).paragraphs]


def test_a_local_act_typed_in_a_browser_keeps_its_paragraphs_in_both_files(world):
    order = services.order_create(program=world.program, kind="esign", user=world.curator)
    services.order_update(
        order,
        user=world.curator,
        title=order.title,
        preamble=order.preamble,
        points=order.points,
        control=order.control,
        acquainted=order.acquainted,
        texts={0: "1. Первый абзац.\r\n\r\n2. Второй абзац."},
    )
    order.refresh_from_db()

    assert documents.html(order).count('<p class="text">') == 3  # the preamble and the two blocks
    paragraphs = [p.text for p in docx.Document(io.BytesIO(documents.docx_bytes(order))).paragraphs]
    assert "1. Первый абзац." in paragraphs and "2. Второй абзац." in paragraphs


@pytest.mark.parametrize(
    "executor, label",
    [
        ("наставники", "Ответственные"),
        ("классные руководители", "Ответственные"),
        ("Иванова А.А.; Петров П.П.", "Ответственные"),
        ("Иванова А.А., Петров П.П.", "Ответственные"),
        ("Петрова Ольга Сергеевна, куратор программы наставничества", "Ответственный"),
        ("заместитель директора по УВР", "Ответственный"),
        ("куратор программы", "Ответственный"),
    ],
)
def test_a_points_executor_is_called_responsible_in_the_right_number(executor, label):
    assert documents.responsible_label(executor) == label


LONG_WORDS = re.compile(r"[А-Яа-яЁё]{12,}")
# Whole long words only: a compound may break at its hyphen, which pdftotext then joins up.
WHOLE_LONG_WORDS = re.compile(r"(?<![-\w])[А-Яа-яЁё]{12,}(?![-\w])")


def source_words(order):
    """Every word of the order's appendices as the portal wrote them."""
    appendices = documents.context_for(order)["appendices"]
    cells = [str(c) for a in appendices for r in a["rows"] if isinstance(r, list) for c in r]
    return set(WHOLE_LONG_WORDS.findall(" ".join(cells)))


def test_a_roadmap_of_long_paragraphs_prints_without_broken_words_or_half_empty_pages_in_both_files(
    world, django_capture_on_commit_callbacks
):
    """The implementation order's appendix is the roadmap: rows of paragraphs, as real roadmaps are
    (the demo's one printed words cut in two in the DOCX and pages left half empty in the PDF)."""
    section = world.section
    for number in range(2, 14):
        ActivityFactory(
            section=section,
            number=f"1.{number}",
            title="Положение о наставничестве в ОО (срок действия – до 2024 г.): общие положения; цель и задачи "
            "наставничества; формы наставничества; критерии, методы и процедуры отбора/выдвижения наставников; "
            "права и обязанности наставников, наставляемых и куратора; мотивация наставников",
            term_text="В течение первого месяца реализации программы наставничества",
            responsible_text="Образовательные организации",
            result_text="Анкеты для анализа потребности в развитии у несовершеннолетние, удовлетворенности "
            "участников; организационно-методическое сопровождение",
        )
    order = sign(
        services.order_create(program=world.program, kind="implementation", user=world.curator),
        world,
        django_capture_on_commit_callbacks,
    )
    pdf = stored_pdf(order)
    rendered = clients.libreoffice_convert(documents.docx_bytes(order), ".docx", "pdf")
    expected = source_words(order)
    assert {"Образовательные", "несовершеннолетние", "наставничества", "удовлетворенности"} <= expected

    assert abs(clients.pages(rendered) - clients.pages(pdf)) <= 1
    for content in (pdf, rendered):
        pages = clients.pages(content)
        text = " ".join(clients.page_text(content, p) for p in range(1, pages + 1))
        printed = set(LONG_WORDS.findall(text))
        for word in expected:
            assert word in printed, f"{word!r} was cut across lines"
        # No page of the appendix is left mostly empty before the last one.
        for page in range(3, pages):
            assert len(clients.page_text(content, page)) > 1200, f"page {page} of {pages} is half empty"
    mark = clients.words(clients.page_text(pdf, 2) + clients.page_text(pdf, 1))
    assert "ДОКУМЕНТ ПОДПИСАН" in mark and "{#" not in mark and "orders.documents" not in mark


def test_the_roadmap_appendix_heads_numbered_sections_with_a_dot_and_the_districts_by_title(world):
    """«1. Подготовка условий…» as the order's text numbers its points; the district's section, coded
    «М» for its activities' numbers (М1.2), is not headed by a stray letter."""
    from tests.factories import SectionFactory

    district = SectionFactory(program=world.program, number="М", title="Мероприятия муниципальной дорожной карты")
    ActivityFactory(section=district, number="М1.2", title="Издание приказов о внедрении целевой модели")
    order = services.order_create(program=world.program, kind="implementation", user=world.curator)
    text = docx_text(documents.docx_bytes(order))
    assert f"{world.section.number}. {world.section.title}" in text
    assert "Мероприятия муниципальной дорожной карты" in text
    assert "М Мероприятия" not in text
    assert "М1.2" in text
