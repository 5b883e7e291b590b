"""The monitoring of a program, in the two parts of the target model's methodology:

1. quality of implementation: the satisfaction of mentees and mentors (by question and by form of
   mentoring), the curator's questionnaire and the SWOT analysis of each form;
2. growth of participants: the same indicators at entry and at exit (`surveys.results.growth`).

And the response rate of each campaign. A fixed number of queries whatever the number of responses:
the scale answers are averaged in the database, grouped by question and by the respondent's form.
"""

from collections import defaultdict

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from mentoring.models import Pair, PairMember, PairStatus
from roadmap.selectors import NO_PROGRESS, Progress, stage_progress
from roadmap.stages import Stage
from surveys.models import Answer, Campaign, Question, Questionnaire
from surveys.results import growth
from surveys.standard import SWOT_FORM_QUESTION, SWOT_PARTS

NO_FORM = "форма не указана"
SATISFACTION = {"mentees": "mentee-satisfaction", "mentors": "mentor-satisfaction"}
CURATOR, SWOT = "curator", "swot"
CODES = (*SATISFACTION.values(), CURATOR, SWOT)


def _mean(total, n):
    return round(total / n, 2) if n else None


def campaigns(program):
    """The program's campaigns, each with its questionnaire, invited and submitted counts and the rate."""
    items = list(
        Campaign.objects.filter(program=program)
        .select_related("questionnaire")
        .with_counts()
        .order_by("opens_on", "pk")
    )
    for c in items:
        c.rate = round(100 * c.n_submitted / c.n_invited) if c.n_invited else 0
    return items


def _respondent_form(program):
    """The form of mentoring of a response's person in `program`, as SQL: for a mentors' questionnaire
    their pair as a mentor, else as a mentee (the current one first), falling back to the other role (a
    senior pupil may be both). Empty for anonymous responses, which have no person."""
    person = OuterRef("response__invitation__person_id")
    as_mentee = (
        PairMember.objects.filter(pair__program=program, mentee__person_id=person)
        .order_by(F("left_on").asc(nulls_first=True), "-joined_on")
        .values("pair__form__name")[:1]
    )
    as_mentor = (
        Pair.objects.filter(program=program, mentor__person_id=person)
        .order_by("-started_on", "-pk")
        .values("form__name")[:1]
    )
    return Case(
        When(
            response__questionnaire__audience=Questionnaire.Audience.MENTORS,
            then=Coalesce(Subquery(as_mentor), Subquery(as_mentee)),
        ),
        default=Coalesce(Subquery(as_mentee), Subquery(as_mentor)),
    )


def _on_ten(total, n, scale):
    """A sum of `n` answers on a 1–`scale` scale as the sum of the same answers mapped onto 1–10 (the
    map is linear, so sums map too), so that questions of different scales can be averaged together."""
    return total if scale == 10 else n + (total - n) * 9 / (scale - 1)


def _form_order(declared, names):
    """The program's forms in their standard order, then any other form found, then «форма не указана»."""
    ordered = [n for n in declared if n in names] + sorted(n for n in names if n not in declared and n != NO_FORM)
    return ordered + ([NO_FORM] if NO_FORM in names else [])


