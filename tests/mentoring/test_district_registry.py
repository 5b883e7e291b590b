"""The district mentor registry names adults only, and never places a pupil by surname."""

from django.urls import reverse

from tests.factories import MentorFactory, PersonFactory, child


def test_pupils_are_listed_after_the_adults_by_grade_not_among_them_by_surname(client, world):
    school = world.school_a
    MentorFactory(person=PersonFactory(organization=school, last_name="Борисова"), category="teacher")
    MentorFactory(person=PersonFactory(organization=school, last_name="Яковлева"), category="teacher")
    # By surname «Аксенов» would come first and «Васильев» between the two teachers.
    MentorFactory(person=child(school, grade=10, last_name="Аксенов"), category="student")
    MentorFactory(person=child(school, grade=9, last_name="Васильев"), category="student")
    client.force_login(world.coordinator)
    page = client.get(reverse("mentoring:district_mentors", args=[school.municipality.slug]))
    rows = [(m.person.last_name, m.person.grade) for m in page.context["page"]]
    assert rows == [("Борисова", None), ("Яковлева", None), ("Васильев", 9), ("Аксенов", 10)]
    html = page.content.decode()
    assert "Васильев" not in html and "Аксенов" not in html


def test_a_page_of_the_registry_counts_its_own_rows_only_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    from datetime import date

    from mentoring import district_views
    from mentoring.services import create_pair
    from tests.factories import MenteeFactory, standard_form, teacher_mentor

    school = world.school_a
    form = standard_form("traditional")
    world.program.forms.add(form)
    for n in range(district_views.PAGE_SIZE + 4):
        MentorFactory(person=PersonFactory(organization=school, last_name=f"Учитель{n:03d}"), category="teacher")
    last = teacher_mentor(school)
    last.person.last_name = "Яшина"
    last.person.save()
    create_pair(
        program=world.program,
        mentor=last,
        mentees=[MenteeFactory(person=PersonFactory(organization=school))],
        form=form,
        started_on=date(2026, 10, 1),
    )
    client.force_login(world.coordinator)
    url = reverse("mentoring:district_mentors", args=[school.municipality.slug])

    with django_assert_max_num_queries(14):
        first = client.get(url)
    assert len(first.context["page"].object_list) == district_views.PAGE_SIZE
    second = client.get(url, {"page": 2})
    rows = {m.person.last_name: m.n_mentees for m in second.context["page"]}
    assert len(rows) == 5 and rows[last.person.last_name] == 1
    assert second.context["page"].paginator.count == district_views.PAGE_SIZE + 5


def test_the_course_column_shows_a_finished_course_and_flags_a_status_trained_without_one(client, world):
    from datetime import date

    import time_machine
    from django.utils import translation

    from mentoring.models import Mentor, MentorTraining
    from mentoring.services import create_pair
    from tests.factories import MenteeFactory, standard_form, teacher_mentor

    school = world.school_a
    form = standard_form("traditional")
    world.program.forms.add(form)
    working = teacher_mentor(school, status="active", capacity=2)  # «действует» after a course
    working.person.last_name = "Андреева"
    working.person.save()
    MentorTraining.objects.create(mentor=working, started_on=date(2026, 9, 1), finished_on=date(2026, 9, 30))
    declared = MentorFactory(person=PersonFactory(organization=school, last_name="Борисова"), status="trained")
    MentorTraining.objects.create(mentor=declared, started_on=date(2026, 11, 1))  # still under way: not yet
    create_pair(
        program=world.program,
        mentor=working,
        mentees=[MenteeFactory(person=PersonFactory(organization=school)) for _ in range(2)],
        form=form,
        started_on=date(2026, 10, 1),
    )
    Mentor.objects.filter(pk=working.pk).update(capacity=1)  # the school lowered her maximum later
    client.force_login(world.coordinator)

    with translation.override("ru"), time_machine.travel(date(2026, 11, 20), tick=False):
        page = client.get(reverse("mentoring:district_mentors", args=[school.municipality.slug]))
    rows = {m.person.last_name: m for m in page.context["page"]}
    html = page.content.decode()

    assert rows["Андреева"].trained_on == date(2026, 9, 30) and rows["Борисова"].trained_on is None
    assert "Курс пройден" in html and "30.09.2026" in html
    assert "статус «обучен», курс не записан" in html
    assert "сверх максимума" in html and "2 / 1" in html


def test_organization_names_do_not_break_inside_their_number_or_after_the_abbreviation(client, world):
    from mentoring.templatetags.mentoring_extras import nobreak

    assert nobreak("МБОУ «Акбулакская СОШ №3»") == "МБОУ\xa0«Акбулакская СОШ\xa0№3»"
    assert nobreak("МБДОУ «Детский сад № 14»") == "МБДОУ\xa0«Детский сад\xa0№\xa014»"
    assert nobreak("Детский сад «Ромашка»") == "Детский сад «Ромашка»"
    MentorFactory(person=PersonFactory(organization=world.school_a), category="teacher")
    client.force_login(world.coordinator)

    html = client.get(reverse("mentoring:district_mentors", args=[world.school_a.municipality.slug])).content.decode()

    assert '<td class="small">МБОУ\xa0«СОШ\xa0№1»</td>' in html
