"""A signed order as a school office, its archive and their software take it: ГОСТ Р 7.0.97-2025
requisites and page numbers, the mark of the simple electronic signature, PDF/A-3b with tags and the
signed data inside, and a DOCX copy that LibreOffice lays out as the same document."""

import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from mentoring.services import create_pair
from orders import documents, services
from orders.models import OrderSettings
from tests import clients
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor

A4 = "595.276 x 841.89 pts (A4)"


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
    # The archive reads what was signed without parsing the print: the snapshot rides inside.
    carried = json.loads(clients.attachments(content)["order.json"])
    assert carried == signed_pairs.snapshot
    # Its hash was taken once: the stored file is still the signed one.
    assert services.verify(signed_pairs, content)


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

    assert clients.qr_codes(clients.page_png(content, 1)) == [url]
    assert clients.qr_codes(clients.page_png(content, 2)) == []


def page_with(content, text):
    """The number and the text (words joined by single spaces) of the page that holds `text`."""
    for page in range(1, clients.pages(content) + 1):
        words = clients.words(clients.page_text(content, page))
        if text in words:
            return page, words
    raise AssertionError(f"{text!r} is on no page")


def test_the_mark_of_the_simple_electronic_signature_says_who_when_what_and_where_to_check(
    client, world, signed_pairs
):
    content = stored_pdf(signed_pairs)
    _page, mark = page_with(content, "ДОКУМЕНТ ПОДПИСАН ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ")
    content_hash = documents.content_sha256(signed_pairs.snapshot)

    assert f"Подписал: Директор {world.director.get_full_name()}" in mark
    assert re.search(r"Дата и время: 05\.10\.2026 \d\d:\d\d \(UTC\+03:00\)", mark)
    assert content_hash in mark.replace(" ", "")
    assert documents.verification_url(signed_pairs) in mark.replace(" ", "")  # it may wrap in the frame
    # No local act is signed yet: the mark says so instead of claiming what is not there.
    assert "такой акт в портале не указан" in mark
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

    assert not re.search(r"[а-яё]-\n[а-яё]", text), "a word was hyphenated across lines"
    for number in range(14):
        assert f"Кузнецов-Преображенский{number} Дмитрий" in clients.words(text)
    for page in range(1, clients.pages(content) + 1):
        lines = [line for line in clients.page_text(content, page).splitlines() if line.strip()]
        assert lines and lines[-1].strip() not in ("Приложение № 1", "Состав наставнических пар (групп)")


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
    assert "2026-10-05" in core
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
    assert not re.search(r"[а-яё]-\s[а-яё]", text)
    assert clients.page_text(rendered, 2, region=(0, 0, 595, 56)).strip() == "2"
