"""Before an employee's mentoring ends: reminded 14 and 3 days before, once each, to the curator, the
head and the mentor; and listed on the curator's and the head's home page in the month it ends."""

from datetime import date

from django.urls import reverse

from employment.reminders import ASSIGNMENT_ENDING
from employment.services import assignment_end_early
from notifications.models import Notification
from notifications.services import reminders_run


def told(user):
    return sorted(Notification.objects.filter(user=user, kind=ASSIGNMENT_ENDING).values_list("key", flat=True))


def test_reminded_fourteen_and_three_days_before_the_end_once_each(staff, today):
    assignment = staff.in_force(ends_on=date(2026, 5, 31))
    w = staff.world
    for day in ["2026-05-16", "2026-05-17", "2026-05-17", "2026-05-20"]:  # 15 days before, then 14 (twice), 11
        today.move_to(f"{day} 07:00 +03:00")
        reminders_run(today=date.fromisoformat(day), queue=False)
    first = f"assignment:{assignment.pk}:ends:2026-05-31:14"
    for user in (w.curator, w.director, w.mentor):
        assert told(user) == [first], user
    assert told(w.coordinator) == [] and told(w.mentee) == []

    # The run of 28 May is missed: the 29th still tells the 3-day reminder, and only once.
    for day in ["2026-05-29", "2026-05-29", "2026-05-30"]:
        today.move_to(f"{day} 07:00 +03:00")
        reminders_run(today=date.fromisoformat(day), queue=False)
    assert told(w.director) == [first, f"assignment:{assignment.pk}:ends:2026-05-31:3"]
    assert Notification.objects.filter(kind=ASSIGNMENT_ENDING).count() == 6
    title = Notification.objects.filter(user=w.curator).first().title
    assert title == "Наставничество по ст. 351.8 ТК заканчивается 31 мая 2026 г.: Иванова Анна Сергеевна"


def test_an_assignment_ended_early_or_still_a_draft_is_not_reminded(staff, today):
    ended = staff.in_force(ends_on=date(2026, 3, 31))
    staff.draft(pairs=[staff.another_pair()], ends_on=date(2026, 3, 20))
    today.move_to("2026-03-10 07:00 +03:00")
    assignment_end_early(ended, by="mentor", notice_on=date(2026, 3, 10), ended_on=date(2026, 3, 13), reason="Нагрузка")
    reminders_run(today=date(2026, 3, 18), queue=False)
    assert not Notification.objects.filter(kind=ASSIGNMENT_ENDING).exists()


def test_the_home_page_lists_what_ends_this_month_for_the_curator_and_the_head(client, staff, today):
    soon = staff.in_force(ends_on=date(2026, 3, 27))
    later = staff.in_force(pairs=[staff.another_pair()], ends_on=date(2026, 5, 31))
    for user in (staff.world.curator, staff.world.director):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert "Наставничество работников, которое заканчивается в этом месяце" in page
        assert soon.get_absolute_url() in page and later.get_absolute_url() not in page
        assert "заканчивается 27 марта 2026 г." in page
    client.force_login(staff.world.coordinator)
    assert soon.get_absolute_url() not in client.get(reverse("home")).content.decode()


def test_the_daily_run_closes_terms_that_ran_out_but_not_on_a_pretended_day(staff, today):
    from employment.models import Status

    assignment = staff.in_force(ends_on=date(2026, 3, 31))
    reminders_run(today=date(2026, 4, 10), queue=False)  # «send_reminders --date 2026-04-10» on 2 March
    assignment.refresh_from_db()
    assert assignment.status == Status.ACTIVE
    today.move_to("2026-04-01 07:00 +03:00")
    reminders_run(today=date(2026, 4, 1), queue=False)
    assignment.refresh_from_db()
    assert assignment.status == Status.ENDED
