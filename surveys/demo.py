"""The demo's questionnaires: СОШ №4 asked its mentees their needs in September and measured again in
December (the growth page compares the two), and has an anonymous feedback questionnaire open now;
the lyceum's pupils answered the same feedback questionnaire, so the district compares two schools."""

import random
from datetime import timedelta

from django.utils import timezone

from mentoring.models import Consent, Mentee, Person
from roadmap.models import Program

from .models import Answer, Campaign, Question, Questionnaire, Response, Section
from .services import campaign_create, sheet_open
from .standard import install_standard_questionnaires


def _answer(response, questionnaire, rng, lift=0):
    rows = []
    for q in questionnaire.questions.all():
        if q.scale_max:
            rows.append(
                Answer(response=response, question=q, number=min(q.scale_max, max(1, rng.randint(4, 8) + lift)))
            )
        elif q.kind == Question.Kind.YESNO:
            rows.append(Answer(response=response, question=q, number=int(rng.random() < 0.7)))
        elif q.kind == Question.Kind.SINGLE:
            rows.append(Answer(response=response, question=q, choices=[rng.choice(q.choices)]))
        elif q.kind == Question.Kind.MULTIPLE:
            rows.append(Answer(response=response, question=q, choices=rng.sample(q.choices, 2)))
        elif q.kind == Question.Kind.LONG and rng.random() < 0.5:
            rows.append(
                Answer(
                    response=response,
                    question=q,
                    text=rng.choice(
                        [
                            "Больше практики",
                            "Понравились встречи с наставником",
                            "Хочу продолжить",
                            "Удобнее встречаться онлайн",
                        ]
                    ),
                )
            )
    Answer.objects.bulk_create(rows)
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now())


def answered_campaign(
    program, code, title, people, *, opens, closes, phase="", anonymous=False, answered=1.0, lift=0, seed=0
):
    questionnaire = Questionnaire.objects.get(code=code, organization=None)
    campaign, links = campaign_create(
        program=program,
        questionnaire=questionnaire,
        title=title,
        opens_on=opens,
        closes_on=closes,
        anonymous=anonymous,
        phase=phase,
        people=people,
        user=program.curator,
    )
    rng = random.Random(seed)
    today = timezone.localdate()
    for _person, token in links[: round(len(links) * answered)]:
        # Opening a sheet needs the campaign open today: open it for the seeding, then restore.
        Campaign.objects.filter(pk=campaign.pk).update(
            opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=1)
        )
        _c, response = sheet_open(token)
        _answer(response, questionnaire, rng, lift)
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=opens, closes_on=closes)
    return campaign


def seed_surveys(*, organizations):
    install_standard_questionnaires(Questionnaire, Section, Question)
    school = organizations["sosh-4"]
    if Campaign.objects.filter(organization=school).exists():
        return
    today = timezone.localdate()
    program = Program.objects.filter(organization=school).order_by("-period_start").first()
    pupils = [m.person for m in Mentee.objects.of(school).filter(category="student").select_related("person")]
    answered_campaign(
        program,
        "mentee-needs",
        "Анкета запросов наставляемых",
        pupils,
        opens=program.period_start,
        closes=program.period_start + timedelta(days=20),
        phase="entry",
        seed=1,
    )
    answered_campaign(
        program,
        "mentee-satisfaction",
        "Итоговый замер: удовлетворённость и динамика",
        pupils,
        opens=today - timedelta(days=10),
        closes=today - timedelta(days=1),
        phase="exit",
        lift=2,
        seed=2,
    )
    answered_campaign(
        program,
        "feedback",
        "Промежуточная обратная связь",
        pupils,
        opens=today - timedelta(days=3),
        closes=today + timedelta(days=10),
        anonymous=True,
        answered=0.6,
        seed=3,
    )

    lyceum = organizations["licey-1"]
    lyceum_program = Program.objects.filter(organization=lyceum).order_by("-period_start").first()
    people = []
    for i, name in enumerate(["Алексеев", "Борисова", "Гусев", "Денисова", "Ершов"]):
        person, new = Person.objects.get_or_create(
            organization=lyceum,
            last_name=name,
            first_name="Ученик" if i % 2 == 0 else "Ученица",
            defaults={"grade": 9, "parent_name": "Родитель", "parent_phone": "+7 900 000-00-00"},
        )
        if new:
            Consent.objects.create(
                person=person,
                kind="processing",
                given_by="parent",
                giver_name="Родитель",
                given_on=lyceum_program.period_start,
            )
        people.append(person)
    answered_campaign(
        lyceum_program,
        "feedback",
        "Обратная связь от наставляемых",
        people,
        opens=today - timedelta(days=5),
        closes=today + timedelta(days=5),
        anonymous=True,
        lift=1,
        seed=4,
    )
