"""Automatic matching of mentees with mentors: scoring and the optimal assignment. Pure: no database.

Every mentor is scored for every waiting mentee from what they have in common. The proposal is an
optimal assignment under each mentor's free places: it pairs as many mentees as the places allow
and, among all such proposals, has the greatest total score. It is found with the Hungarian method
(`scipy.optimize.linear_sum_assignment`) over the mentors repeated once per free place; a greedy
choice of the best pairs first can strand a mentee whose only fitting mentor was taken.

Scores are integers from 0 to 10 per criterion, multiplied by the curator's weight (0 to 10).
"""

from dataclasses import asdict, dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from scipy.optimize import linear_sum_assignment

from .models.organizations import MentoringForm
from .models.people import MentorCategory, Weekday

STUDENTS = MentoringForm.Audience.STUDENTS
TEACHERS = MentoringForm.Audience.TEACHERS


@dataclass(frozen=True)
class Weights:
    needs: int = 5
    form: int = 2
    age: int = 2
    subject: int = 2
    availability: int = 1
    workload: int = 1

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class MenteeIn:
    id: int
    audience: str
    needs: frozenset = frozenset()
    preferred_form: int | None = None
    age: int | None = None
    subject: str = ""
    availability: frozenset = frozenset()
    eligible: bool = True
    ineligible_reason: str = ""


@dataclass(frozen=True)
class FormIn:
    """One of the program's forms as matching sees it: its mentee audience and the mentor categories
    it takes (empty: any). A bare audience string stands for a form that takes any mentor."""

    audience: str
    mentors: frozenset = frozenset()
    name: str = ""

    @classmethod
    def of(cls, side):
        return side if isinstance(side, cls) else cls(audience=side)

    def takes(self, category):
        return not self.mentors or category in self.mentors

    def mentor_side_text(self):
        if not self.mentors:
            return _("any mentor")
        labels = dict(MentorCategory.choices)
        return ", ".join(sorted(str(labels.get(c, c)) for c in self.mentors))


@dataclass(frozen=True)
class MentorIn:
    id: int
    category: str = ""
    competencies: frozenset = frozenset()
    forms: frozenset = frozenset()
    age_from: int | None = None
    age_to: int | None = None
    subject: str = ""
    availability: frozenset = frozenset()
    capacity: int = 1
    load: int = 0
    # Who the mentor may take: a pupil or an external specialist mentors students; a teacher anyone.
    audiences: frozenset = frozenset({STUDENTS, TEACHERS})
    name: str = ""

    @property
    def free(self):
        return max(0, self.capacity - self.load)


@dataclass(frozen=True)
class Match:
    mentee_id: int
    mentor_id: int
    form_id: int
    points: int
    reasons: tuple
    locked: bool = False


@dataclass
class Proposal:
    matches: list = field(default_factory=list)
    unmatched: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(m.points for m in self.matches)


class LockError(ValueError):
    """A pair the curator fixed cannot be kept."""


def _normalized(text):
    return " ".join((text or "").lower().replace("ё", "е").split())


