"""The figures of employees' mentoring, computed here only: each page, the statement (XLSX), the
agreement and the order «об установлении выплат» read them from this module.

Pay for a part of a month is pro rata by CALENDAR days: a month's sum × the days mentored ÷ the days
of the month. Why calendar days rather than working days: the pay is set «в месяц» for a duty that runs
every day of the term (a mentee does not stop being mentored on a holiday), and calendar days give the
accountant a figure she can check with the month's length alone. The statement says so.

What is counted for a mentor in a month:
- per month: the days of the month inside the assignment's term (its start to its last day, the early
  end included);
- per mentee: for each mentee of the assignment's pairs, the days they were this mentor's mentee inside
  that term: from joining the pair to leaving it (or the pair's end), and, where the pair's mentor was
  replaced, only the days this mentor had the pair (until the day before the replacement; the new
  mentor from the day of it).
Sums are rounded to kopecks, half up, per line; the total is the sum of the lines.
"""

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format

from .models import PayBase, PayMethod

KOPECK = Decimal("0.01")
PRO_RATA_RULE = "пропорционально календарным дням месяца"


def rub(value):
    """«12 345,60 ₽»."""
    text = f"{Decimal(value).quantize(KOPECK):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0₽"


def month_bounds(year, month):
    return date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1])


def _overlap(start, end, lo, hi):
    """Days of [start, end] within [lo, hi], both included (0 when they do not meet)."""
    start, end = max(start, lo), min(end, hi)
    return (end - start).days + 1 if end >= start else 0


def monthly_rate(assignment):
    """The full month's sum, per mentee or per month: as frozen at signing for a signed agreement (a later
    change of the rule never reaches it), from the rule for a draft. A share of the salary needs it."""
    if assignment.signed_monthly_rate is not None:
        return assignment.signed_monthly_rate
    method, _base, amount = assignment.pay_terms
    if method == PayMethod.FIXED:
        return amount
    return ((assignment.salary or Decimal(0)) * amount / 100).quantize(KOPECK, ROUND_HALF_UP)


def pay_base(assignment):
    return assignment.pay_terms[1]


def tenure(pair, mentor_id, changes):
    """The spans [from, to] during which `mentor_id` was the pair's mentor, from its replacements."""
    spans, holder, start = [], None, pair.started_on
    ordered = sorted(changes, key=lambda c: (c.changed_on, c.pk))
    holder = ordered[0].previous_mentor_id if ordered else pair.mentor_id
    for change in ordered:
        if holder == mentor_id:
            spans.append((start, change.changed_on - timedelta(days=1)))
        holder, start = change.new_mentor_id, change.changed_on
    if holder == mentor_id:
        spans.append((start, pair.finished_on or date.max))
    return spans


@dataclass
class Line:
    """One mentee (or the month itself, for a per-month rule) on a mentor's statement."""

    label: str
    start: date
    end: date
    days: int
    amount: Decimal = Decimal(0)


@dataclass
class MonthPay:
    assignment: object
    year: int
    month: int
    days_in_month: int
    rate: Decimal
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def days(self):
        return sum(line.days for line in self.lines)


def _mentee_spans(assignment, lo, hi):
    """(mentee's name, start, end) for every stretch a mentee of the assignment's pairs was this
    mentor's mentee within [lo, hi]."""
    spans = []
    for pair in assignment.pairs.all():
        changes = list(pair.mentor_changes.all())
        for own_start, own_end in tenure(pair, assignment.mentor_id, changes):
            for member in pair.members.all():
                end = min(member.left_on or date.max, pair.finished_on or date.max, own_end, hi)
                start = max(member.joined_on, own_start, lo)
                if end >= start:
                    spans.append((member.mentee.person.full_name, start, end))
    return sorted(spans, key=lambda s: (s[1], s[0]))


def month_pay(assignment, year, month):
    """What `assignment` earns in the month (pro rata by calendar days; see the module's note)."""
    first, last = month_bounds(year, month)
    days_in_month = last.day
    rate = monthly_rate(assignment)
    pay = MonthPay(assignment, year, month, days_in_month, rate)
    if not assignment.is_paid:
        return pay  # nothing is paid before the agreement is concluded (signed by both sides)
    lo, hi = max(first, assignment.starts_on), min(last, assignment.last_day)
    if hi < lo:
        return pay
    if pay_base(assignment) == PayBase.PER_MONTH:
        spans = [(date_format(first, "F Y"), lo, hi)]
    else:
        spans = _mentee_spans(assignment, lo, hi)
    for label, start, end in spans:
        days = _overlap(start, end, lo, hi)
        amount = (rate * days / days_in_month).quantize(KOPECK, ROUND_HALF_UP)
        pay.lines.append(Line(label, start, end, days, amount))
    return pay


def full_month_amount(assignment):
    """The assignment's sum for a whole month with its current mentees: what the agreement and the
    order print as its pay."""
    rate = monthly_rate(assignment)
    if pay_base(assignment) == PayBase.PER_MONTH:
        return rate
    mentees = sum(1 for pair in assignment.pairs.all() for member in pair.members.all() if member.left_on is None)
    return rate * mentees


def assignments_for_statement(organization, year, month):
    from .models import Assignment

    first, last = month_bounds(year, month)
    return (
        Assignment.objects.of(organization)
        .paid()
        .filter(starts_on__lte=last)
        .select_related("mentor__person", "pay_rule", "form")
        .prefetch_related("pairs__members__mentee__person", "pairs__mentor_changes")
        .order_by("mentor__person__last_name", "mentor__person__first_name", "starts_on", "pk")
    )


def statement(organization, year, month):
    """The month's pay of every mentor with an assignment that month: [MonthPay] with a sum."""
    first, _last = month_bounds(year, month)
    rows = []
    for assignment in assignments_for_statement(organization, year, month):
        if assignment.last_day < first:
            continue
        rows.append(month_pay(assignment, year, month))
    return rows


def order_amounts(program):
    """«Размер выплаты» of the order on payments for mentoring («Об установлении выплат»), per mentor of
    the program's pairs: the month's sum of each of their assignments in force (concluded by both
    sides) that covers a pair of the program (as the agreement prints it, `full_month_amount`), with
    the agreement's number. A mentor with no assignment in force is absent: the order's page says so."""
    from .models import Assignment

    assignments = (
        Assignment.objects.of(program.organization)
        .in_force()
        .filter(pairs__program=program)
        .distinct()
        .select_related("pay_rule")
        .prefetch_related("pairs__members")
        .order_by("starts_on", "pk")
    )
    amounts = {}
    for assignment in assignments:
        text = f"{rub(full_month_amount(assignment))} в месяц"
        if assignment.number:
            text += f" (соглашение № {assignment.number})"
        amounts.setdefault(assignment.mentor_id, []).append(text)
    return {mentor_id: "; ".join(texts) for mentor_id, texts in amounts.items()}
