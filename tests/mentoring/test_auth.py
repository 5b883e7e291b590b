import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory


def test_login_by_email_lands_on_the_home_page(client, world):
    response = client.post(
        reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Ольга" in response.content.decode()


def test_wrong_password_is_explained_in_russian(client, world):
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "wrong"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_for_that_address(client, world):
    for _ in range(3):
        client.post(reverse("login"), {"username": "curator@a.test", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"})
    assert response.status_code == 429
    assert "Слишком много неудачных попыток" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, world):
    client.force_login(world.curator)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_password_reset_mail_goes_out_after_commit_and_the_link_works(client):
    user = UserFactory(email="teacher@school.test")
    response = client.post(reverse("password_reset"), {"email": "teacher@school.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["teacher@school.test"]
    assert "Наставник" in message.subject
    link = re.search(r"http://testserver(/password/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Nov-parol-2026", "new_password2": "Nov-parol-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nov-parol-2026")


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@school.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client, world):
    client.force_login(world.curator)
    response = client.post(
        reverse("password_change"),
        {"old_password": "secret-password-1", "new_password1": "Drugoy-parol-77", "new_password2": "Drugoy-parol-77"},
    )
    assert response.status_code == 302
    world.curator.refresh_from_db()
    assert world.curator.check_password("Drugoy-parol-77")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_changing_the_case_of_the_email_does_not_give_fresh_attempts(client, world):
    for email in ("curator@a.test", "CURATOR@a.test", "Curator@A.test"):
        client.post(reverse("login"), {"username": email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"})
    assert response.status_code == 429


def test_the_menu_offers_only_organizations_whose_pages_open(client, world):
    client.force_login(world.mentor)
    html = client.get(reverse("home")).content.decode()
    assert reverse("roadmap:program_list", args=[world.school_a.slug]) not in html
    client.force_login(world.curator)
    html = client.get(reverse("home")).content.decode()
    assert reverse("roadmap:program_list", args=[world.school_a.slug]) in html