class Scores:
    """Every criterion's points for every (mentee, mentor), as integer matrices, and the form each
    pair would work in. Built with numpy: 1,000 × 300 in milliseconds."""

    def __init__(self, mentees, mentors, program_forms, weights):
        self.mentees, self.mentors, self.weights = mentees, mentors, weights
        n, m = len(mentees), len(mentors)
        forms = {f: FormIn.of(side) for f, side in program_forms.items()}
        form_ids = sorted(forms)
        self.form_ids, self.forms = form_ids, forms
        fidx = {f: k for k, f in enumerate(form_ids)}
        F = len(form_ids)
        # A form names both sides: those open to each mentee (by audience) and to each mentor (by
        # category), and the forms each mentor prefers. A pair may only work in a form open to both.
        open_forms = np.array([[forms[f].audience == e.audience for f in form_ids] for e in mentees], bool).reshape(
            n, F
        )
        mentor_fits = np.array([[forms[f].takes(r.category) for f in form_ids] for r in mentors], bool).reshape(m, F)
        mentor_forms = np.array([[f in r.forms for f in form_ids] for r in mentors], bool).reshape(m, F) & mentor_fits
        mentor_any_form = np.array([not (r.forms & set(form_ids)) for r in mentors], bool)
        pref = np.array([fidx.get(e.preferred_form, -1) for e in mentees], int)
        any_forms = bool(form_ids)
        pref_open = (
            (pref >= 0) & open_forms[np.arange(n), np.maximum(pref, 0)] if n and any_forms else np.zeros(n, bool)
        )
        # both[i, j, k]: form k joins mentee i with mentor j.
        both = open_forms[:, None, :] & mentor_fits[None, :, :]

        # The form: the mentee's preferred one when the mentor takes it, else one the mentor prefers,
        # else the program's first form for both sides.
        if n and m and any_forms:
            pref_fits = mentor_fits[:, np.maximum(pref, 0)].T & pref_open[:, None]
            pref_taken = mentor_forms[:, np.maximum(pref, 0)].T & pref_fits
        else:
            pref_fits = pref_taken = np.zeros((n, m), bool)
        pref_ok = pref_fits & (pref_taken | mentor_any_form[None, :])
        shared_forms = (both & mentor_forms[None, :, :]).any(axis=2) if F else np.zeros((n, m), bool)
        self._pref, self._open, self._both, self._mentor_forms, self._pref_ok = (
            pref,
            open_forms,
            both,
            mentor_forms,
            pref_ok,
        )
        self.form_pts = np.where(pref_ok, 5 + 5 * pref_taken, np.where(shared_forms, 5, 0)) * weights.form

        # Requests against competencies: the share of the mentee's tags the mentor covers.
        tags = sorted(set().union(*(e.needs for e in mentees), *(r.competencies for r in mentors)))
        tidx = {t: k for k, t in enumerate(tags)}
        needs = np.zeros((n, len(tags)))
        for i, e in enumerate(mentees):
            needs[i, [tidx[t] for t in e.needs]] = 1
        comps = np.zeros((m, len(tags)))
        for j, r in enumerate(mentors):
            comps[j, [tidx[t] for t in r.competencies]] = 1
        overlap = needs @ comps.T
        share = overlap / np.maximum(needs.sum(axis=1), 1)[:, None]
        self.needs_pts = np.rint(10 * share).astype(int) * weights.needs

        # Age (students): inside the mentor's wished range 10, no range or no age 5, outside 0.
        ages = np.array([np.nan if e.age is None else e.age for e in mentees], float)
        low = np.array([-np.inf if r.age_from is None else r.age_from for r in mentors], float)
        high = np.array([np.inf if r.age_to is None else r.age_to for r in mentors], float)
        no_range = np.array([r.age_from is None and r.age_to is None for r in mentors], bool)
        with np.errstate(invalid="ignore"):
            inside = (ages[:, None] >= low[None, :]) & (ages[:, None] <= high[None, :])
        unknown = np.isnan(ages)[:, None] | no_range[None, :]
        students = np.array([e.audience == STUDENTS for e in mentees], bool)[:, None]
        self.age_pts = np.where(students, np.where(unknown, 5, np.where(inside, 10, 0)), 0) * weights.age

        # Subject (teachers): the same subject taught.
        subjects = {}
        e_subj = np.array(
            [subjects.setdefault(_normalized(e.subject), len(subjects)) if e.subject else -1 for e in mentees]
        )
        r_subj = np.array(
            [subjects.setdefault(_normalized(r.subject), len(subjects)) if r.subject else -2 for r in mentors]
        )
        same = (e_subj.reshape(n, 1) == r_subj.reshape(1, m)) & ~students
        self.subject_pts = np.where(same, 10, 0) * weights.subject

        # Common weekdays: two or more 10, one 5, none 0; unknown on either side 5.
        days = Weekday.values
        e_days = np.array([[d in e.availability for d in days] for e in mentees], int).reshape(n, len(days))
        r_days = np.array([[d in r.availability for d in days] for r in mentors], int).reshape(m, len(days))
        common = e_days @ r_days.T
        unknown_days = (e_days.sum(axis=1) == 0)[:, None] | (r_days.sum(axis=1) == 0)[None, :]
        self.availability_pts = np.where(unknown_days, 5, 5 * np.minimum(common, 2)) * weights.availability

        self.points = self.needs_pts + self.form_pts + self.age_pts + self.subject_pts + self.availability_pts

        # Who may be paired at all: an eligible mentee, a mentor who takes their audience, a form for it.
        eligible = np.array([e.eligible for e in mentees], bool)
        has_form = both.any(axis=2) if F else np.zeros((n, m), bool)
        takes = np.array([[e.audience in r.audiences for r in mentors] for e in mentees], bool).reshape(n, m)
        self.feasible = eligible[:, None] & has_form & takes

    def workload_points(self, mentor, place):
        """Points for the mentor's `place`-th free place (0 first): emptier mentors score higher, which
        spreads the mentees over the mentors when the other criteria tie."""
        return round(10 * (mentor.free - place) / mentor.capacity) * self.weights.workload

    def form_for(self, i, j):
        return self.form_ids[self._form_index(i, j)]

    def _form_index(self, i, j):
        if self._pref_ok[i, j]:
            return int(self._pref[i])
        preferred = self._both[i, j] & self._mentor_forms[j]
        choices = preferred if preferred.any() else self._both[i, j]
        return int(np.argmax(choices))

    def form_reason(self, i, j):
        """Why the pair would work in its form: the matching page says it beside the form."""
        k = self._form_index(i, j)
        form = self.forms[self.form_ids[k]]
        if self._pref_ok[i, j]:
            why = _("the mentee's preferred form")
        elif self._mentor_forms[j, k]:
            why = _("a form the mentor prefers")
        else:
            why = _("the program's first form for both")
        # «наставник — обучающийся, наставляемые — обучающиеся»: each side in the nominative, no case to agree.
        return _("form «%(form)s»: %(why)s; mentor: %(mentors)s, mentees: %(audience)s") % {
            "form": form.name or self.form_ids[k],
            "why": why,
            "mentors": form.mentor_side_text() if form.mentors else pgettext("mentor category", "any"),
            "audience": _audience_label(self.mentees[i].audience),
        }

    def reasons(self, i, j, place, competency_names):
        mentee, mentor = self.mentees[i], self.mentors[j]
        reasons = []
        shared = mentee.needs & mentor.competencies
        if shared:
            names = sorted(competency_names.get(t, str(t)) for t in shared)
            reasons.append(_("requests and competencies in common: %(tags)s") % {"tags": ", ".join(names)})
        elif mentee.needs:
            reasons.append(_("no request in common"))
        reasons.append(self.form_reason(i, j))
        if mentee.audience == STUDENTS and mentee.age is not None and self.age_pts[i, j] == 10 * self.weights.age:
            if mentor.age_from is not None or mentor.age_to is not None:
                reasons.append(_("age %(age)d within the mentor's wish") % {"age": mentee.age})
        if self.subject_pts[i, j]:
            reasons.append(_("the same subject: %(subject)s") % {"subject": mentor.subject})
        days = [Weekday(d).label for d in Weekday.values if d in mentee.availability & mentor.availability]
        if days:
            reasons.append(_("common days: %(days)s") % {"days": ", ".join(str(d) for d in days)})
        reasons.append(
            _("free places: %(free)d of %(capacity)d") % {"free": mentor.free - place, "capacity": mentor.capacity}
        )
        return reasons


