"""Drafting, sign-off, numbering and rendering of orders, and batches of them.

The workflow: draft (the curator edits) → submitted → signed by the director, or returned with a
comment and edited again. Signing registers the order with the next number of the organization's
journal for the year and series, freezes what it prints, fulfils its roadmap activity and queues
its PDF.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config import durable
from documents.requisites import short_date
from mentoring.models import Membership, Organization, OrganizationKind, PairStatus, Role
from roadmap.models import Program, ProgramStatus

from . import documents, reminders
from .kinds import ESIGN_KIND, KINDS, TEXT_APPENDICES, draft_content, fulfilled_activity
from .models import Order, OrderBatch, OrderBatchItem, OrderEvent, OrderSettings


def settings_for(organization):
    return OrderSettings.objects.get_or_create(organization=organization)[0]


def _acquainted(kind, program):
    names = []
    if program.curator_id:
        names.append(program.curator.get_full_name() or program.curator.email)
    if kind in ("pairs", "payments", "training"):
        for pair in program.pairs.filter(status=PairStatus.ACTIVE).select_related("mentor__person"):
            if pair.mentor.person.full_name not in names:
                names.append(pair.mentor.person.full_name)
    return names


@transaction.atomic
def order_create(*, program, kind, user, corrects=None):
    """A new draft of `kind`, filled from the program's live data."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown type of order."))
    content = draft_content(kind, program, settings_for(program.organization))
    moved = content.pop("moved")
    if corrects is not None:
        content["title"] = f"О внесении изменений в приказ от {corrects.signed_on:%d.%m.%Y} № {corrects.display_number}"
    order = Order.objects.create(
        organization=program.organization,
        program=program,
        kind=kind,
        title=content["title"],
        preamble=content["preamble"],
        points=content["points"],
        appendices=content["appendices"],
        acquainted=_acquainted(kind, program),
        activity=fulfilled_activity(kind, program),
        corrects=corrects,
        created_by=user,
    )
    OrderEvent.objects.create(order=order, action=OrderEvent.Action.CREATED, user=user)
    order.moved_deadlines = moved  # for the page that opens the draft: it says which deadlines moved
    return order


def unfit_pairs_message(order):
    """The warning for an unsigned order whose appendix would list pairs in a form that does not fit
    them (pairs made before forms named both sides): the order would print the wrong form."""
    from mentoring.services import form_fit_problems

    if order.is_signed or order.program_id is None or "pairs" not in {a["kind"] for a in order.appendices}:
        return ""
    pairs = order.program.pairs.filter(status=PairStatus.ACTIVE).select_related("form", "mentor__person")
    problems = []
    for pair in pairs.prefetch_related("members__mentee__person"):
        mentees = [m.mentee for m in pair.members.all() if not m.left_on]
        problems += form_fit_problems(pair.form, mentor=pair.mentor, mentees=mentees)
    if not problems:
        return ""
    return _("The appendix lists pairs whose form does not fit them: %(problems)s Correct the pairs first.") % {
        "problems": " ".join(problems)
    }


def order_warnings(order, on=None):
    """Everything the curator and the head are warned of on the order's page, at submission and at signing."""
    messages = (
        late_points_message(order, on),
        unfit_pairs_message(order),
        esign_act_message(order),
        unpaid_mentors_message(order),
    )
    return [w for w in messages if w]


def unpaid_mentors_message(order):
    """An unsigned order on payments lists a teacher-mentor with no assignment in force under ст. 351.8:
    their «Размер выплаты» is blank, and the page says whose and why."""
    if order.is_signed or order.program_id is None or "payments" not in {a["kind"] for a in order.appendices}:
        return ""
    from employment.figures import order_amounts

    amounts = order_amounts(order.program)
    missing = sorted(
        {p.mentor.person.full_name for p in documents.payment_pairs(order.program) if p.mentor_id not in amounts}
    )
    if not missing:
        return ""
    return _(
        "The pay is left blank for %(names)s: they have no agreement on mentoring in force (ТК РФ ст. 351.8). "
        "Arrange it on the mentor's page, and the order prints the pay it sets."
    ) % {"names": ", ".join(missing)}


