"""A month's pay with a start, a replacement and an early end, checked by hand (pro rata by calendar
days: the month's sum × days ÷ days of the month; March 2026 has 31 days)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from employment import documents, figures, services
from employment.models import PayRule, Status
from mentoring.services import create_pair, replace_mentor
from tests.factories import MenteeFactory, ProgramFactory, teacher_mentor


def test_a_month_with_a_start_a_replacement_and_an_early_end(world):
    from mentoring.models import MentoringForm

    school = world.school_a
    program = ProgramFactory(organization=school, period_start=date(2025, 9, 1), period_end=date(2026, 5, 31))
    form = MentoringForm.objects.filter(audience="teachers", organization=None).first()
    program.forms.add(form)
    rule = PayRule.objects.create(
        organization=school, name="Доплата", amount=Decimal("3100.00"), basis="Положение об оплате труда, п. 5.3"
    )
    first, second = teacher_mentor(school, capacity=3), teacher_mentor(school, capacity=3)
    anna, boris = MenteeFactory(person__organization=school), MenteeFactory(person__organization=school)
    with time_machine.travel(date(2026, 3, 1)):
        pair_a = create_pair(program=program, mentor=first, mentees=[anna], form=form, started_on=date(2026, 3, 10))
        pair_b = create_pair(program=program, mentor=first, mentees=[boris], form=form, started_on=date(2026, 3, 1))
        a = services.assignment_create(
            organization=school,
            mentor=first,
            pairs=[pair_a, pair_b],
            form=form,
            content="Адаптация",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 5, 31),
            pay_rule=rule,
        )
        services.assignment_sign(a, user=world.director)
        services.assignment_acknowledge(a, on=date(2026, 3, 1))
    with time_machine.travel(date(2026, 3, 16)):
        replace_mentor(pair_b, new_mentor=second, on=date(2026, 3, 16), reason="Переход")
        b = services.assignment_create(
            organization=school,
            mentor=second,
            pairs=[pair_b],
            form=form,
            content="Адаптация",
            starts_on=date(2026, 3, 16),
            ends_on=date(2026, 5, 31),
            pay_rule=rule,
        )
        services.assignment_sign(b, user=world.director)
        services.assignment_acknowledge(b, on=date(2026, 3, 16))
    with time_machine.travel(date(2026, 3, 20)):
        # Notice on Friday 20 March: 23, 24, 25 March are the three working days; the end is 25 March.
        services.assignment_end_early(b, by="employer", notice_on=date(2026, 3, 20), reason="Отпуск")
    b.refresh_from_db()
    assert b.status == Status.ENDED_EARLY and b.ended_on == date(2026, 3, 25)

    rows = {p.assignment.pk: p for p in figures.statement(school, 2026, 3)}
    # The first mentor: Anna 10–31 March (22 days), Boris 1–15 March (15 days), 100 ₽ a day.
    assert [(line.days, line.amount) for line in rows[a.pk].lines] == [
        (15, Decimal("1500.00")),
        (22, Decimal("2200.00")),
    ]
    assert rows[a.pk].total == Decimal("3700.00")
    # The second mentor: Boris 16–25 March, 10 days.
    assert rows[b.pk].total == Decimal("1000.00")
    # April: the first mentor's whole month for Anna only; the second mentor nothing.
    april = {p.assignment.pk: p.total for p in figures.statement(school, 2026, 4)}
    assert april == {a.pk: Decimal("3100.00")}


def test_the_employer_cannot_end_before_three_working_days(world):
    from django.core.exceptions import ValidationError

    from mentoring.models import MentoringForm

    school = world.school_a
    program = ProgramFactory(organization=school, period_start=date(2025, 9, 1), period_end=date(2026, 5, 31))
    form = MentoringForm.objects.filter(audience="teachers", organization=None).first()
    program.forms.add(form)
    rule = PayRule.objects.create(organization=school, name="Доплата", amount=Decimal("3000"), basis="Положение")
    mentor = teacher_mentor(school)
    with time_machine.travel(date(2026, 4, 1)):
        pair = create_pair(
            program=program,
            mentor=mentor,
            mentees=[MenteeFactory(person__organization=school)],
            form=form,
            started_on=date(2026, 4, 1),
        )
        a = services.assignment_create(
            organization=school,
            mentor=mentor,
            pairs=[pair],
            form=form,
            content="Методика урока",
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 5, 31),
            pay_rule=rule,
        )
        services.assignment_sign(a, user=world.director)
        services.assignment_acknowledge(a, on=date(2026, 4, 1))
    with time_machine.travel(date(2026, 4, 29)), pytest.raises(ValidationError, match="5 мая 2026"):
        services.assignment_end_early(
            a, by="employer", notice_on=date(2026, 4, 29), ended_on=date(2026, 5, 4), reason="Причина"
        )
    a.refresh_from_db()
    assert a.status == Status.ACTIVE and a.ended_on is None  # nothing half-saved
    with time_machine.travel(date(2026, 4, 29)):
        services.assignment_end_early(a, by="employer", notice_on=date(2026, 4, 29), reason="Причина")
    a.refresh_from_db()
    data = documents.notice_data(a)
    assert "5 мая 2026 г." in " ".join(data["paragraphs"])
    assert documents.pdf_bytes(data).startswith(b"%PDF")
    assert documents.docx_bytes(documents.agreement_data(a))[:2] == b"PK"