def monitoring(program):
    """Everything the monitoring page and the final report show, as plain data."""
    items = campaigns(program)
    by_code = defaultdict(list)
    for c in items:
        by_code[c.questionnaire.code].append(c)
    wanted = [c for code in CODES for c in by_code.get(code, [])]
    ids = [c.pk for c in wanted]
    questions = list(
        Question.objects.filter(questionnaire__in={c.questionnaire_id for c in wanted}).select_related("questionnaire")
    )

    # Scale answers: sums and counts by question and the respondent's form, in the database.
    sums = defaultdict(lambda: [0, 0])  # (question_id, form) -> [sum, n]
    if ids:
        rows = (
            Answer.objects.filter(
                response__campaign__in=ids,
                response__submitted_at__isnull=False,
                question__kind__in=list(Question.SCALES),
                number__isnull=False,
            )
            .annotate(form=_respondent_form(program))
            .values_list("question_id", "form")
            .annotate(total=Sum("number"), n=Count("pk"))
            .order_by()
        )
        for question_id, form, total, n in rows:
            bucket = sums[(question_id, form or NO_FORM)]
            bucket[0] += total
            bucket[1] += n
    declared = list(program.forms.order_by("position", "name").values_list("name", flat=True))
    forms = _form_order(declared, {form for _q, form in sums})

    def scale_rows(code):
        """A row a question text (versions and copies of one questionnaire share texts), in order."""
        rows, index = [], {}
        for q in questions:
            # The self-assessments a satisfaction questionnaire also asks measure growth (part 2), not
            # satisfaction; the same text on another scale is another row.
            if q.questionnaire.code != code or not q.scale_max or q.indicator:
                continue
            row = index.get((q.text, q.scale_max))
            if row is None:
                row = index[(q.text, q.scale_max)] = {
                    "text": q.text,
                    "scale": q.scale_max,
                    "forms": defaultdict(lambda: [0, 0]),
                }
                rows.append(row)
            for form in forms:
                total, n = sums.get((q.pk, form), (0, 0))
                row["forms"][form][0] += total
                row["forms"][form][1] += n
        for row in rows:
            row["n"] = sum(n for _t, n in row["forms"].values())
            row["mean"] = _mean(sum(t for t, _n in row["forms"].values()), row["n"])
            row["cells"] = [{"form": f, "mean": _mean(*row["forms"][f]), "n": row["forms"][f][1]} for f in forms]
            row["forms"] = dict(row["forms"])
        return rows

    satisfaction = {}
    for audience, code in SATISFACTION.items():
        rows = scale_rows(code)
        total = sum(_on_ten(t, m, r["scale"]) for r in rows for t, m in r["forms"].values())
        n = sum(r["n"] for r in rows)
        satisfaction[audience] = {
            "code": code,
            "title": by_code[code][0].questionnaire.title if by_code.get(code) else "",
            "campaigns": by_code.get(code, []),
            "respondents": sum(c.n_submitted for c in by_code.get(code, [])),
            "questions": rows,
            "mean": _mean(total, n),
            "answers": n,
        }
    by_form = []
    for form in forms:
        item = {"form": form}
        for audience, part in satisfaction.items():
            cells = [(r["forms"].get(form, (0, 0)), r["scale"]) for r in part["questions"]]
            total = sum(_on_ten(t, m, scale) for (t, m), scale in cells)
            n = sum(m for (_t, m), _scale in cells)
            item[audience], item[f"{audience}_n"] = _mean(total, n), n
        if item["mentees_n"] or item["mentors_n"]:
            by_form.append(item)

    # Texts: the curator's open answers and the SWOT sheets, one query.
    curator_texts, swot_sheets = [], defaultdict(dict)
    text_ids = [c.pk for code in (CURATOR, SWOT) for c in by_code.get(code, [])]
    if text_ids:
        rows = (
            Answer.objects.filter(
                response__campaign__in=text_ids,
                response__submitted_at__isnull=False,
                question__kind__in=[Question.Kind.SHORT, Question.Kind.LONG, Question.Kind.SINGLE],
            )
            .values_list(
                "response_id",
                "response__questionnaire__code",
                "question__kind",
                "question__text",
                "question__indicator",
                "text",
                "choices",
            )
            .order_by("response__sheet_key", "question__section__position", "question__position")
        )
        for response_id, code, kind, text, indicator, answer_text, picked in rows:
            if code == CURATOR:
                if answer_text:
                    curator_texts.append({"question": text, "text": answer_text})
            elif kind == Question.Kind.SINGLE and text == SWOT_FORM_QUESTION:
                swot_sheets[response_id]["form"] = picked[0] if picked else NO_FORM
            elif answer_text:
                part = indicator or next((c for c, label in SWOT_PARTS if label == text), "")
                if part:
                    swot_sheets[response_id].setdefault(part, []).append(answer_text)
    swot_forms = defaultdict(lambda: {code: [] for code, _label in SWOT_PARTS})
    for sheet in swot_sheets.values():
        target = swot_forms[sheet.get("form", NO_FORM)]
        for code, _label in SWOT_PARTS:
            target[code] += sheet.get(code, [])
    swot = [
        {
            "form": form,
            "parts": [{"code": code, "label": label, "texts": swot_forms[form][code]} for code, label in SWOT_PARTS],
        }
        for form in _form_order(declared, set(swot_forms))
    ]

    return {
        "campaigns": items,
        "satisfaction": satisfaction,
        "forms": forms,
        "by_form": by_form,
        "curator": {
            "campaigns": by_code.get(CURATOR, []),
            "respondents": sum(c.n_submitted for c in by_code.get(CURATOR, [])),
            "questions": scale_rows(CURATOR),
            "texts": curator_texts,
        },
        "swot": swot,
        "growth": growth(program),
    }


def program_figures(program):
    """The program's people and pairs by form and status, and its roadmap's progress by stage: four queries."""
    pairs = Pair.objects.filter(program=program)
    by_form, status_totals = {}, defaultdict(int)
    for name, status, n in (
        pairs.values_list("form__name", "status").annotate(n=Count("pk")).order_by("form__position", "form__name")
    ):
        row = by_form.setdefault(name, {"form": name, "total": 0, **{s.value: 0 for s in PairStatus}})
        row[status] += n
        row["total"] += n
        status_totals[status] += n
    people = pairs.aggregate(
        mentors=Count("mentor", distinct=True),
        working_mentors=Count("mentor", distinct=True, filter=Q(status=PairStatus.ACTIVE)),
    )
    mentees = PairMember.objects.filter(pair__program=program).aggregate(
        mentees=Count("mentee", distinct=True),
        working_mentees=Count("mentee", distinct=True, filter=Q(pair__status=PairStatus.ACTIVE, left_on__isnull=True)),
    )
    stages = stage_progress([program.pk]).get(program.pk, {})
    stage_rows = [
        {"stage": s, "title": f"{s.value}. {s.label}", "progress": stages.get(s.value, NO_PROGRESS)} for s in Stage
    ]
    # Sections not linked to a standard stage are part of the roadmap: a row of their own, in the total.
    outside = [p for stage, p in stages.items() if stage not in Stage.values and p.total]
    if outside:
        other = Progress(*(sum(getattr(p, name) for p in outside) for name in ("done", "total", "overdue")))
        stage_rows.append({"stage": None, "title": str(_("Other sections")), "progress": other})
    done = sum(r["progress"].done for r in stage_rows)
    total = sum(r["progress"].total for r in stage_rows)
    overdue = sum(r["progress"].overdue for r in stage_rows)
    return {
        **people,
        **mentees,
        "pairs": sum(status_totals.values()),
        "pairs_working": status_totals[PairStatus.ACTIVE],
        "pairs_completed": status_totals[PairStatus.COMPLETED],
        "pairs_terminated": status_totals[PairStatus.TERMINATED],
        "pairs_by_form": list(by_form.values()),
        "stages": stage_rows,
        "progress": Progress(done=done, total=total, overdue=overdue),
    }