def esign_act_message(order):
    """An unsigned order whose signature mark would cite no local act: say so before it is signed."""
    if order.is_signed or order.kind == ESIGN_KIND or settings_for(order.organization).esign_act:
        return ""
    return _(
        "No order approving the regulation on the simple electronic signature is signed in the portal: the "
        "signature mark will say that no such act is named. Draft the typical one: a new order «%(title)s»."
    ) % {"title": KINDS[ESIGN_KIND].title}


def late_points_message(order, on=None):
    """The warning shown when an order with deadlines already past is submitted, signed or read."""
    late = order.late_points(on)
    if not late:
        return ""
    points = "; ".join(_("point %(n)d, %(deadline)s") % {"n": n, "deadline": text} for n, text in late)
    return _("Deadlines already past: %(points)s. Correct them, or the order sets deadlines that cannot be met.") % {
        "points": points
    }


def _locked(order):
    return Order.objects.select_for_update(of=("self",)).select_related("organization", "program").get(pk=order.pk)


@transaction.atomic
def order_update(order, *, user, title, preamble, points, control, acquainted, texts=None):
    """The curator's corrections of a draft or a returned order."""
    order = _locked(order)
    if not order.is_editable:
        raise ValidationError(_("Only a draft or a returned order can be edited."))
    points = [p for p in points if p.get("action", "").strip()]
    if not points:
        raise ValidationError(_("An order needs at least one point."))
    order.title, order.preamble, order.control = title.strip(), preamble.strip(), control.strip()
    order.points = [{k: p.get(k, "").strip() for k in ("action", "executor", "deadline")} for p in points]
    order.acquainted = [name.strip() for name in acquainted if name.strip()]
    for index, appendix in enumerate(order.appendices):
        if appendix["kind"] in TEXT_APPENDICES and texts and index in texts:
            appendix["text"] = texts[index].replace("\r\n", "\n")  # the browser's line ends
    order.save()
    OrderEvent.objects.create(order=order, action=OrderEvent.Action.EDITED, user=user)
    return order


@transaction.atomic
def order_submit(order, *, user):
    order = _locked(order)
    if not order.is_editable:
        raise ValidationError(_("The order has already been submitted or signed."))
    order.status = Order.Status.SUBMITTED
    order.save(update_fields=["status"])
    OrderEvent.objects.create(order=order, action=OrderEvent.Action.SUBMITTED, user=user)
    reminders.withdraw(order, [reminders.ORDER_RETURNED])  # corrected: the curator's «returned» is done
    reminders.tell_submitted(order)
    return order


def _require_director(order, user):
    is_director = Membership.objects.filter(user=user, organization=order.organization, role=Role.DIRECTOR).exists()
    if not is_director:
        raise ValidationError(_("Only the organization's head signs its orders."))


@transaction.atomic
def order_return(order, *, user, comment):
    order = _locked(order)
    _require_director(order, user)
    if order.status != Order.Status.SUBMITTED:
        raise ValidationError(_("Only an order awaiting signature can be returned."))
    if not comment.strip():
        raise ValidationError(_("Say what to correct when returning an order."))
    order.status = Order.Status.RETURNED
    order.save(update_fields=["status"])
    event = OrderEvent.objects.create(
        order=order, action=OrderEvent.Action.RETURNED, user=user, comment=comment.strip()
    )
    reminders.withdraw(order, [reminders.ORDER_TO_SIGN])
    reminders.tell_returned(order, event)
    return order


