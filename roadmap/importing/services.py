"""Putting a parsed roadmap into a program, atomically."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.models import Role, User

from ..models import Activity, Program, Section
from ..services import district_cascade

ROLE_WORDS = [
    (
        Role.CURATOR,
        ("куратор", "заместитель директора", "зам. директора", "зам директора", "ст. воспитател", "старший воспитател"),
    ),
    (Role.DIRECTOR, ("директор", "заведующ", "руководител")),
    (Role.MENTOR, ("наставник",)),
    (Role.COORDINATOR, ("координатор",)),
]
INITIALS = re.compile(r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ])\.\s*([А-ЯЁ])\.?")


def match_role(text):
    """The role a responsible cell names first, as written («Заместитель директора по УВР Куратор» →
    curator; «Чеснокова Г.Я., заведующий; Годжаева С.В., ст. воспитатель» → director)."""
    name = (text or "").lower().replace("ё", "е")
    found = [(name.find(word), role) for role, words in ROLE_WORDS for word in words if name.find(word) >= 0]
    return min(found)[1] if found else ""


def match_people(text, organization):
    """Members of the organization named in the cell as «Фамилия И.О.»."""
    found = []
    for last_name, first, patronymic in INITIALS.findall(text or ""):
        users = User.objects.filter(
            memberships__organization=organization,
            last_name__iexact=last_name,
            first_name__istartswith=first,
            patronymic__istartswith=patronymic,
        ).distinct()
        found.extend(users)
    return list(dict.fromkeys(found))


class Responsible:
    """Responsible cells matched to roles and members, each distinct text once (a roadmap repeats
    «Заместитель директора по УВР, куратор» on every row)."""

    def __init__(self, organization):
        self.organization = organization
        self._cache = {}

    def match(self, text):
        """(role, people) for a cell; both empty when it names no one the portal knows."""
        if text not in self._cache:
            self._cache[text] = (match_role(text), match_people(text, self.organization)) if text else ("", [])
        return self._cache[text]

    def unmatched(self, parsed):
        """Warnings for the cells that match no role and no member."""
        return [
            _("%(n)s: «%(text)s» matches no role or member of the organization; kept as written.")
            % {"n": activity.number, "text": activity.responsible}
            for section in parsed.sections
            for activity in section.activities
            if activity.responsible and self.match(activity.responsible) == ("", [])
        ]


@transaction.atomic
def roadmap_import(*, program: Program, parsed):
    """Append the parsed sections and activities to `program`'s roadmap; either everything is saved
    or nothing. Returns messages about what else happened (a district roadmap's sending)."""
    Program.objects.select_for_update().get(pk=program.pk)
    responsible = Responsible(program.organization)
    warnings = []
    position = (program.sections.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    for offset, parsed_section in enumerate(parsed.sections):
        section = Section.objects.create(
            program=program,
            organization=program.organization,
            number=parsed_section.number[:12],
            title=parsed_section.title[:500] or _("Section"),
            stage=parsed_section.stage,
            position=position + offset,
        )
        for index, item in enumerate(parsed_section.activities, start=1):
            role, people = responsible.match(item.responsible)
            start, due = item.starts_on, item.due_on
            if start and due and start > due:
                start = due
            activity = Activity.objects.create(
                program=program,
                section=section,
                organization=program.organization,
                number=item.number[:12],
                position=index,
                title=item.title,
                track=item.track,
                start_date=start,
                due_date=due,
                term_text=item.term[:300],
                responsible_role=role,
                responsible_text=item.responsible[:500],
                result_text=item.result,
                description=item.description,
                note=item.note,
            )
            if people:
                activity.responsible_users.set(people)
    if program.organization.kind == "office":
        # The district's roadmap: what it gives to «ОО» goes to every organization at once.
        made = district_cascade(program=program)
        warnings.append(_("%(n)s activities were sent to the district's organizations.") % {"n": made})
    return warnings
