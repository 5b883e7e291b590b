"""What the answers say: distributions, means and medians, the response rate, growth from entry to
exit, and one questionnaire compared across a district's organizations. A fixed number of queries
whatever the number of responses."""

from collections import Counter, defaultdict
from statistics import mean

from django.db.models import Avg, Count

from mentoring import spreadsheets

from .models import Answer, Campaign, Invitation, Question, Response
from .standard import INDICATORS


def median_of(counts):
    """The median of values given as {value: count}."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts)
    lower, upper = (total - 1) // 2, total // 2
    seen, low, high = 0, None, None
    for value in ordered:
        seen += counts[value]
        if low is None and seen > lower:
            low = value
        if seen > upper:
            high = value
            break
    return (low + high) / 2


def campaign_results(campaign):
    questions = list(campaign.questionnaire.questions.select_related("section"))
    submitted = Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
    n_submitted = submitted.count()
    n_invited = Invitation.objects.filter(campaign=campaign).count()
    numbers = defaultdict(Counter)
    for question_id, number, n in (
        Answer.objects.filter(response__in=submitted, number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("pk"))
    ):
        numbers[question_id][number] += n
    choices = defaultdict(Counter)
    texts = defaultdict(list)
    kinds = {q.pk: q.kind for q in questions}
    choice_ids = [q.pk for q in questions if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)]
    text_ids = [q.pk for q in questions if q.kind in (Question.Kind.SHORT, Question.Kind.LONG)]
    respondents = Counter()
    for question_id, picked in Answer.objects.filter(response__in=submitted, question_id__in=choice_ids).values_list(
        "question_id", "choices"
    ):
        choices[question_id].update(set(picked))
        respondents[question_id] += 1
    # Anonymous texts in no particular order (by the sheet's hash): nobody matches them to a moment.
    order = "response__sheet_key" if campaign.anonymous else "-pk"
    for question_id, text in (
        Answer.objects.filter(response__in=submitted, question_id__in=text_ids)
        .exclude(text="")
        .order_by(order)
        .values_list("question_id", "text")
    ):
        texts[question_id].append(text)
    rows = []
    for q in questions:
        row = {"question": q, "kind": kinds[q.pk], "answered": 0}
        if q.scale_max:
            counts = numbers[q.pk]
            row["labels"] = [str(v) for v in q.scale_values]
            row["counts"] = [counts.get(v, 0) for v in q.scale_values]
            row["answered"] = sum(counts.values())
            row["mean"] = round(sum(v * n for v, n in counts.items()) / row["answered"], 2) if row["answered"] else None
            row["median"] = median_of(counts)
        elif q.kind == Question.Kind.YESNO:
            counts = numbers[q.pk]
            row["labels"], row["counts"] = ["да", "нет"], [counts.get(1, 0), counts.get(0, 0)]
            row["answered"] = sum(row["counts"])
        elif q.pk in choices or q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            row["labels"] = list(q.choices)
            row["counts"] = [choices[q.pk].get(c, 0) for c in q.choices]
            row["answered"] = respondents[q.pk]
        else:
            row["texts"] = texts[q.pk]
            row["answered"] = len(texts[q.pk])
        rows.append(row)
    return {
        "invited": n_invited,
        "submitted": n_submitted,
        "rate": round(100 * n_submitted / n_invited) if n_invited else 0,
        "rows": rows,
    }


def not_answered(campaign):
    """Who has not submitted: never for an anonymous campaign, where nobody knows."""
    if campaign.anonymous:
        return None
    return list(
        Invitation.objects.filter(campaign=campaign)
        .exclude(response__submitted_at__isnull=False)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


# How long a questionnaire takes, the one estimate the answer sheet's introduction and the printed slips
# show: a choice, a scale or yes/no about 20 seconds, a short text a minute, a long one two.
SECONDS_PER_QUESTION = {Question.Kind.SHORT: 60, Question.Kind.LONG: 120}
SECONDS_PER_CLOSED_QUESTION = 20


def minutes_to_answer(questionnaire):
    """About how many minutes answering takes, rounded up, at least 1 (one query)."""
    kinds = Counter(questionnaire.questions.values_list("kind", flat=True))
    seconds = sum(SECONDS_PER_QUESTION.get(kind, SECONDS_PER_CLOSED_QUESTION) * n for kind, n in kinds.items())
    return max(1, -(-seconds // 60))


def _indicator_values(campaign):
    """{(person_id or None, indicator): [values]} of a campaign's submitted scale answers."""
    values = defaultdict(list)
    rows = Answer.objects.filter(
        response__campaign=campaign, response__submitted_at__isnull=False, number__isnull=False
    ).exclude(question__indicator="")
    for person_id, indicator, number in rows.values_list(
        "response__invitation__person_id", "question__indicator", "number"
    ):
        values[(person_id, indicator)].append(number)
    return values


