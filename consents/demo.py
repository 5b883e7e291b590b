"""Demo consents for `seed_demo`: in СОШ №4's class 7Б the parents' consents to distribution are
recorded, one with the scan of the signed form, and one has been revoked with the scan of its revocation,
so the class page and the pupils' pages show documents, records and history."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mentoring.models import Consent, ConsentGiver, ConsentKind, Person
from mentoring.services import revoke_consent

from . import documents

DEMO_CLASS = (7, "Б")


@transaction.atomic
def seed_consents(*, organizations):
    school = organizations.get("sosh-4")
    if school is None:
        return
    pupils = list(
        Person.objects.filter(organization=school, grade=DEMO_CLASS[0], class_letter=DEMO_CLASS[1])
        .current()
        .select_related("organization")
        .prefetch_related("consents")
        .order_by("last_name", "first_name")
    )
    if not pupils or Consent.objects.filter(person__in=pupils, kind=ConsentKind.PUBLICATION).exists():
        return
    today = timezone.localdate()
    for number, pupil in enumerate(pupils):
        processing = pupil.valid_consent(ConsentKind.PROCESSING)
        given_on = processing.given_on if processing else today
        consent = Consent(
            person=pupil,
            kind=ConsentKind.PUBLICATION,
            given_by=ConsentGiver.PARENT,
            giver_name=pupil.parent_name or "Родитель",
            given_on=given_on,
        )
        if number == 0:  # the signed form came back and was scanned
            form = documents.pdf_bytes(documents.content(pupil, ConsentKind.PUBLICATION, "consent"))
            consent.scan.save("scan.pdf", ContentFile(form), save=False)
        consent.save()
        if number == 1:  # the parent changed their mind a month later
            form = documents.pdf_bytes(documents.content(pupil, ConsentKind.PUBLICATION, "revocation"))
            revoke_consent(
                consent,
                on=min(today, given_on + timedelta(days=30)),
                scan=ContentFile(form, name="revocation.pdf"),
            )
