"""Orders from draft to signature: content from live data in the PDF and the DOCX, the workflow and who
may do what, numbering, immutability, the roadmap link, the public verification page."""

import io
from datetime import date

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from orders import services
from orders.kinds import KINDS, TEXT_APPENDICES
from orders.models import Order, OrderEvent
from roadmap.models import ActivityStatus
from tests.factories import ActivityFactory


def pdf_text(order):
    order.refresh_from_db()
    assert order.pdf_status == "ready", order.pdf_error
    with order.pdf.open("rb") as f:
        return "\n".join(page.extract_text() for page in PdfReader(f).pages)


def docx_text(order):
    from orders.documents import docx_bytes

    document = docx.Document(io.BytesIO(docx_bytes(order)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def signed(order, world, on=date(2026, 10, 5)):
    services.order_submit(order, user=world.curator)
    return services.order_sign(order, user=world.director, on=on)


def test_the_pairs_order_lists_exactly_the_programs_pairs_in_order(world, pairs, django_capture_on_commit_callbacks):
    order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        order = signed(order, world)

    text = " ".join(pdf_text(order).split())
    assert "ПРИКАЗ" in text and "ПРИКАЗЫВАЮ:" in text
    assert "05.10.2026" in text and "№ 1-ОД" in text
    assert "О закреплении наставнических пар (групп)" in text
    assert "Приложение № 1 к приказу от 05.10.2026 № 1-ОД" in text
    positions = [
        text.index(name) for name in ("Белова Анна Ивановна", "Вишнева Анна Ивановна", "Громова Анна Ивановна")
    ]
    assert positions == sorted(positions)
    assert "Никитин Илья" in text and "согласие от 01.09.2026" in text
    assert "Контроль за исполнением приказа оставляю за собой." in text
    assert "А.С. Иванова" in text  # the initials and surname of the head who signed
    words = docx_text(order)
    assert "№ 1-ОД" in words and "Громова Анна Ивановна" in words and "Традиционная (один на один)" in words


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_type_of_order_is_drafted_from_live_data_and_prints(
    kind, world, pairs, django_capture_on_commit_callbacks
):
    order = services.order_create(program=world.program, kind=kind, user=world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        order = signed(order, world)

    text = " ".join(pdf_text(order).split())
    assert " ".join(KINDS[kind].title.split()) in text
    assert world.school_a.full_name in text and "В соответствии с" in text
    for number, appendix in enumerate(KINDS[kind].appendices, start=1):
        assert appendix.title in text
        if appendix.kind in TEXT_APPENDICES:
            assert "УТВЕРЖДЕНО приказом" in text
        else:
            assert f"Приложение № {number} к приказу от 05.10.2026 № 1-ОД" in text
    assert KINDS[kind].title in docx_text(order)


def test_a_curator_drafts_edits_and_submits_and_the_director_signs(
    client, world, pairs, django_capture_on_commit_callbacks
):
    client.force_login(world.curator)
    response = client.post(
        reverse("orders:new", args=[world.school_a.slug]), {"program": world.program.pk, "kind": "pairs"}
    )
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:edit", args=[world.school_a.slug, order.pk])
    data = {
        "title": "О закреплении наставнических пар",
        "preamble": order.preamble,
        "control": order.control,
        "acquainted": "Петрова Ольга\nВишнева Анна Ивановна",
        "points-TOTAL_FORMS": "2",
        "points-INITIAL_FORMS": "0",
        "points-0-action": "Закрепить пары согласно приложению № 1.",
        "points-0-executor": "",
        "points-0-deadline": "",
        "points-1-action": "Наставникам составить планы.",
        "points-1-executor": "наставники",
        "points-1-deadline": "15.10.2026",
        "submit": "1",
    }
    client.post(reverse("orders:edit", args=[world.school_a.slug, order.pk]), data)
    order.refresh_from_db()
    assert order.status == "submitted" and len(order.points) == 2
    assert order.points[1] == {
        "action": "Наставникам составить планы.",
        "executor": "наставники",
        "deadline": "15.10.2026",
    }

    assert client.post(reverse("orders:sign", args=[world.school_a.slug, order.pk])).status_code == 403
    client.force_login(world.director)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:sign", args=[world.school_a.slug, order.pk]))

    order.refresh_from_db()
    assert (order.status, order.number, order.series, order.signed_by) == ("signed", 1, "-ОД", world.director)
    assert [e.action for e in order.events.all()] == ["created", "edited", "submitted", "signed"]
    page = client.get(order.get_absolute_url()).content.decode()
    assert "№ 1-ОД" in page and "Скачать PDF" in page


def test_the_director_returns_an_order_with_a_comment(client, world):
    order = services.order_create(program=world.program, kind="curator", user=world.curator)
    services.order_submit(order, user=world.curator)
    client.force_login(world.director)

    client.post(reverse("orders:return", args=[world.school_a.slug, order.pk]), {"comment": ""})
    order.refresh_from_db()
    assert order.status == "submitted"  # a return needs its reason

    client.post(reverse("orders:return", args=[world.school_a.slug, order.pk]), {"comment": "Уточните срок в п. 2"})
    order.refresh_from_db()
    assert order.status == "returned"
    assert order.events.get(action=OrderEvent.Action.RETURNED).comment == "Уточните срок в п. 2"
    told = world.curator.notifications.get(kind="order_returned")
    assert told.title == f"Возвращён на доработку: {order.title} — «Уточните срок в п. 2»"
    assert client.get(reverse("orders:edit", args=[world.school_a.slug, order.pk])).status_code == 403


def test_numbers_follow_each_other_per_year_and_series(world):
    numbers = []
    for on in (date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 30), date(2027, 1, 10)):
        order = services.order_create(program=world.program, kind="curator", user=world.curator)
        numbers.append(signed(order, world, on=on).display_number)
    assert numbers == ["1-ОД", "2-ОД", "3-ОД", "1-ОД"]


def test_a_signed_order_can_never_change(world, client):
    order = signed(services.order_create(program=world.program, kind="curator", user=world.curator), world)

    order.title = "Другой заголовок"
    with pytest.raises(ValidationError, match="Подписанный приказ нельзя изменить"):
        order.save()
    with pytest.raises(ValidationError):
        order.delete()
    with pytest.raises(ValidationError):
        services.order_update(
            order, user=world.curator, title="x", preamble="x", points=[{"action": "x"}], control="x", acquainted=[]
        )

    order.refresh_from_db()
    assert order.title == KINDS["curator"].title


def test_a_correction_is_a_new_order_that_references_the_old_one(world):
    order = signed(services.order_create(program=world.program, kind="curator", user=world.curator), world)
    correction = services.order_correction_create(order, user=world.curator)
    assert correction.corrects == order and correction.status == "draft"
    assert correction.title == "О внесении изменений в приказ от 05.10.2026 № 1-ОД"


def test_only_the_organizations_head_signs(world):
    order = services.order_create(program=world.program, kind="curator", user=world.curator)
    services.order_submit(order, user=world.curator)
    with pytest.raises(ValidationError, match="подписывает только её руководитель"):
        services.order_sign(order, user=world.curator)


def test_signing_fulfils_the_roadmap_activity_whose_result_is_the_order(world, pairs):
    section = world.section
    section.stage = 5
    section.save()
    activity = ActivityFactory(section=section, number="5.1", title="Приказ о закреплении пар", result_kind="order")

    order = signed(services.order_create(program=world.program, kind="pairs", user=world.curator), world)

    activity.refresh_from_db()
    assert order.activity == activity and activity.status == ActivityStatus.DONE
    evidence = activity.evidence.get()
    assert evidence.url.endswith(order.get_absolute_url()) and "№ 1-ОД" in evidence.title


def test_the_verification_page_confirms_the_original_and_flags_a_changed_file(
    client, world, pairs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = signed(services.order_create(program=world.program, kind="pairs", user=world.curator), world)
    order.refresh_from_db()
    url = reverse("orders:verify", args=[order.verification_code])
    original = order.pdf.open("rb").read()

    page = client.get(url).content.decode()
    assert "№ 1-ОД" in page and order.pdf_sha256 in page and world.school_a.full_name in page
    assert "Орлов" not in page and "Вишнева" not in page  # no personal data

    assert "байт в байт" in client.post(url, {"file": SimpleUploadedFile("p.pdf", original)}).content.decode()
    tampered = original[:-200] + b"%% edited " + original[-190:]
    assert "отличается" in client.post(url, {"file": SimpleUploadedFile("p.pdf", tampered)}).content.decode()

    draft = services.order_create(program=world.program, kind="curator", user=world.curator)
    assert client.get(reverse("orders:verify", args=[draft.verification_code])).status_code == 404


def test_the_journal_filters_and_exports(client, world):
    signed(services.order_create(program=world.program, kind="curator", user=world.curator), world)
    services.order_create(program=world.program, kind="pairs", user=world.curator)
    client.force_login(world.director)

    signed_only = client.get(
        reverse("orders:journal", args=[world.school_a.slug]), {"status": "signed"}
    ).content.decode()
    assert "О назначении куратора" in signed_only and "О закреплении" not in signed_only

    from openpyxl import load_workbook

    response = client.get(reverse("orders:journal", args=[world.school_a.slug]), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Номер", "Дата", "Заголовок") and len(rows) == 3


def test_an_order_awaiting_signature_is_told_to_the_head_each_day(world):
    from django.utils import timezone

    from notifications.services import reminders_run
    from orders.reminders import orders_to_sign

    order = services.order_create(program=world.program, kind="curator", user=world.curator)
    assert list(orders_to_sign(date(2026, 10, 5))) == []
    services.order_submit(order, user=world.curator)

    # The head is told at once, and the morning's run finds it told already.
    told = world.director.notifications.get(kind="order_to_sign")
    assert told.title == "Ждёт вашей подписи: О назначении куратора внедрения целевой модели наставничества"
    [finding] = orders_to_sign(timezone.localdate())
    assert (finding.user_id, finding.url, finding.key) == (world.director.pk, order.get_absolute_url(), told.key)
    reminders_run(today=timezone.localdate())
    assert world.director.notifications.filter(kind="order_to_sign").count() == 1
    reminders_run(today=date(2026, 12, 31))
    assert world.director.notifications.filter(kind="order_to_sign").count() == 2  # and again the next day

    services.order_sign(order, user=world.director, on=date(2026, 10, 5))
    assert list(orders_to_sign(date(2026, 10, 6))) == []


def test_a_draft_pdf_rendered_while_the_order_is_signed_is_thrown_away(
    world, pairs, django_capture_on_commit_callbacks
):
    from unittest import mock

    from orders import documents

    order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    services.order_submit(order, user=world.curator)
    real = documents.pdf_bytes

    def sign_meanwhile(o):
        content = real(o)  # the draft, «ПРОЕКТ», without a number
        services.order_sign(order, user=world.director, on=date(2026, 10, 5))
        return content

    with mock.patch.object(documents, "pdf_bytes", sign_meanwhile):
        services.order_render_pdf(order.pk)
    order.refresh_from_db()
    assert (order.status, order.pdf_sha256, order.pdf_status) == ("signed", "", "queued")

    services.order_render_pdf(order.pk)  # the signature's own task
    text = pdf_text(order)
    assert "№ 1-ОД" in text and "ПРОЕКТ" not in text
    first_hash = order.pdf_sha256
    services.order_render_pdf(order.pk)
    order.refresh_from_db()
    assert order.pdf_sha256 == first_hash  # made once
    with pytest.raises(ValidationError):
        order.pdf_status = "failed"
        order.save(update_fields=["pdf_status"])


def test_each_order_fulfils_the_activity_that_names_it(world):
    world.section.stage = 1
    world.section.save()
    implementation = ActivityFactory(
        section=world.section, title="Издание приказа о внедрении целевой модели", result_kind="order"
    )
    curator = ActivityFactory(section=world.section, title="Приказ о назначении куратора", result_kind="order")
    ActivityFactory(section=world.section, title="Анкетирование педагогов", result_kind="questionnaire")

    orders = {
        k: services.order_create(program=world.program, kind=k, user=world.curator)
        for k in ("curator", "implementation", "regulation")
    }

    assert orders["curator"].activity == curator
    assert orders["implementation"].activity == implementation
    assert orders["regulation"].activity is None  # no activity names the Положение: no guess


def test_the_files_keep_their_russian_names(client, world):
    order = signed(services.order_create(program=world.program, kind="curator", user=world.curator), world)
    client.force_login(world.director)
    response = client.get(reverse("orders:docx", args=[world.school_a.slug, order.pk]))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''prikaz-1-%D0%9E%D0%94.docx"


def test_the_admin_shows_a_signed_order_but_does_not_save_it(client, world):
    from tests.factories import UserFactory

    order = signed(services.order_create(program=world.program, kind="curator", user=world.curator), world)
    client.force_login(UserFactory(email="support@nastavnik.test", is_staff=True, is_superuser=True))
    url = reverse("admin:orders_order_change", args=[order.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Через админку"}).status_code == 403


def test_the_journal_runs_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.director)
    url = reverse("orders:journal", args=[world.school_a.slug])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    signed(services.order_create(program=world.program, kind="curator", user=world.curator), world)
    few = queries()
    for _ in range(6):
        signed(services.order_create(program=world.program, kind="regulation", user=world.curator), world)
    assert queries() == few
