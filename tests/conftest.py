import os
from dataclasses import dataclass

import pytest

from mentoring.models import Competency, MentoringForm, Role
from mentoring.standard_forms import install_standard_competencies, install_standard_forms

from .factories import ActivityFactory, OrganizationFactory, ProgramFactory, SectionFactory, UserFactory, member

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the live server's
# fixtures are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    """Two schools of one district and one of another: every role, an outsider, and a roadmap."""

    school_a: object
    school_b: object
    foreign_school: object
    curator: object
    director: object
    mentor: object
    mentee: object
    coordinator: object
    curator_b: object
    foreign_coordinator: object
    outsider: object
    program: object
    section: object
    activity: object
    program_b: object
    activity_b: object


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return bool(flagged) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.fixture
def world(request, db):
    if _transactional(request.node):
        # A transactional test starts from emptied tables, and its serialized rollback does not reach
        # the connection seen under Playwright's event loop: put the data migrations' rows back.
        install_standard_forms(MentoringForm)
        install_standard_competencies(Competency)
    school_a = OrganizationFactory(slug="school-a", short_name="МБОУ «СОШ №1»")
    school_b = OrganizationFactory(slug="school-b", short_name="МБОУ «СОШ №2»", municipality=school_a.municipality)
    foreign_school = OrganizationFactory(slug="foreign-school", short_name="МБОУ «Чужая СОШ»")
    curator = member(school_a, Role.CURATOR, email="curator@a.test", last_name="Петрова", first_name="Ольга")
    program = ProgramFactory(organization=school_a, curator=curator)
    section = SectionFactory(program=program, number="1", stage=1, position=1)
    activity = ActivityFactory(section=section, number="1.1")
    program_b = ProgramFactory(organization=school_b)
    activity_b = ActivityFactory(section=SectionFactory(program=program_b, position=1), number="1.1")
    return World(
        school_a=school_a,
        school_b=school_b,
        foreign_school=foreign_school,
        curator=curator,
        director=member(school_a, Role.DIRECTOR, email="director@a.test"),
        mentor=member(school_a, Role.MENTOR, email="mentor@a.test"),
        mentee=member(school_a, Role.MENTEE, email="mentee@a.test"),
        coordinator=member(school_a, Role.COORDINATOR, email="coordinator@district.test"),
        curator_b=member(school_b, Role.CURATOR, email="curator@b.test"),
        foreign_coordinator=member(foreign_school, Role.COORDINATOR, email="coordinator@foreign.test"),
        outsider=UserFactory(email="outsider@nowhere.test"),
        program=program,
        section=section,
        activity=activity,
        program_b=program_b,
        activity_b=activity_b,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Failed logins are counted per address in the cache (mentoring/auth.py): no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest regroups the tests by session-scoped parameters (Playwright's browser) after
    pytest-django has put the transactional ones last. Put them last again: a transactional test
    ends by emptying the tables, and the tests after it would find no standard forms or vocabulary."""

    items.sort(key=_transactional)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