def _audience_label(audience):
    return MentoringForm.Audience(audience).label


def propose(mentees, mentors, program_forms, weights, *, locked=None, competency_names=None):
    """The optimal proposal for `mentees` and `mentors` (MenteeIn, MentorIn), given the program's
    forms `{form_id: FormIn}` (or `{form_id: audience}` for forms that take any mentor), the curator's
    `weights` and the pairs they fixed `{mentee_id: mentor_id}`."""
    locked = dict(locked or {})
    competency_names = competency_names or {}
    mentees = sorted(mentees, key=lambda e: e.id)
    mentors = sorted(mentors, key=lambda r: r.id)
    scores = Scores(mentees, mentors, program_forms, weights)
    mentee_index = {e.id: i for i, e in enumerate(mentees)}
    mentor_index = {r.id: j for j, r in enumerate(mentors)}
    proposal = Proposal()
    taken = [0] * len(mentors)  # places used per mentor, locks first

    for mentee_id, mentor_id in sorted(locked.items()):
        if mentee_id not in mentee_index:
            raise LockError(_("A fixed mentee is no longer waiting for a mentor: recalculate without the fix."))
        if mentor_id not in mentor_index:
            raise LockError(_("A fixed mentor can no longer be given mentees: choose another one."))
        i, j = mentee_index[mentee_id], mentor_index[mentor_id]
        mentor = mentors[j]
        if not scores.feasible[i, j]:
            raise LockError(
                _("%(mentor)s cannot be given this mentee: %(reason)s")
                % {"mentor": mentor.name or mentor.id, "reason": _unpaired_reason(scores, i) or _("another audience.")}
            )
        if taken[j] >= mentor.free:
            raise LockError(
                _("%(mentor)s has %(free)d free places, fewer than the mentees fixed with them.")
                % {"mentor": mentor.name or mentor.id, "free": mentor.free}
            )
        proposal.matches.append(_match(scores, i, j, taken[j], competency_names, locked=True))
        taken[j] += 1

    open_rows = [i for i, e in enumerate(mentees) if e.id not in locked]
    slots = [(j, place) for j, r in enumerate(mentors) for place in range(taken[j], r.free)]
    assigned = {}
    if open_rows and slots:
        cols = np.array([j for j, _place in slots], int)
        workload = np.array([scores.workload_points(mentors[j], place) for j, place in slots], int)
        points = scores.points[np.ix_(open_rows, cols)] + workload[None, :]
        feasible = scores.feasible[np.ix_(open_rows, cols)]
        # One more pair is always worth more than any gain in score: pair as many as possible first.
        bonus = int(points.max(initial=0)) * len(open_rows) + 1
        value = np.where(feasible, bonus + points, 0).astype(float)
        rows, chosen = linear_sum_assignment(value, maximize=True)
        for r, c in zip(rows, chosen, strict=True):
            if feasible[r, c]:
                assigned[open_rows[r]] = slots[c]
    for i, (j, place) in sorted(assigned.items(), key=lambda item: (item[1], item[0])):
        proposal.matches.append(_match(scores, i, j, place, competency_names))
    proposal.matches.sort(key=lambda m: m.mentee_id)

    for i in open_rows:
        if i not in assigned:
            proposal.unmatched[mentees[i].id] = [_unpaired_reason(scores, i) or _taken_reason(scores, i, taken)]
    return proposal


