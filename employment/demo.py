"""The demo's employees' mentoring (ТК РФ ст. 351.8) at СОШ №4: the rule of pay; the demo young
teacher's mentor working under a signed agreement (so the month's statement has her pay); and a second
teacher whose mentoring the school ended early with notice, so that the page offers a new mentor."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.models import (
    ConsentKind,
    Membership,
    Mentee,
    MenteeCategory,
    Mentor,
    MentoringForm,
    Pair,
    PairStatus,
    Role,
)
from mentoring.services import create_pair

from . import services
from .models import Assignment, EndedBy, PayRule
from .services import EMPLOYEE_MENTEES

CONTENT = (
    "Адаптация молодого педагога в коллективе, методика современного урока, выполнение персонализированной "
    "программы наставничества"
)


@transaction.atomic
def seed_employment(*, organizations, today=None):
    school = organizations["sosh-4"]
    if PayRule.objects.filter(organization=school).exists():
        return
    today = today or timezone.localdate()
    director = Membership.objects.get(organization=school, role=Role.DIRECTOR).user
    curator = Membership.objects.filter(organization=school, role=Role.CURATOR).first().user
    rule = PayRule.objects.create(
        organization=school,
        name="Доплата за наставничество молодого педагога",
        amount=Decimal("5000.00"),
        basis="Положение об оплате труда работников МБОУ «СОШ №4», п. 4.7",
    )
    main = (
        Pair.objects.filter(
            program__organization=school,
            status=PairStatus.ACTIVE,
            mentor__category="teacher",
            mentor__person__user__isnull=False,
            form__audience=MentoringForm.Audience.TEACHERS,
        )
        .exclude(members__mentee__category__in=[c for c in MenteeCategory.values if c not in EMPLOYEE_MENTEES])
        .select_related("program", "form")
        .order_by("pk")
        .first()
    )
    if main is None:
        return
    signed = services.assignment_create(
        organization=school,
        mentor=main.mentor,
        pairs=[main],
        form=main.form,
        content=CONTENT,
        starts_on=main.started_on,
        ends_on=main.ends_on or main.program.period_end,
        pay_rule=rule,
        contract="от 01.09.2015 № 17",
        user=curator,
    )
    services.assignment_sign(signed, user=director)
    services.assignment_acknowledge(signed, on=today)

    # A second teacher and a waiting young teacher: her mentoring ended early by the school, with notice.
    mentor = (
        Mentor.objects.of(school)
        .filter(category="teacher", person__consents__kind=ConsentKind.MENTORING, pairs__isnull=True)
        .exclude(pk=main.mentor_id)
        .order_by("pk")
        .first()
    )
    mentee = Mentee.objects.of(school).waiting().filter(category="young_teacher").order_by("pk").first()
    if mentor is None or mentee is None:
        return
    form = MentoringForm.objects.get(code="teacher-teacher", organization=None)
    pair = create_pair(
        program=main.program,
        mentor=mentor,
        mentees=[mentee],
        form=form,
        started_on=main.started_on,
        ends_on=main.program.period_end,
        goal="Подготовка к аттестации, работа с родителями",
    )
    ended = services.assignment_create(
        organization=school,
        mentor=mentor,
        pairs=[pair],
        form=form,
        content="Подготовка молодого педагога к аттестации, работа с родителями",
        starts_on=pair.started_on,
        ends_on=main.program.period_end,
        pay_rule=rule,
        user=curator,
    )
    services.assignment_sign(ended, user=director)
    services.assignment_acknowledge(ended, on=today)
    reason = "Длительная командировка наставника на курсы повышения квалификации"
    try:
        services.assignment_end_early(ended, by=EndedBy.EMPLOYER, notice_on=today, reason=reason)
    except ValidationError:  # no production calendar for this year yet: the agreement stays in force
        pass
    return Assignment.objects.of(school)
