"""The demo's best-practice bank: СОШ №4 has one published case of a completed pair of young-teacher
mentoring, with everyone's consent to distribution recorded, so the district's public bank and the
school's public section have something to show. Call `seed_practices(organizations=...)` after
`seed_orders` in `seed_demo`; running it twice changes nothing."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from mentoring.models import (
    Consent,
    ConsentGiver,
    ConsentKind,
    Membership,
    Mentee,
    Mentor,
    MentoringForm,
    Person,
    Role,
)
from mentoring.services import complete_pair, create_pair
from roadmap.models import Program

from . import services
from .models import Practice

CASE = (
    "Молодая учительница истории в первый год работы испытывала трудности с дисциплиной на уроках и "
    "планированием. Наставник и наставляемая составили индивидуальный план развития: взаимопосещение "
    "уроков (12 уроков за полугодие), совместная разработка технологических карт, разбор видеозаписей "
    "фрагментов уроков, подготовка к открытому уроку для методического объединения."
)
RESULT = (
    "Открытый урок «Смутное время» получил высокую оценку методического объединения; доля учащихся "
    "с отметками «4» и «5» в классах наставляемой выросла с 48 % до 61 %; наставляемая выступила на "
    "муниципальном семинаре молодых педагогов."
)


def _consents(person, on, kinds):
    for kind in kinds:
        Consent.objects.get_or_create(
            person=person, kind=kind, revoked_on=None, defaults={"given_on": on, "given_by": ConsentGiver.PERSON}
        )


@transaction.atomic
def seed_practices(*, organizations):
    school = organizations["sosh-4"]
    if Practice.objects.filter(organization=school).exists():
        return None
    program = Program.objects.filter(organization=school).order_by("-period_start").first()
    curator = Membership.objects.filter(organization=school, role=Role.CURATOR).select_related("user").first()
    director = Membership.objects.filter(organization=school, role=Role.DIRECTOR).select_related("user").first()
    if program is None or curator is None or director is None:
        return None
    form = program.forms.filter(audience=MentoringForm.Audience.TEACHERS).first()
    if form is None:
        form = MentoringForm.objects.get(code="traditional", organization=None)
        program.forms.add(form)
    today = timezone.localdate()
    start = min(program.period_start, today)
    mentor_person = Person.objects.create(
        organization=school,
        last_name="Морозова",
        first_name="Наталья",
        patronymic="Сергеевна",
        birth_date=date(1978, 4, 12),
        position="учитель истории и обществознания",
        subject="История",
        experience_years=22,
    )
    mentee_person = Person.objects.create(
        organization=school,
        last_name="Кравцова",
        first_name="Дарья",
        patronymic="Андреевна",
        birth_date=date(start.year - 23, 6, 3),
        position="учитель истории",
        subject="История",
        experience_years=1,
    )
    _consents(mentor_person, start, [ConsentKind.PROCESSING, ConsentKind.MENTORING, ConsentKind.PUBLICATION])
    _consents(mentee_person, start, [ConsentKind.PROCESSING, ConsentKind.PUBLICATION])
    mentor = Mentor.objects.create(
        person=mentor_person, category="teacher", workplace=school.short_name, status="active", included_on=start
    )
    mentee = Mentee.objects.create(
        person=mentee_person, category="young_teacher", request="Дисциплина на уроке, планирование", entered_on=start
    )
    pair = create_pair(
        program=program,
        mentor=mentor,
        mentees=[mentee],
        form=form,
        started_on=start,
        goal="Адаптация молодого учителя истории",
    )
    complete_pair(pair, finished_on=today, result=RESULT, case=CASE, case_for_bank=True)
    practice = services.practice_create(
        pair=pair,
        user=curator.user,
        title="Первый год в профессии: от трудностей с дисциплиной к открытому уроку",
        description=CASE,
        results=RESULT,
    )
    services.practice_propose(practice, user=curator.user)
    return services.practice_approve(practice, user=director.user)