def next_number(organization, year, series):
    """The next number of the journal. Call it holding the organization's settings row locked."""
    last = Order.objects.filter(organization=organization, year=year, series=series).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def order_sign(order, *, user, on=None):
    """Sign and register: the next number, the frozen content, the roadmap activity done, the PDF queued.
    `on` back-dates the order's date (the demo, the tests); the mark records the real moment."""
    now = timezone.localtime()
    on = on or now.date()
    # One signature at a time per organization: the lock makes the numbers follow each other with
    # no gap and no repeat; the unique constraint is the safety net.
    order_settings = OrderSettings.objects.select_for_update().get(pk=settings_for(order.organization).pk)
    order = _locked(order)
    _require_director(order, user)
    if order.status != Order.Status.SUBMITTED:
        raise ValidationError(_("Only an order awaiting signature can be signed."))
    order.year, order.series = on.year, order_settings.series
    order.number = next_number(order.organization, order.year, order.series)
    order.signed_on, order.signed_by = on, user
    order.snapshot = documents.render_context(order)
    signer = user.get_full_name().strip()
    if signer:  # the one who signed, which is the head or whoever acts for them
        order.snapshot["director_name"] = signer
        order.snapshot["director_signature"] = documents.initials_surname(signer)
    if not order.snapshot["director_signature"] or not order.snapshot["director_title"]:
        raise ValidationError(_("Fill in the head's name and position on the organization's card first."))
    # The moment of the simple electronic signature and the registration, printed in its mark and
    # hashed with the content.
    order.snapshot["signed_at"] = now.isoformat(timespec="seconds")
    order.snapshot["registration"] = {"number": order.display_number, "date": on.isoformat()}
    order.snapshot["verification_url"] = documents.verification_url(order)
    order.status = Order.Status.SIGNED
    draft_pdf = order.pdf.name if order.pdf else ""
    order.pdf_status, order.pdf_sha256, order.pdf = Order.PdfStatus.QUEUED, "", ""
    order.save()
    if draft_pdf:  # the draft's PDF holds personal data and is no longer what the order is
        storage = order.pdf.storage
        transaction.on_commit(lambda: storage.delete(draft_pdf))
    OrderEvent.objects.create(order=order, action=OrderEvent.Action.SIGNED, user=user)
    reminders.withdraw(order, [reminders.ORDER_TO_SIGN, reminders.ORDER_RETURNED])
    _fulfil_activity(order, user)
    if order.kind == ESIGN_KIND:
        # From now on the marks of this organization's signatures cite the act that makes them binding.
        order_settings.esign_act = (
            f"приказом {order.organization.short_name} от {short_date(order.signed_on)} № {order.display_number}"
        )
        order_settings.save(update_fields=["esign_act"])
    queue_pdf(order)
    return order


def _fulfil_activity(order, user):
    """The roadmap's activity whose result is this order is done, with the order as its evidence."""
    from django.conf import settings

    from roadmap.models import ActivityStatus
    from roadmap.services import activity_set_status, evidence_add

    activity = order.activity
    if activity is None or activity.status in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
        return
    path = reverse("orders:detail", kwargs={"org_slug": order.organization.slug, "pk": order.pk})
    title = _("Order of %(date)s № %(number)s «%(title)s»") % {
        "date": order.signed_on.strftime("%d.%m.%Y"),
        "number": order.display_number,
        "title": order.title,
    }
    evidence_add(activity=activity, user=user, url=settings.SITE_URL.rstrip("/") + path, title=title[:300])
    activity_set_status(activity=activity, status=ActivityStatus.DONE, user=user)


def queue_pdf(order):
    """Owe the order's PDF: queued with a deadline in the database, then sent to a worker."""
    from .tasks import render_order_pdf

    Order.objects.filter(pk=order.pk).update(
        pdf_status=Order.PdfStatus.QUEUED, pdf_attempts=0, pdf_deadline=durable.deadline()
    )
    transaction.on_commit(lambda: durable.send(render_order_pdf, order.pk))


@transaction.atomic
def order_pdf_take(order_id):
    """A worker takes the PDF up: counts the attempt and moves the deadline on. False when there is
    nothing to do (made already, or given up: then recorded as failed with the reason)."""
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None or order.pdf_status != Order.PdfStatus.QUEUED:
        return False
    if order.is_signed and order.pdf_sha256:  # made once already: a signed order's PDF never changes
        Order.objects.filter(pk=order_id).update(pdf_status=Order.PdfStatus.READY, pdf_error="")
        return False
    if durable.out_of_attempts(order.pdf_attempts):
        order_pdf_failed(order_id, durable.lost_reason(order.pdf_attempts))
        return False
    Order.objects.filter(pk=order_id).update(pdf_attempts=F("pdf_attempts") + 1, pdf_deadline=durable.deadline())
    return True