def growth(program):
    """Entry against exit on the same indicators: per program (means) and per person (non-anonymous
    campaigns only). Takes the program's latest entry and exit campaigns."""
    entry = program.campaigns.filter(phase=Campaign.Phase.ENTRY).order_by("-opens_on").first()
    exit_ = program.campaigns.filter(phase=Campaign.Phase.EXIT).order_by("-opens_on").first()
    if entry is None or exit_ is None:
        return {"entry": entry, "exit": exit_, "indicators": [], "people": []}
    if entry.group_too_small() or exit_.group_too_small():
        return {"entry": entry, "exit": exit_, "indicators": [], "people": [], "withheld": True}
    before, after = _indicator_values(entry), _indicator_values(exit_)
    labels = dict(
        Question.objects.filter(questionnaire__in=[entry.questionnaire, exit_.questionnaire])
        .exclude(indicator="")
        .values_list("indicator", "text")
    )
    indicators = []
    for code in sorted({i for _p, i in before} & {i for _p, i in after}):
        b = [v for (_p, i), vs in before.items() if i == code for v in vs]
        a = [v for (_p, i), vs in after.items() if i == code for v in vs]
        indicators.append(
            {
                "code": code,
                "label": labels.get(code, code),
                "short": INDICATORS.get(code, code),
                "entry": round(mean(b), 2),
                "exit": round(mean(a), 2),
                "change": round(mean(a) - mean(b), 2),
            }
        )
    people = []
    if not entry.anonymous and not exit_.anonymous:
        from mentoring.models import Person

        person_ids = {p for p, _i in before if p} & {p for p, _i in after if p}
        full = {p.pk: p.full_name for p in Person.objects.filter(pk__in=person_ids)}
        for person_id in sorted(person_ids, key=lambda p: full.get(p, "")):
            changes = {}
            for item in indicators:
                b, a = before.get((person_id, item["code"])), after.get((person_id, item["code"]))
                if b and a:
                    changes[item["code"]] = {"entry": b[0], "exit": a[0], "change": a[0] - b[0]}
            cells = [changes.get(item["code"]) for item in indicators]
            people.append({"name": full.get(person_id, ""), "changes": changes, "cells": cells})
    return {"entry": entry, "exit": exit_, "indicators": indicators, "people": people}


def district_comparison(municipality, code):
    """For one questionnaire (by code, across copies and versions), each organization's responses and
    the mean of each scale question, side by side; the district's organizations without a response
    are named too, so that a short table does not pass for the whole district."""
    from mentoring.models import Organization

    answers = (
        Answer.objects.filter(
            response__campaign__organization__municipality=municipality,
            response__questionnaire__code=code,
            response__submitted_at__isnull=False,
            question__kind__in=list(Question.SCALES),
        )
        .values("response__campaign__organization__short_name", "question__text", "question__kind")
        .annotate(mean=Avg("number"), n=Count("pk"))
    )
    responses = dict(
        Response.objects.filter(
            campaign__organization__municipality=municipality, questionnaire__code=code, submitted_at__isnull=False
        )
        .values_list("campaign__organization__short_name")
        .annotate(n=Count("pk"))
    )
    questions, scales, table = [], {}, defaultdict(dict)
    for row in answers:
        text = row["question__text"]
        if text not in questions:
            questions.append(text)
        scales[text] = Question.SCALES[row["question__kind"]]
        table[row["response__campaign__organization__short_name"]][text] = round(row["mean"], 2)
    organizations = sorted(responses)
    without = (
        Organization.objects.of_district(municipality)
        .exclude(short_name__in=organizations)
        .order_by("short_name")
        .values_list("short_name", flat=True)
    )
    return {
        "questions": [{"text": q, "scale": scales[q]} for q in questions],
        "rows": [
            {"organization": org, "responses": responses[org], "means": [table[org].get(q) for q in questions]}
            for org in organizations
        ],
        "without_answers": list(without),
    }


def campaign_xlsx(campaign):
    """Raw answers (a row a submitted response; names only when the campaign is not anonymous) and the summary."""
    from openpyxl import Workbook

    results = campaign_results(campaign)
    questions = [row["question"] for row in results["rows"]]
    book = Workbook()
    raw = book.active
    raw.title = "Ответы"
    # Anonymous: no names, no times, and the rows in no particular order.
    spreadsheets.append(
        raw,
        ([] if campaign.anonymous else ["ФИО", f"Отправлено ({spreadsheets.zone_name()})"])
        + [q.text for q in questions],
    )
    responses = (
        Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
        .select_related("invitation__person")
        .prefetch_related("answers")
        .order_by(*(["sheet_key"] if campaign.anonymous else ["submitted_at", "pk"]))
    )
    for response in responses:
        by_question = {a.question_id: a for a in response.answers.all()}
        cells = []
        for q in questions:
            a = by_question.get(q.pk)
            if a is None:
                cells.append("")
            elif q.scale_max:
                cells.append(a.number)
            elif q.kind == Question.Kind.YESNO:
                cells.append("да" if a.number else "нет")
            elif a.choices:
                cells.append("; ".join(a.choices))
            else:
                cells.append(a.text)
        who = []
        if not campaign.anonymous:
            who = [
                response.invitation.person.full_name if response.invitation else "",
                spreadsheets.local_time(response.submitted_at),
            ]
        spreadsheets.append(raw, who + cells)
    summary = book.create_sheet("Сводка")
    summary.append(["Приглашено", results["invited"], "Ответили", results["submitted"], "Доля, %", results["rate"]])
    summary.append(["Вопрос", "Ответов", "Среднее", "Медиана", "Распределение"])
    for row in results["rows"]:
        spread = "; ".join(
            f"{label}: {n}" for label, n in zip(row.get("labels", []), row.get("counts", []), strict=True)
        )
        spreadsheets.append(
            summary, [row["question"].text, row["answered"], row.get("mean"), row.get("median"), spread]
        )
    spreadsheets.finish_sheet(raw)
    spreadsheets.finish_sheet(summary, header_row=2)
    return spreadsheets.save(book)
