from django.core.management import call_command
from django.urls import reverse

from mentoring.models import Consent, Person, User


def test_the_demo_class_has_consents_recorded_one_revoked_and_its_pages_show_the_documents(client, db, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+03:00", tick=False)
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))

    pupils = Person.objects.filter(organization__slug="sosh-4", grade=7, class_letter="Б").order_by("last_name")
    consents = Consent.objects.filter(person__in=pupils, kind="publication")
    assert consents.count() == pupils.count() >= 3
    assert consents.in_force().count() == pupils.count() - 1
    revoked = consents.get(revoked_on__isnull=False)
    assert revoked.revocation_scan and consents.exclude(scan="").count() == 1

    client.force_login(User.objects.get(email="kurator.sosh4@nastavnik.test"))
    page = client.get(reverse("consents:class_consents", args=["sosh-4"]), {"class": "7Б"}).content.decode()
    assert all(p.full_name in page for p in pupils) and 'data-testid="revoked"' in page
    person_page = client.get(revoked.person.get_absolute_url()).content.decode()
    assert 'data-testid="documents"' in person_page and "скан отзыва" in person_page