def order_render_pdf(order_id):
    """Render the order's PDF (a signed order's once: its PDF and hash never change)."""
    order = Order.objects.select_related("organization", "program").get(pk=order_id)
    if order.is_signed and order.pdf_sha256:
        return order
    rendered_signed = order.is_signed
    content = documents.pdf_bytes(order)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.is_signed != rendered_signed or (order.is_signed and order.pdf_sha256):
            # Signed while a draft was rendering (the signature's own task makes the real one), or
            # already made: a signed order's PDF is made once.
            return order
        old = order.pdf.name if order.pdf else ""
        order.pdf.save(f"order-{order.pk}.pdf", ContentFile(content), save=False)
        order.pdf_sha256 = hashlib.sha256(content).hexdigest()
        order.pdf_status, order.pdf_error = Order.PdfStatus.READY, ""
        order.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_error"])
        if old:
            storage = order.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    return order


def order_pdf_failed(order_id, error):
    Order.objects.filter(pk=order_id).exclude(pdf_status=Order.PdfStatus.READY).update(
        pdf_status=Order.PdfStatus.FAILED, pdf_error=str(error)[:2000]
    )


@transaction.atomic
def order_correction_create(order, *, user):
    """A signed order is never changed: a correction is a new order that references it."""
    if not order.is_signed:
        raise ValidationError(_("Only a signed order is corrected by a new one; edit the draft instead."))
    return order_create(program=order.program, kind=order.kind, user=user, corrects=order)


def verify(order, content):
    """Whether an uploaded file is the signed PDF, byte for byte."""
    return bool(order.pdf_sha256) and hashlib.sha256(content).hexdigest() == order.pdf_sha256


# --- Batches -------------------------------------------------------------------------------------------------


def _current_program(organization):
    return (
        Program.objects.filter(organization=organization, status=ProgramStatus.ACTIVE)
        .order_by("-period_start", "-pk")
        .first()
    )


@transaction.atomic
def batch_for_stage(*, program, stage, user, enqueue=True):
    """Every order of a stage for one program."""
    kinds = [code for code, kind in KINDS.items() if kind.stage == stage]
    if not kinds:
        raise ValidationError(_("No typical order belongs to this stage."))
    batch = OrderBatch.objects.create(
        organization=program.organization,
        title=_("Orders of stage %(stage)d: %(program)s") % {"stage": stage, "program": program.title},
        created_by=user,
    )
    items = OrderBatchItem.objects.bulk_create(
        [
            OrderBatchItem(
                batch=batch, organization=program.organization, program=program, kind=k, deadline=durable.deadline()
            )
            for k in kinds
        ]
    )
    if enqueue:
        _queue_items(items)
    return batch


