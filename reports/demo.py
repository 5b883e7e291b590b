"""Demo participation for the district dashboard: the other demo organizations run pairs and groups
and answered their satisfaction questionnaires, so the heat map, the coverage indicators and the
satisfaction column differ from school to school. Seeding twice changes nothing."""

import random
from datetime import date, timedelta

from django.utils import timezone

from mentoring.models import Consent, ConsentKind, Mentee, Mentor, MentoringForm, Pair, PairMember, Person
from roadmap.models import Program
from surveys.demo import answered_campaign

LAST_NAMES = [
    "Абрамов",
    "Белова",
    "Васильев",
    "Григорьева",
    "Давыдов",
    "Егорова",
    "Жуков",
    "Зайцева",
    "Ильин",
    "Карпова",
]
FIRST_NAMES = ["Артём", "Алиса", "Максим", "Софья", "Иван", "Мария", "Лев", "Ева", "Марк", "Анна"]

# slug: (pupils, their grades, student mentors, teacher mentors, young teachers, satisfaction lift)
PLANS = {
    "akbulak-sosh-3": (18, (5, 9), 3, 3, 2, -2),
    "licey-1": (36, (7, 11), 8, 4, 3, 1),
    "pedcollege": (24, (9, 11), 6, 2, 2, 0),
    "ds-14": (0, (1, 1), 0, 2, 3, 2),
}


def _person(organization, n, *, grade=None, birth=None, experience=None, today):
    person = Person.objects.create(
        organization=organization,
        last_name=LAST_NAMES[n % len(LAST_NAMES)] + ("а" if n % 2 and not LAST_NAMES[n % 10].endswith("а") else ""),
        first_name=FIRST_NAMES[(n * 3) % len(FIRST_NAMES)],
        grade=grade,
        birth_date=birth,
        experience_years=experience,
        parent_name="Родитель (законный представитель)" if grade else "",
        parent_phone="+7 900 300-40-50" if grade else "",
    )
    Consent.objects.create(
        person=person,
        kind=ConsentKind.PROCESSING,
        given_by="parent" if grade else "person",
        giver_name="Родитель (законный представитель)" if grade else "",
        given_on=today - timedelta(days=60),
    )
    return person


def seed_participation(*, organizations, today=None):
    today = today or timezone.localdate()
    student_form = MentoringForm.objects.get(code="student-student", organization=None)
    pupil_form = MentoringForm.objects.get(code="teacher-pupil", organization=None)
    teacher_form = MentoringForm.objects.get(code="traditional", organization=None)
    rng = random.Random(11)
    for slug, (n_pupils, grades, n_student_mentors, n_teachers, n_young, lift) in PLANS.items():
        organization = organizations[slug]
        program = Program.objects.filter(organization=organization).order_by("-period_start").first()
        if program is None or Pair.objects.filter(program=program).exists():
            continue
        program.forms.add(student_form, pupil_form, teacher_form)
        started = max(program.period_start, today - timedelta(days=70))
        n = 0
        pupils = []
        for _ in range(n_pupils):
            n += 1
            grade = rng.randint(*grades)
            person = _person(
                organization, n, grade=grade, birth=date(today.year - grade - 7, 4, 1 + n % 27), today=today
            )
            pupils.append(Mentee.objects.create(person=person, category="student", entered_on=started))
        mentors = []
        for i in range(n_student_mentors + n_teachers):
            n += 1
            student = i < n_student_mentors
            grade = grades[1] if student else None
            person = _person(
                organization, n, grade=grade, birth=date(today.year - (grade + 7 if student else 45), 2, 3), today=today
            )
            if not student:
                Consent.objects.create(person=person, kind=ConsentKind.MENTORING, given_on=today - timedelta(days=60))
            mentors.append(
                Mentor.objects.create(
                    person=person,
                    category="student" if student else "teacher",
                    status="active",
                    capacity=4,
                    included_on=started,
                )
            )
        young = []
        for i in range(n_young):
            n += 1
            person = _person(organization, n, birth=date(today.year - 24 - i, 5, 5), experience=i, today=today)
            young.append(Mentee.objects.create(person=person, category="young_teacher", entered_on=started))
        # Four in five pupils in a pair or a group of three; one in five still waits.
        placed = pupils[: len(pupils) * 4 // 5]
        teacher_mentors = [m for m in mentors if m.category == "teacher"]
        student_mentors = [m for m in mentors if m.category == "student"]
        groups, cursor = [], 0
        while cursor < len(placed):
            size = 3 if len(groups) % 3 == 2 else 1
            groups.append(placed[cursor : cursor + size])
            cursor += size
        for i, members in enumerate(groups):
            mentor = student_mentors[i % len(student_mentors)] if student_mentors and i % 3 else None
            mentor = mentor or teacher_mentors[i % len(teacher_mentors)]
            _pair(program, mentor, members, student_form if mentor.category == "student" else pupil_form, started)
        for i, mentee in enumerate(young):
            _pair(program, teacher_mentors[i % len(teacher_mentors)], [mentee], teacher_form, started)
        answered_campaign(
            program,
            "mentee-satisfaction",
            "Анкета удовлетворённости наставляемых",
            [m.person for m in placed + young],
            opens=today - timedelta(days=12),
            closes=today - timedelta(days=2),
            answered=0.8,
            lift=lift,
            seed=20 + n,
        )
        answered_campaign(
            program,
            "mentor-satisfaction",
            "Анкета удовлетворённости наставников",
            [m.person for m in mentors],
            opens=today - timedelta(days=12),
            closes=today - timedelta(days=2),
            lift=lift,
            seed=40 + n,
        )


def _pair(program, mentor, mentees, form, started):
    pair = Pair.objects.create(
        program=program, mentor=mentor, form=form, started_on=started, ends_on=program.period_end
    )
    PairMember.objects.bulk_create([PairMember(pair=pair, mentee=m, joined_on=started) for m in mentees])
    Mentee.objects.filter(pk__in=[m.pk for m in mentees]).update(status="paired")
    return pair
