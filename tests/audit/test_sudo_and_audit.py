"""Sudo mode and the audit trail: the head signs an order or approves a case, the curator exports the
bases, each asks for the password again after SUDO_MINUTES; every such act, and every look at a
person's card or consent scan, is written down, read and exported by the head of that organization only,
and changed by nobody."""

import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from orders.services import order_submit
from publication.services import practice_propose

PASSWORD = "secret-password-1"


def login(client, user):
    assert client.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code == 302


def sign_url(w):
    return reverse("orders:sign", args=[w.school_a.slug, w.order_a.pk])


def test_signing_within_ten_minutes_of_logging_in_needs_no_password_and_is_logged(client, perm_world):
    w = perm_world
    order_submit(w.order_a, user=w.curator)
    login(client, w.director)
    client.post(sign_url(w), HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="192.0.2.44")
    w.order_a.refresh_from_db()
    assert w.order_a.status == "signed"
    entry = AuditEntry.objects.get(action=Action.ORDER_SIGNED)
    assert (entry.organization, entry.user, entry.ip_address, entry.user_agent) == (
        w.school_a,
        w.director,
        "192.0.2.44",
        "Firefox/140",
    )
    assert w.order_a.display_number in entry.object_label


def test_signing_later_asks_for_the_password_and_signs_nothing_until_repeated(client, perm_world):
    w = perm_world
    order_submit(w.order_a, user=w.curator)
    login(client, w.director)
    order_page = w.order_a.get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        response = client.post(sign_url(w), HTTP_REFERER=f"http://testserver{order_page}", follow=True)
        w.order_a.refresh_from_db()
        assert w.order_a.status == "submitted" and not AuditEntry.objects.filter(action=Action.ORDER_SIGNED).exists()
        page = response.content.decode()
        assert "Подтвердите пароль, затем повторите действие: оно не выполнено." in page
        assert response.redirect_chain[-1][0].startswith(reverse("audit:sudo"))

        wrong = client.post(reverse("audit:sudo"), {"password": "nope", "next": order_page})
        assert wrong.status_code == 200 and "Неверный пароль." in wrong.content.decode()
        back = client.post(reverse("audit:sudo"), {"password": PASSWORD, "next": order_page})
        assert back["Location"] == order_page
        client.post(sign_url(w))
    w.order_a.refresh_from_db()
    assert w.order_a.status == "signed"
    assert AuditEntry.objects.filter(action=Action.PASSWORD_CONFIRMED, user=w.director).count() == 1


def test_approving_a_case_later_asks_for_the_password(client, perm_world):
    w = perm_world
    practice_propose(w.practice_a, user=w.curator)
    login(client, w.director)
    url = reverse("publication:practice_approve", args=[w.school_a.slug, w.practice_a.pk])
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        assert client.post(url)["Location"].startswith(reverse("audit:sudo"))
        w.practice_a.refresh_from_db()
        assert w.practice_a.status == "proposed"
        client.post(reverse("audit:sudo"), {"password": PASSWORD})
        client.post(url)
    w.practice_a.refresh_from_db()
    assert w.practice_a.status == "approved"
    assert AuditEntry.objects.get(action=Action.PRACTICE_APPROVED).organization == w.school_a


def test_exporting_the_mentee_base_later_returns_to_the_export_after_the_password(client, perm_world):
    w = perm_world
    login(client, w.curator)
    url = reverse("mentoring:mentee_export", args=[w.school_a.slug]) + "?format=csv"
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        response = client.get(url)
        assert response["Location"] == reverse("audit:sudo") + "?" + urlencode({"next": url})
        assert not AuditEntry.objects.filter(action=Action.BASE_EXPORTED).exists()
        back = client.post(reverse("audit:sudo"), {"password": PASSWORD, "next": url})
        assert back["Location"] == url
        assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(action=Action.BASE_EXPORTED)
    assert entry.user == w.curator and "CSV" in entry.object_label


def test_the_sudo_page_never_sends_elsewhere(client, perm_world):
    login(client, perm_world.curator)
    response = client.post(reverse("audit:sudo"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_look_at_a_persons_card_or_consent_scan_is_logged(client, perm_world):
    w = perm_world
    client.force_login(w.director)
    client.get(reverse("mentoring:person_detail", args=[w.school_a.slug, w.mentee_a.person_id]))
    client.get(reverse("mentoring:consent_scan", args=[w.school_a.slug, w.consent_a.pk]))
    entries = AuditEntry.objects.order_by("pk")
    assert [e.action for e in entries] == [Action.PERSON_VIEWED, Action.CONSENT_SCAN_VIEWED]
    assert all(e.object_label.startswith(w.mentee_a.person.full_name) for e in entries)


def test_the_head_reads_filters_and_exports_only_their_organizations_log(client, perm_world):
    w = perm_world
    client.force_login(w.curator)
    client.get(reverse("mentoring:person_detail", args=[w.school_a.slug, w.mentee_a.person_id]))
    client.get(reverse("mentoring:consent_scan", args=[w.school_a.slug, w.consent_a.pk]))
    client.force_login(w.curator_b)
    client.get(reverse("mentoring:person_detail", args=[w.school_b.slug, w.mentee_b.person_id]))

    client.force_login(w.director)
    page = client.get(reverse("audit:list", args=[w.school_a.slug]))
    assert len(page.context["page"]) == 2
    html = page.content.decode()
    assert w.mentee_a.person.full_name in html and w.mentee_b.person.full_name not in html
    only_scans = client.get(reverse("audit:list", args=[w.school_a.slug]), {"action": Action.CONSENT_SCAN_VIEWED})
    assert [e.action for e in only_scans.context["page"]] == [Action.CONSENT_SCAN_VIEWED]

    export = client.get(reverse("audit:export", args=[w.school_a.slug]), {"action": Action.PERSON_VIEWED})
    assert export["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "просмотр карточки человека" and "curator@a.test" in rows[1][1]
    # Another school's head under school A's address: no such organization for them.
    client.force_login(w.curator_b)
    assert client.get(reverse("audit:list", args=[w.school_a.slug])).status_code == 404


def test_nobody_can_change_or_remove_an_entry(perm_world):
    w = perm_world
    entry = AuditEntry.objects.create(organization=w.school_a, user=w.director, user_label="x", action="person_viewed")
    entry.object_label = "подделка"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_label="подделка")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.object_label == ""
    admin = site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = w.director
    request.user.is_superuser = True
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