def _match(scores, i, j, place, competency_names, locked=False):
    reasons = scores.reasons(i, j, place, competency_names)
    if locked:
        reasons.insert(0, _("fixed by the curator"))
    return Match(
        mentee_id=scores.mentees[i].id,
        mentor_id=scores.mentors[j].id,
        form_id=scores.form_for(i, j),
        points=int(scores.points[i, j]) + scores.workload_points(scores.mentors[j], place),
        reasons=tuple(reasons),
        locked=locked,
    )


def _unpaired_reason(scores, i):
    """Why mentee `i` cannot be paired with anyone, whatever the others do; empty if they could be."""
    mentee = scores.mentees[i]
    if not mentee.eligible:
        return mentee.ineligible_reason or _("not ready to be placed in a pair.")
    audience = _audience_label(mentee.audience)
    if not scores._open[i].any():
        return _("the program has no form of mentoring for %(audience)s.") % {"audience": audience}
    if not scores._both[i].any():
        return _("no mentor in the base is of a kind the program's forms for %(audience)s take (%(mentors)s).") % {
            "audience": audience,
            "mentors": "; ".join(
                f"{scores.forms[f].name or f}: {scores.forms[f].mentor_side_text()}"
                for k, f in enumerate(scores.form_ids)
                if scores._open[i, k]
            ),
        }
    candidates = [r for j, r in enumerate(scores.mentors) if scores.feasible[i, j]]
    if not candidates:
        return _("no mentor in the base may take %(audience)s.") % {"audience": audience}
    if not any(r.free for r in candidates):
        return _("every mentor who may take %(audience)s has no free place.") % {"audience": audience}
    return ""


def _taken_reason(scores, i, taken):
    best = max(
        (j for j in range(len(scores.mentors)) if scores.feasible[i, j] and scores.mentors[j].free),
        key=lambda j: (scores.points[i, j], -j),
    )
    return _(
        "the free places of the %(n)d mentors who fit went to mentees they fit better or who had no other "
        "choice (the best fit was %(mentor)s, %(points)d points)."
    ) % {
        "n": sum(1 for j in range(len(scores.mentors)) if scores.feasible[i, j] and scores.mentors[j].free),
        "mentor": scores.mentors[best].name or scores.mentors[best].id,
        "points": int(scores.points[i, best]),
    }


def greedy(mentees, mentors, program_forms, weights):
    """The baseline the bench compares with: the best-scoring pair first, then the next that fits.
    Returns (pairs made, total score)."""
    mentees = sorted(mentees, key=lambda e: e.id)
    mentors = sorted(mentors, key=lambda r: r.id)
    scores = Scores(mentees, mentors, program_forms, weights)
    free = [r.free for r in mentors]
    used = [0] * len(mentors)
    done = set()
    order = np.argsort(-scores.points, axis=None, kind="stable")
    total = pairs = 0
    for flat in order:
        i, j = divmod(int(flat), len(mentors))
        if i in done or used[j] >= free[j] or not scores.feasible[i, j]:
            continue
        total += int(scores.points[i, j]) + scores.workload_points(mentors[j], used[j])
        used[j] += 1
        done.add(i)
        pairs += 1
    return pairs, total
