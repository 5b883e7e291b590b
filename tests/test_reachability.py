"""From each role's home, every task of that role is two clicks away at most (issue 14): the links of
the home page, and of every page they lead to, are followed as the demo's people, and the pages where
each role's work is done must be among them."""

import io
import re
from collections import deque

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

HREF = re.compile(r'href="(/[^"#?]*)')
SKIP = re.compile(r"\.(pdf|docx|xlsx|csv|ics|zip|png|svg|css|js)$|/logout/|/admin/|/static/|/media/")

# What each role comes to the portal to do: the pages where that work is done.
TASKS = {
    "kurator.sosh4@nastavnik.test": {
        "roadmap:program_timeline",
        "roadmap:program_table",
        "mentoring:mentee_list",
        "mentoring:mentor_list",
        "mentoring:pair_list",
        "surveys:list",
        "orders:journal",
        "reports:organization_dashboard",
        "publication:practice_list",
        "employment:list",
        "consents:class_consents",
        "notifications:list",
    },
    "direktor.sosh4@nastavnik.test": {
        "orders:journal",
        "orders:detail",
        "reports:organization_dashboard",
        "roadmap:program_timeline",
        "mentoring:mentee_list",
        "publication:practice_list",
        "employment:list",
        "audit:list",
    },
    "nastavnik.sosh4@nastavnik.test": {
        "mentoring:my_pairs",
        "mentoring:pair_detail",
        "mentoring:meeting_add",
        "notifications:list",
        "notifications:calendar",
    },
    "molodoy.pedagog.sosh4@nastavnik.test": {"notifications:list", "notifications:calendar"},
    # The region's coordinator: the region's figures, and a district's and a school's below them.
    "region@nastavnik.test": {
        "reports:region_dashboard",
        "reports:region_upward",
        "reports:district_dashboard",
    },
    "koordinator@nastavnik.test": {
        "reports:district_dashboard",
        "reports:district_upward",
        "roadmap:district_programs",
        "roadmap:district_assignments",
        "surveys:district_compare",
        "mentoring:district_mentors",
        "publication:public_practices",
    },
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, stdout=io.StringIO())


def reachable(client, depth=2):
    """URL names of the pages reached from the home page in at most `depth` clicks."""
    seen, names = {"/"}, set()
    queue = deque([("/", 0)])
    while queue:
        path, level = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        try:
            names.add(resolve(path).view_name)
        except Resolver404:
            continue
        if level == depth:
            continue
        for link in HREF.findall(response.content.decode()):
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append((link, level + 1))
    return names


@pytest.mark.parametrize("email", TASKS)
def test_every_task_of_a_role_is_at_most_two_clicks_from_its_home(client, demo, email):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email=email))
    missing = TASKS[email] - reachable(client)
    assert missing == set(), f"{email}: more than two clicks from the home page: {sorted(missing)}"
