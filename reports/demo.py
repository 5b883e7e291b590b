"""Demo participation for the district dashboard: the other demo organizations run pairs and groups
and answered their satisfaction questionnaires, so the heat map, the coverage indicators and the
satisfaction column differ from school to school. Seeding twice changes nothing."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from mentoring.models import Consent, ConsentKind, Mentee, Mentor, Pair, PairMember, Person
from mentoring.services import form_fit_problems
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
# Boys' and girls' names alternate, as the surnames do: an even number is a boy, an odd one a girl.
FIRST_NAMES = [
    "Артём",
    "Алиса",
    "Максим",
    "Софья",
    "Иван",
    "Мария",
    "Лев",
    "Ева",
    "Марк",
    "Анна",
    "Егор",
    "Полина",
    "Тимофей",
    "Варвара",
    "Никита",
    "Ксения",
    "Роман",
    "Вера",
    "Даниил",
    "Ульяна",
]


@dataclass(frozen=True)
class Plan:
    """Who takes part in one demo organization. `grades` None: a college, whose students have no grade."""

    pupils: int
    grades: tuple | None
    peers: int  # mentors from among the students: pupils at a school, senior students at a college
    peer_category: str
    adults: int  # mentors of the students: teachers at a school, employers' specialists at a college
    adult_category: str
    teachers: int  # teachers who mentor the young teachers (the adults too, where they are teachers)
    young: int
    lift: int  # how much better than average the satisfaction answers are


PLANS = {
    "akbulak-sosh-3": Plan(18, (5, 9), 3, "student", 3, "teacher", 0, 2, -2),
    "licey-1": Plan(36, (7, 11), 8, "student", 4, "teacher", 0, 3, 1),
    "pedcollege": Plan(24, None, 6, "college_student", 2, "employer", 2, 2, 0),
    # A kindergarten mentors its teachers («воспитатели»), never its children.
    "ds-14": Plan(0, None, 0, "", 0, "", 2, 3, 2),
}
WORKPLACES = {"student": "{grade}А класс", "college_student": "группа ПД-3{n}", "employer": "МБОУ «СОШ №4», методист"}


def _person(organization, n, *, grade=None, birth=None, experience=None, minor=False, today):
    person = Person.objects.create(
        organization=organization,
        last_name=LAST_NAMES[n % len(LAST_NAMES)] + ("а" if n % 2 and not LAST_NAMES[n % 10].endswith("а") else ""),
        # Every (surname, name) pair differs for the first hundred people: no two namesakes in one school.
        first_name=FIRST_NAMES[(n % 10 + 2 * (n // 10)) % len(FIRST_NAMES)],
        grade=grade,
        birth_date=birth,
        experience_years=experience,
        parent_name="Родитель (законный представитель)" if minor else "",
        parent_phone="+7 900 300-40-50" if minor else "",
    )
    Consent.objects.create(
        person=person,
        kind=ConsentKind.PROCESSING,
        given_by="parent" if minor else "person",
        giver_name="Родитель (законный представитель)" if minor else "",
        given_on=today - timedelta(days=60),
    )
    return person


def _fitting_form(program, mentor, mentees):
    """The program's first form that joins this mentor with these mentees: a form names both sides."""
    for form in program.forms.order_by("position", "name"):
        if not form_fit_problems(form, mentor=mentor, mentees=mentees):
            return form
    raise ValueError(f"{program}: no form of the program fits a mentor of the category {mentor.category}")


def seed_participation(*, organizations, today=None):
    today = today or timezone.localdate()
    rng = random.Random(11)
    for slug, plan in PLANS.items():
        organization = organizations[slug]
        program = Program.objects.filter(organization=organization).order_by("-period_start").first()
        if program is None or Pair.objects.filter(program=program).exists():
            continue
        started = max(program.period_start, today - timedelta(days=70))
        n = 0
        pupils = []
        for _ in range(plan.pupils):
            n += 1
            if plan.grades:  # a pupil of a school: a grade, and a parent who signs for them
                grade = rng.randint(*plan.grades)
                age, minor = grade + 7, True
            else:  # a first-year college student of 16 or 17
                grade, age = None, 16 + n % 2
                minor = True
            person = _person(
                organization, n, grade=grade, birth=date(today.year - age, 4, 1 + n % 27), minor=minor, today=today
            )
            pupils.append(Mentee.objects.create(person=person, category="student", entered_on=started))
        mentors = []
        kinds = [plan.peer_category] * plan.peers + [plan.adult_category] * plan.adults + ["teacher"] * plan.teachers
        for i, category in enumerate(kinds):
            n += 1
            peer = category in ("student", "college_student")
            grade = plan.grades[1] if category == "student" else None
            age = grade + 7 if grade else (19 if category == "college_student" else 45)
            person = _person(
                organization,
                n,
                grade=grade,
                birth=date(today.year - age, 2, 3),
                experience=None if peer else 20,
                minor=category == "student",
                today=today,
            )
            if category == "teacher":  # ТК ст. 351.8: an employee mentors only with written consent
                Consent.objects.create(person=person, kind=ConsentKind.MENTORING, given_on=today - timedelta(days=60))
            mentors.append(
                Mentor.objects.create(
                    person=person,
                    category=category,
                    workplace=WORKPLACES.get(category, organization.short_name).format(grade=grade, n=i % 3 + 1),
                    status="active",
                    capacity=4,
                    included_on=started,
                )
            )
        young = []
        for i in range(plan.young):
            n += 1
            person = _person(organization, n, birth=date(today.year - 24 - i, 5, 5), experience=i, today=today)
            young.append(Mentee.objects.create(person=person, category="young_teacher", entered_on=started))
        # Four in five pupils in a pair or a group of three; one in five still waits.
        placed = pupils[: len(pupils) * 4 // 5]
        peers = [m for m in mentors if m.category == plan.peer_category]
        adults = [m for m in mentors if m.category == plan.adult_category]
        teachers = [m for m in mentors if m.category == "teacher"]
        groups, cursor = [], 0
        while cursor < len(placed):
            size = 3 if len(groups) % 3 == 2 else 1
            groups.append(placed[cursor : cursor + size])
            cursor += size
        for i, members in enumerate(groups):
            mentor = peers[i % len(peers)] if peers and i % 3 else adults[i % len(adults)]
            _pair(program, mentor, members, _fitting_form(program, mentor, members), started)
        for i, mentee in enumerate(young):
            mentor = teachers[i % len(teachers)]
            _pair(program, mentor, [mentee], _fitting_form(program, mentor, [mentee]), started)
        answered_campaign(
            program,
            "mentee-satisfaction",
            "Анкета удовлетворённости наставляемых",
            [m.person for m in placed + young],
            opens=today - timedelta(days=12),
            closes=today - timedelta(days=2),
            answered=0.8,
            lift=plan.lift,
            seed=20 + n,
        )
        answered_campaign(
            program,
            "mentor-satisfaction",
            "Анкета удовлетворённости наставников",
            [m.person for m in mentors],
            opens=today - timedelta(days=12),
            closes=today - timedelta(days=2),
            lift=plan.lift,
            seed=40 + n,
        )


def _pair(program, mentor, mentees, form, started):
    pair = Pair.objects.create(
        program=program, mentor=mentor, form=form, started_on=started, ends_on=program.period_end
    )
    PairMember.objects.bulk_create([PairMember(pair=pair, mentee=m, joined_on=started) for m in mentees])
    Mentee.objects.filter(pk__in=[m.pk for m in mentees]).update(status="paired")
    return pair
