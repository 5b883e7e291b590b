"""What the portal says when the server fails: a Russian page, and «Сервис временно недоступен» with a
503 while the database is down — pages that need no database to be shown."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # see the page a user sees, not the traceback
    return client


@pytest.mark.parametrize("error", [OperationalError("connection refused"), InterfaceError("connection already closed")])
def test_the_database_down_answers_503_in_russian(client, world, error):
    client.force_login(world.curator)
    with (
        mock.patch.object(connection, "cursor", side_effect=error),
        mock.patch.object(connection, "ensure_connection", side_effect=error),
    ):
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Сервис временно недоступен" in page and "Server Error" not in page
    assert "<script" not in page and "style=" not in page


def test_any_other_failure_answers_500_in_russian(client, world):
    client.force_login(world.curator)
    with mock.patch("reports.todo.tasks_for", side_effect=RuntimeError("a bug")):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Ошибка на сервере" in page and "Server Error (500)" not in page


def test_an_error_page_that_cannot_be_rendered_is_still_russian(client, world):
    client.force_login(world.curator)
    error = OperationalError("connection refused")
    with (
        mock.patch.object(connection, "cursor", side_effect=error),
        mock.patch.object(connection, "ensure_connection", side_effect=error),
        mock.patch("config.views.loader.get_template", side_effect=ValueError("Missing staticfiles manifest entry")),
    ):
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "Сервис временно недоступен" in response.content.decode()
