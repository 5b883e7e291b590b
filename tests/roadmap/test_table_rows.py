"""The roadmap table's rows are built in Python (roadmap/table.py): the table and the htmx reply to a
status change print the same row, every text of the data escaped, every control labelled."""

import re

from django.urls import reverse

from mentoring.models import Role
from tests.factories import ActivityFactory, member


def row_of(html, pk):
    row = re.search(rf'<tr id="activity-{pk}".*?</tr>', html, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", row)  # a new token each response


def test_the_table_and_the_htmx_reply_print_the_same_escaped_row(client, world):
    activity = ActivityFactory(
        section=world.section,
        number="1.9",
        title="<script>alert(1)</script> Совещание «А & Б»",
        result_text='Протокол <b>"№1"</b>',
        term_text="Сентябрь <2026>",
        responsible_text="Заместитель директора & куратор",
    )
    activity.responsible_users.add(world.curator)
    client.force_login(world.curator)
    table = client.get(reverse("roadmap:program_table", args=[world.school_a.slug, world.program.pk])).content.decode()

    row = row_of(table, activity.pk)
    assert "<script>" not in row and "&lt;script&gt;alert(1)&lt;/script&gt; Совещание «А &amp; Б»" in row
    assert "Протокол &lt;b&gt;&quot;№1&quot;&lt;/b&gt;" in row and "Сентябрь &lt;2026&gt;" in row
    assert world.curator.short_name in row and "Заместитель директора &amp; куратор" in row
    assert 'aria-label="Статус"' in row and "<select" in row  # the inline control has its label

    reply = client.post(
        reverse("roadmap:activity_status", args=[world.school_a.slug, activity.pk]),
        {"status": "planned", "next": reverse("roadmap:program_table", args=[world.school_a.slug, world.program.pk])},
        HTTP_HX_REQUEST="true",
    )
    assert row_of(reply.content.decode(), activity.pk) == row


def test_the_director_sees_the_status_without_a_control(client, world):
    client.force_login(member(world.school_a, Role.DIRECTOR))
    table = client.get(reverse("roadmap:program_table", args=[world.school_a.slug, world.program.pk]))
    assert table.status_code == 200
    row = row_of(table.content.decode(), world.activity.pk)
    assert "<select" not in row and 'class="badge nv-status' in row