@transaction.atomic
def batch_for_district(*, municipality, kind, user, enqueue=True):
    """One type of order for every organization of the district (at the start of a year, say)."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown type of order."))
    organizations = Organization.objects.filter(municipality=municipality).exclude(kind=OrganizationKind.OFFICE)
    batch = OrderBatch.objects.create(
        municipality=municipality,
        title=_("«%(kind)s» for every organization of the district") % {"kind": KINDS[kind].title},
        created_by=user,
    )
    items = OrderBatchItem.objects.bulk_create(
        [
            OrderBatchItem(
                batch=batch, organization=org, program=_current_program(org), kind=kind, deadline=durable.deadline()
            )
            for org in organizations.order_by("short_name")
        ]
    )
    if enqueue:
        _queue_items(items)
    return batch


def _queue_items(items):
    ids = [item.pk for item in items]
    transaction.on_commit(lambda: batch_enqueue(ids))


def batch_enqueue(item_ids, **options):
    from .tasks import run_batch_item

    for pk in item_ids:
        try:
            run_batch_item.apply_async(args=[pk], **options)
        except durable.BROKER_ERRORS:  # the items stay queued in the database: the sweep sends them
            durable.logger.exception("Batch item %s could not be queued", pk)


@transaction.atomic
def batch_item_take(item_id):
    """A worker takes the item up: counts the attempt and moves the deadline on. None when there is
    nothing to do (finished, or given up: then recorded as failed with the reason)."""
    item = OrderBatchItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None or item.status != OrderBatchItem.Status.QUEUED:
        return None
    if durable.out_of_attempts(item.attempts):
        batch_item_failed(item_id, durable.lost_reason(item.attempts))
        return None
    item.attempts += 1
    item.deadline = durable.deadline()
    item.save(update_fields=["attempts", "deadline"])
    return item


def batch_item_run(item_id):
    """Draft the item's order and render its PDF; a second run of a finished item does nothing, and
    two runs of one item (a message sent again while the first still ran) make one order."""
    if batch_item_take(item_id) is None:
        return None
    item = OrderBatchItem.objects.select_related("batch", "program", "organization").get(pk=item_id)
    if item.program is None:
        raise BatchItemRefused(_("The organization has no active program."))
    with transaction.atomic():
        order_id = OrderBatchItem.objects.select_for_update().values_list("order_id", flat=True).get(pk=item_id)
        if order_id is None:
            order_id = order_create(program=item.program, kind=item.kind, user=item.batch.created_by).pk
            OrderBatchItem.objects.filter(pk=item_id).update(order=order_id)
    if not Order.objects.filter(pk=order_id).exclude(pdf_sha256="").exists():
        order_render_pdf(order_id)
    OrderBatchItem.objects.filter(pk=item_id).update(status=OrderBatchItem.Status.DONE, error="")
    return item


class BatchItemRefused(Exception):
    """An item that no retry can make: recorded as failed with its reason at once."""


def batch_item_failed(item_id, error):
    OrderBatchItem.objects.filter(pk=item_id).exclude(status=OrderBatchItem.Status.DONE).update(
        status=OrderBatchItem.Status.FAILED, error=str(error)[:2000]
    )


def sweep_lost_work(now=None):
    """Send again every order PDF and batch item still queued past its deadline (its worker died, its
    message was lost); the ones out of attempts are marked failed with the reason. Returns how many
    were sent again."""
    from .tasks import render_order_pdf, run_batch_item

    return durable.sweep(
        Order.objects.filter(pdf_status=Order.PdfStatus.QUEUED),
        attempts_field="pdf_attempts",
        deadline_field="pdf_deadline",
        fail=order_pdf_failed,
        task=render_order_pdf,
        lock_of=("self",),
        now=now,
    ) + durable.sweep(
        OrderBatchItem.objects.filter(status=OrderBatchItem.Status.QUEUED),
        attempts_field="attempts",
        deadline_field="deadline",
        fail=batch_item_failed,
        task=run_batch_item,
        now=now,
    )


def batch_progress(batch):
    counts = {status: 0 for status in OrderBatchItem.Status.values}
    for status in batch.items.values_list("status", flat=True):
        counts[status] += 1
    total = sum(counts.values())
    finished = counts["done"] + counts["failed"]
    return {
        "total": total,
        "done": counts["done"],
        "failed": counts["failed"],
        "percent": round(100 * finished / total) if total else 100,
        "finished": finished == total,
    }


# --- The journal ---------------------------------------------------------------------------------------------


def journal_xlsx(orders):
    """The journal as a workbook (mentoring.spreadsheets: titles typed by people are never formulas)."""
    from openpyxl import Workbook

    from mentoring import spreadsheets

    book = Workbook()
    sheet = book.active
    sheet.title = "Журнал приказов"
    spreadsheets.append(sheet, ["Номер", "Дата", "Заголовок", "Тип", "Статус", "Подписал", "SHA-256 PDF"])
    for order in orders:
        spreadsheets.append(
            sheet,
            [
                order.display_number,
                order.signed_on,
                order.title,
                str(KINDS[order.kind].label) if order.kind in KINDS else order.kind,
                order.get_status_display(),
                order.signed_by.get_full_name() if order.signed_by else "",
                order.pdf_sha256,
            ],
        )
    spreadsheets.finish_sheet(sheet)
    for column, width in zip("ABCDEFG", (10, 12, 70, 40, 20, 30, 66), strict=True):
        sheet.column_dimensions[column].width = width
    return spreadsheets.save(book)
