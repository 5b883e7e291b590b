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
