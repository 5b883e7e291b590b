"""Password spraying: a few wrong passwords for each of many accounts from one address. The per-account
lock of django-axes never trips; the per-address limit across accounts does, and says so in Russian."""

from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory


def fail(client, email, **extra):
    return client.post(reverse("login"), {"username": email, "password": "wrong"}, **extra)


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=6)
def test_wrong_passwords_spread_over_accounts_block_the_address(client, world):
    accounts = [UserFactory(email=f"teacher{i}@a.test") for i in range(3)]
    for account in accounts:
        for _ in range(2):  # below the per-account limit of five
            assert fail(client, account.email).status_code == 200
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "С вашего адреса введено слишком много неверных паролей" in page and "60 минут" in page
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=6)
def test_below_the_limit_the_right_password_still_logs_in(client, world):
    for i in range(5):
        fail(client, f"teacher{i}@a.test")
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=3, BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_the_proxy_the_clients_address_is_counted_not_the_proxys(client, world):
    """Every request reaches the portal from nginx's address; nginx appends the client's to X-Forwarded-For.
    The sprayer also sends a made-up X-Forwarded-For of their own, new each time: it changes nothing."""
    teacher = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", "REMOTE_ADDR": "10.0.0.1"}
    for i in range(3):
        fail(client, f"victim{i}@a.test", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    assert fail(client, "victim9@a.test", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1").status_code == 429
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"}, **teacher)
    assert response.status_code == 302


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=0)
def test_the_limit_can_be_turned_off(client, world):
    for i in range(30):
        fail(client, f"teacher{i}@a.test")
    response = client.post(reverse("login"), {"username": "curator@a.test", "password": "secret-password-1"})
    assert response.status_code == 302


def test_the_default_is_twenty_failures_an_hour(settings):
    assert (settings.LOGIN_ADDRESS_FAILURE_LIMIT, settings.LOGIN_ADDRESS_WINDOW_MINUTES) == (20, 60)


@override_settings(AXES_FAILURE_LIMIT=3, BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_the_proxy_a_stranger_cannot_lock_someone_elses_account(client, world):
    """django-axes's own lock is per account and client address too, not per account and proxy."""
    for _ in range(3):
        fail(client, "curator@a.test", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")
    response = client.post(
        reverse("login"),
        {"username": "curator@a.test", "password": "secret-password-1"},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
