"""The curator's, the head's and the mentor's stories on the pages of employees' mentoring, through
the test client: what each sees, and what the database holds after each act."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Action, AuditEntry
from employment.models import Assignment, PayRule, Status
from mentoring.models import Consent
from tests.factories import MenteeFactory, teacher_mentor


def url(name, staff, *args):
    return reverse(f"employment:{name}", args=[staff.school.slug, *args])


def text(response):
    return response.content.decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_curator_takes_a_teacher_from_the_mentor_base_and_drafts_the_assignment(client, staff):
    client.force_login(staff.world.curator)
    page = client.get(reverse("mentoring:person_detail", args=[staff.school.slug, staff.mentor.person_id]))
    assert "Оформить наставничество (ст. 351.8 ТК)" in text(page)
    mentors = client.get(reverse("mentoring:mentor_list", args=[staff.school.slug]))
    assert url("create", staff, staff.mentor.pk) in text(mentors)

    form = client.get(url("create", staff, staff.mentor.pk))
    assert "Сидорова Елена" in text(form)  # the mentor's pair to choose
    response = client.post(
        url("create", staff, staff.mentor.pk),
        {
            "pairs": [staff.pair.pk],
            "form": staff.form.pk,
            "content": "Адаптация молодого педагога",
            "starts_on": "2026-03-02",
            "ends_on": "2026-05-31",
            "pay_rule": staff.rule.pk,
            "contract": "от 01.09.2020 № 45",
        },
        follow=True,
    )
    assignment = Assignment.objects.get()
    assert response.redirect_chain[-1][0] == assignment.get_absolute_url()
    assert assignment.status == Status.DRAFT and list(assignment.pairs.all()) == [staff.pair]
    assert assignment.created_by == staff.world.curator
    page = text(response)
    assert "Проект дополнительного соглашения" not in page  # the PDF says «ПРОЕКТ», the page its status
    assert "черновик" in page and "3\xa0100,00\xa0₽" in page and "Проект ожидает подписи руководителя" in page
    assert AuditEntry.objects.filter(action=Action.ASSIGNMENT_CREATED, object_id=str(assignment.pk)).exists()
    person = client.get(reverse("mentoring:person_detail", args=[staff.school.slug, staff.mentor.person_id]))
    assert 'data-testid="mentor-assignments"' in text(person) and assignment.get_absolute_url() in text(person)


def test_a_teacher_with_an_agreement_in_force_is_not_offered_another(client, staff):
    client.force_login(staff.world.curator)
    person_url = reverse("mentoring:person_detail", args=[staff.school.slug, staff.mentor.person_id])
    mentors_url = reverse("mentoring:mentor_list", args=[staff.school.slug])
    staff.draft()  # a draft is not yet an agreement: the offer stays

    assert "Оформить наставничество (ст. 351.8 ТК)" in text(client.get(person_url))

    Assignment.objects.all().delete()
    staff.in_force()

    person, mentors = text(client.get(person_url)), text(client.get(mentors_url))
    assert "Оформить наставничество (ст. 351.8 ТК)" not in person
    assert url("create", staff, staff.mentor.pk) not in mentors
    assert 'data-testid="mentor-assignments"' in person  # the agreement in force is listed instead


def test_a_teacher_without_written_consent_is_refused_and_told_why(client, staff):
    Consent.objects.filter(person=staff.mentor.person, kind="mentoring").delete()
    client.force_login(staff.world.curator)
    form = client.get(url("create", staff, staff.mentor.pk))
    assert "Письменного согласия педагога на наставничество нет" in text(form)
    response = client.post(
        url("create", staff, staff.mentor.pk),
        {
            "pairs": [staff.pair.pk],
            "form": staff.form.pk,
            "content": "Адаптация",
            "starts_on": "2026-03-02",
            "ends_on": "2026-05-31",
            "pay_rule": staff.rule.pk,
        },
    )
    assert response.status_code == 200 and 'data-testid="form-errors"' in text(response)
    assert not Assignment.objects.exists()


def test_the_head_signs_in_the_portal_and_the_mentor_acknowledges_their_own(client, staff):
    assignment = staff.draft()
    client.force_login(staff.world.curator)
    assert client.post(url("sign", staff, assignment.pk)).status_code == 403  # the curator does not sign

    client.force_login(staff.world.director)
    response = client.post(url("sign", staff, assignment.pk), follow=True)
    assignment.refresh_from_db()
    assert assignment.status == Status.SIGNED and assignment.number == "1/2026"
    assert assignment.signed_by == staff.world.director
    assert "Соглашение № 1/2026 подписано" in " ".join(messages_of(response))
    again = client.post(url("sign", staff, assignment.pk), follow=True)
    assert "Соглашение уже подписано." in messages_of(again)

    client.force_login(staff.world.mentor)
    mine = client.get(assignment.get_absolute_url())
    assert mine.status_code == 200 and 'data-testid="acknowledge"' in text(mine)
    assert 'data-testid="end-early"' not in text(mine) and "Ведомость" not in text(mine)
    future = client.post(url("acknowledge", staff, assignment.pk), {"on": "2026-03-20"}, follow=True)
    assert "Дата подписи наставника не может быть в будущем." in messages_of(future)
    client.post(url("acknowledge", staff, assignment.pk), {"on": "2026-03-02"})
    assignment.refresh_from_db()
    assert assignment.status == Status.ACTIVE and assignment.acknowledged_on == date(2026, 3, 2)
    actions = list(
        AuditEntry.objects.filter(object_id=str(assignment.pk), object_type="employment.assignment")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [Action.ASSIGNMENT_SIGNED, Action.ASSIGNMENT_ACKNOWLEDGED]


def test_a_mentor_does_not_see_another_mentors_assignment(client, staff):
    other = teacher_mentor(staff.school, capacity=2)
    from mentoring.services import create_pair

    pair = create_pair(
        program=staff.program,
        mentor=other,
        mentees=[MenteeFactory(person__organization=staff.school)],
        form=staff.form,
        started_on=date(2026, 3, 2),
    )
    theirs = staff.draft(mentor=other, pairs=[pair])
    mine = staff.draft()
    client.force_login(staff.world.mentor)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(url("agreement_pdf", staff, theirs.pk)).status_code == 404
    listing = text(client.get(url("list", staff)))
    assert mine.get_absolute_url() in listing and theirs.get_absolute_url() not in listing


def test_the_signed_scan_goes_through_the_upload_checks(client, staff):
    assignment = staff.in_force()
    client.force_login(staff.world.curator)
    page = client.post(
        url("scan_upload", staff, assignment.pk),
        {"scan": SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")},
        follow=True,
    )
    assignment.refresh_from_db()
    assert not assignment.scan
    assert any("веб-страница" in m.lower() or "html" in m.lower() for m in messages_of(page)), messages_of(page)

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    client.post(url("scan_upload", staff, assignment.pk), {"scan": SimpleUploadedFile("скан.pdf", pdf)})
    assignment.refresh_from_db()
    assert assignment.scan.name.endswith(".pdf")
    download = client.get(url("scan", staff, assignment.pk))
    assert download["Cache-Control"] == "private, no-store" and b"".join(download.streaming_content) == pdf
    assert AuditEntry.objects.filter(action=Action.ASSIGNMENT_SCAN, object_id=str(assignment.pk)).exists()


def test_the_employer_ends_early_after_seeing_the_last_day_on_the_production_calendar(client, staff, today):
    assignment = staff.in_force()
    today.move_to("2026-03-20 10:00 +03:00")
    client.force_login(staff.world.curator)
    data = {"by": "employer", "notice_on": "2026-03-20", "ended_on": "", "reason": "Длительный отпуск"}
    shown = client.post(url("end_early", staff, assignment.pk), data)
    # Friday 20 March: 23, 24 and 25 March are the three working days after the notice.
    assert "25 марта 2026 г." in text(shown) and 'data-testid="confirm"' in text(shown)
    assignment.refresh_from_db()
    assert assignment.status == Status.ACTIVE  # shown, not yet done

    too_soon = client.post(url("end_early", staff, assignment.pk), data | {"ended_on": "2026-03-24", "confirm": "1"})
    assert "не ранее 25 марта 2026 г." in text(too_soon) or "25 марта 2026 г." in text(too_soon)
    assignment.refresh_from_db()
    assert assignment.status == Status.ACTIVE

    done = client.post(url("end_early", staff, assignment.pk), data | {"confirm": "1"}, follow=True)
    assignment.refresh_from_db()
    staff.pair.refresh_from_db()
    assert assignment.status == Status.ENDED_EARLY and assignment.ended_on == date(2026, 3, 25)
    assert assignment.notice_on == date(2026, 3, 20) and assignment.ended_by == "employer"
    assert staff.pair.ends_on == date(2026, 3, 25)
    page = text(done)
    assert 'data-testid="replace"' in page
    assert reverse("mentoring:pair_replace_mentor", args=[staff.school.slug, staff.pair.pk]) in page
    notice = client.get(url("notice_pdf", staff, assignment.pk))
    assert notice["Content-Type"] == "application/pdf" and notice.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=Action.ASSIGNMENT_ENDED_EARLY, object_id=str(assignment.pk)).exists()


def test_the_mentor_refuses_with_their_own_date(client, staff, today):
    assignment = staff.in_force()
    today.move_to("2026-04-10 10:00 +03:00")
    client.force_login(staff.world.curator)
    client.post(
        url("end_early", staff, assignment.pk),
        {"by": "mentor", "notice_on": "2026-04-10", "ended_on": "2026-04-15", "reason": "Нагрузка", "confirm": "1"},
    )
    assignment.refresh_from_db()
    assert assignment.status == Status.ENDED_EARLY and assignment.ended_on == date(2026, 4, 15)
    docx = client.get(url("notice_docx", staff, assignment.pk))
    assert docx.content[:2] == b"PK"


def test_a_draft_has_no_notice_and_the_mentor_cannot_end_it(client, staff):
    assignment = staff.draft()
    client.force_login(staff.world.curator)
    assert client.get(url("notice_pdf", staff, assignment.pk)).status_code == 404
    refused = client.post(
        url("end_early", staff, assignment.pk),
        {"by": "employer", "notice_on": "2026-03-02", "reason": "Причина", "confirm": "1"},
    )
    assert "Досрочно прекратить можно только действующее соглашение." in text(refused)
    client.force_login(staff.world.mentor)
    assert client.get(url("end_early", staff, assignment.pk)).status_code == 403


def test_the_list_filters_current_and_ended_in_a_fixed_number_of_queries(
    client, staff, today, django_assert_max_num_queries
):
    current = staff.in_force()
    ended = staff.in_force(pairs=[staff.another_pair()], starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 31))
    today.move_to("2026-03-03 10:00 +03:00")
    from employment.services import assignment_end_early

    assignment_end_early(ended, by="mentor", notice_on=date(2026, 3, 3), ended_on=date(2026, 3, 6), reason="Нагрузка")
    client.force_login(staff.world.curator)
    with django_assert_max_num_queries(14):
        page = client.get(url("list", staff))
    body = text(page)
    assert current.get_absolute_url() in body and ended.get_absolute_url() not in body
    assert "Иванова Анна Сергеевна" in body and "Сидорова Елена" in body and "3\xa0100,00\xa0₽" in body
    ended_page = text(client.get(url("list", staff) + "?status=ended"))
    assert ended.get_absolute_url() in ended_page and current.get_absolute_url() not in ended_page

    for _ in range(5):  # more assignments, more mentees: the same queries
        mentor = teacher_mentor(staff.school, capacity=3)
        from mentoring.services import create_pair

        pair = create_pair(
            program=staff.program,
            mentor=mentor,
            mentees=[MenteeFactory(person__organization=staff.school) for _ in range(2)],
            form=staff.form,
            started_on=date(2026, 3, 3),
        )
        staff.draft(mentor=mentor, pairs=[pair], starts_on=date(2026, 3, 3))
    with django_assert_max_num_queries(14):
        page = client.get(url("list", staff))
    assert text(page).count("data-assignment=") == 6


def test_the_coordinator_sees_no_names_nor_pay(client, staff):
    assignment = staff.in_force()
    client.force_login(staff.world.coordinator)
    for target in [url("list", staff), assignment.get_absolute_url(), url("pay_rules", staff), url("statement", staff)]:
        assert client.get(target).status_code == 403, target


def test_the_head_keeps_the_rules_of_pay(client, staff):
    client.force_login(staff.world.director)
    page = client.get(url("pay_rules", staff))
    assert "Доплата за наставничество" in text(page) and "3\xa0100,00\xa0₽ за наставляемого в месяц" in text(page)
    client.post(
        url("pay_rules", staff),
        {
            "name": "Доля оклада",
            "method": "salary_share",
            "base": "per_month",
            "amount": "15",
            "basis": "Коллективный договор",
        },
    )
    share = PayRule.objects.get(name="Доля оклада")
    assert share.organization == staff.school and share.amount == 15
    too_much = client.post(
        url("pay_rule_edit", staff, share.pk),
        {"name": "Доля оклада", "method": "salary_share", "base": "per_month", "amount": "120", "basis": "КД"},
    )
    assert "Доля оклада — не более 100 %." in text(too_much)
    share.refresh_from_db()
    assert share.amount == 15

    staff.draft()
    refused = client.post(url("pay_rule_delete", staff, staff.rule.pk), follow=True)
    assert PayRule.objects.filter(pk=staff.rule.pk).exists()
    assert any("нельзя удалить" in m for m in messages_of(refused)), messages_of(refused)
    client.post(url("pay_rule_delete", staff, share.pk))
    assert not PayRule.objects.filter(pk=share.pk).exists()
    assert AuditEntry.objects.filter(action=Action.PAY_RULE_CHANGED).count() == 2


def test_the_head_cannot_sign_another_schools_agreement_through_her_own(client, staff):
    from employment.models import PayRule as Rule
    from mentoring.services import create_pair

    school_b, program_b = staff.world.school_b, staff.world.program_b
    program_b.forms.add(staff.form)
    mentor = teacher_mentor(school_b)
    pair = create_pair(
        program=program_b,
        mentor=mentor,
        mentees=[MenteeFactory(person__organization=school_b)],
        form=staff.form,
        started_on=date(2026, 3, 2),
    )
    rule = Rule.objects.create(organization=school_b, name="Доплата", amount=1000, basis="Положение")
    theirs = staff.draft(organization=school_b, mentor=mentor, pairs=[pair], pay_rule=rule)
    client.force_login(staff.world.director)
    assert client.post(url("sign", staff, theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT


def test_the_head_confirms_her_password_before_signing_when_it_is_not_fresh(client, staff, today):
    assignment = staff.draft()
    client.force_login(staff.world.director)
    today.shift(60 * 60 * 3)  # three hours after she logged in
    response = client.post(url("sign", staff, assignment.pk), HTTP_REFERER=assignment.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("audit:sudo"))
    assignment.refresh_from_db()
    assert assignment.status == Status.DRAFT and not assignment.number
