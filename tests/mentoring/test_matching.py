"""The optimal matching, on its own: scores by hand, optimality against brute force, capacities, fixed
pairs, determinism, and the reasons given for those left without a mentor."""

import itertools
import random

import pytest
from django.utils import translation

from mentoring.matching import FormIn, LockError, MenteeIn, MentorIn, Scores, Weights, greedy, propose

STUDENTS, TEACHERS = "students", "teachers"
PEER, TEACHER_TEACHER = 1, 2  # form ids
FORMS = {PEER: STUDENTS, TEACHER_TEACHER: TEACHERS}
MATH, SPORT, READING = 10, 11, 12
ONLY_NEEDS = Weights(needs=1, form=0, age=0, subject=0, availability=0, workload=0)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def pupil(id, needs=(), **fields):
    return MenteeIn(id=id, audience=STUDENTS, needs=frozenset(needs), **fields)


def mentor(id, competencies=(), capacity=1, **fields):
    return MentorIn(id=id, competencies=frozenset(competencies), capacity=capacity, name=f"Наставник {id}", **fields)


def test_scores_by_hand():
    mentee = pupil(1, needs={MATH, SPORT}, preferred_form=PEER, age=12, availability=frozenset({"mon", "wed", "fri"}))
    teacher = mentor(
        7,
        competencies={MATH},
        forms=frozenset({PEER}),
        age_from=10,
        age_to=14,
        availability=frozenset({"wed", "fri"}),
        capacity=4,
        load=1,
    )
    weights = Weights(needs=5, form=2, age=2, subject=2, availability=1, workload=1)
    scores = Scores([mentee], [teacher], FORMS, weights)

    assert scores.needs_pts[0, 0] == 5 * 5  # half the requests covered: 5 of 10, weight 5
    assert scores.form_pts[0, 0] == 10 * 2  # preferred form, which the mentor prefers too
    assert scores.age_pts[0, 0] == 10 * 2  # 12 within 10–14
    assert scores.subject_pts[0, 0] == 0  # subject counts for teachers only
    assert scores.availability_pts[0, 0] == 10 * 1  # two common days
    assert scores.workload_points(teacher, 0) == 8  # 3 free of 4, rounded: 7.5 → 8
    proposal = propose([mentee], [teacher], FORMS, weights, competency_names={MATH: "Математика"})
    (match,) = proposal.matches
    assert (match.mentor_id, match.form_id, match.points) == (7, PEER, 25 + 20 + 20 + 10 + 8)
    assert "requests and competencies in common: Математика" in match.reasons
    assert proposal.total == 83


def test_teachers_are_scored_on_their_subject():
    young = MenteeIn(id=1, audience=TEACHERS, subject="Математика ")
    weights = Weights(needs=0, form=0, age=5, subject=3, availability=0, workload=0)
    same, other = MentorIn(id=1, subject="математика"), MentorIn(id=2, subject="История")
    scores = Scores([young], [same, other], FORMS, weights)
    assert list(scores.subject_pts[0]) == [30, 0]
    assert list(scores.age_pts[0]) == [0, 0]


def _brute_force(mentees, mentors, weights):
    """The best (pairs, total score) over every way of giving each mentee a mentor or none."""
    scores = Scores(mentees, mentors, FORMS, weights)
    best = (0, 0)
    for choice in itertools.product([None, *range(len(mentors))], repeat=len(mentees)):
        used = [0] * len(mentors)
        total = pairs = 0
        for i, j in enumerate(choice):
            if j is None:
                continue
            if not scores.feasible[i, j] or used[j] >= mentors[j].free:
                break
            total += int(scores.points[i, j]) + scores.workload_points(mentors[j], used[j])
            used[j] += 1
            pairs += 1
        else:
            best = max(best, (pairs, total))
    return best


def _random_case(rng):
    tags = [MATH, SPORT, READING, 13]
    mentees = [
        MenteeIn(
            id=100 + i,
            audience=rng.choice([STUDENTS, STUDENTS, TEACHERS]),
            needs=frozenset(rng.sample(tags, rng.randint(0, 3))),
            preferred_form=rng.choice([None, PEER, TEACHER_TEACHER]),
            age=rng.choice([None, rng.randint(8, 17)]),
            subject=rng.choice(["", "математика", "история"]),
            availability=frozenset(rng.sample(["mon", "tue", "wed", "thu", "fri"], rng.randint(0, 3))),
            eligible=rng.random() > 0.1,
        )
        for i in range(rng.randint(1, 6))
    ]
    mentors = [
        MentorIn(
            id=200 + j,
            competencies=frozenset(rng.sample(tags, rng.randint(0, 3))),
            forms=frozenset(rng.sample([PEER, TEACHER_TEACHER], rng.randint(0, 2))),
            age_from=rng.choice([None, 8, 12]),
            age_to=rng.choice([None, 14, 17]),
            subject=rng.choice(["", "математика", "история"]),
            availability=frozenset(rng.sample(["mon", "tue", "wed", "thu", "fri"], rng.randint(0, 3))),
            capacity=rng.randint(1, 3),
            load=rng.randint(0, 1),
            audiences=rng.choice([frozenset({STUDENTS}), frozenset({STUDENTS, TEACHERS})]),
        )
        for j in range(rng.randint(1, 3))
    ]
    weights = Weights(*(rng.randint(0, 10) for _ in range(6)))
    return mentees, mentors, weights


@pytest.mark.parametrize("seed", range(150))
def test_the_proposal_is_optimal_against_brute_force(seed):
    mentees, mentors, weights = _random_case(random.Random(seed))

    proposal = propose(mentees, mentors, FORMS, weights)

    assert (len(proposal.matches), proposal.total) == _brute_force(mentees, mentors, weights)
    placed = [m.mentee_id for m in proposal.matches] + list(proposal.unmatched)
    assert sorted(placed) == sorted(e.id for e in mentees)
    by_id = {r.id: r for r in mentors}
    for mentor_id in {m.mentor_id for m in proposal.matches}:
        assert sum(m.mentor_id == mentor_id for m in proposal.matches) <= by_id[mentor_id].free


def test_greedy_strands_a_mentee_that_the_optimum_pairs():
    # The maths mentor is the best fit for both; greedy gives him to the first and leaves the second,
    # whom only he could take, without a mentor.
    both = mentor(1, competencies={MATH, SPORT}, audiences=frozenset({STUDENTS, TEACHERS}))
    sport_only = mentor(2, competencies={SPORT}, audiences=frozenset({STUDENTS}))
    pupil_a = pupil(1, needs={MATH, SPORT})
    teacher_b = MenteeIn(id=2, audience=TEACHERS, needs=frozenset({MATH}))

    proposal = propose([pupil_a, teacher_b], [both, sport_only], FORMS, ONLY_NEEDS)

    assert {(m.mentee_id, m.mentor_id) for m in proposal.matches} == {(1, 2), (2, 1)}
    assert greedy([pupil_a, teacher_b], [both, sport_only], FORMS, ONLY_NEEDS)[0] == 1


def test_capacity_and_current_load_are_respected():
    busy = mentor(1, competencies={MATH}, capacity=3, load=2)
    pupils = [pupil(i, needs={MATH}) for i in range(1, 5)]

    proposal = propose(pupils, [busy], FORMS, ONLY_NEEDS)

    assert [m.mentor_id for m in proposal.matches] == [1]
    assert len(proposal.unmatched) == 3
    assert all("went to mentees" in reasons[0] for reasons in proposal.unmatched.values())


def test_a_fixed_pair_is_kept_and_the_rest_is_optimal_around_it():
    math_mentor, sport_mentor = mentor(1, competencies={MATH}), mentor(2, competencies={SPORT})
    a, b = pupil(1, needs={MATH}), pupil(2, needs={SPORT})

    # The curator gives the sport mentor to the maths pupil: the sport pupil goes to the maths mentor.
    proposal = propose([a, b], [math_mentor, sport_mentor], FORMS, ONLY_NEEDS, locked={1: 2})

    assert {(m.mentee_id, m.mentor_id, m.locked) for m in proposal.matches} == {(1, 2, True), (2, 1, False)}
    assert proposal.matches[0].reasons[0] == "fixed by the curator"


def test_the_form_reason_names_each_side_in_words_that_agree():
    """«наставник — обучающийся, наставляемые — обучающиеся», never «наставника (обучающийся)»."""
    peer = FormIn(audience=STUDENTS, mentors=frozenset({"student"}), name="Ученик – ученик")
    anyone = FormIn(audience=STUDENTS, name="Любой")
    with translation.override("ru"):
        (match,) = propose([pupil(1)], [mentor(1, category="student")], {PEER: peer}, ONLY_NEEDS).matches
        (open_match,) = propose([pupil(1)], [mentor(1)], {PEER: anyone}, ONLY_NEEDS).matches
    assert any("наставник — обучающийся, наставляемые — обучающиеся" in r for r in match.reasons)
    assert any("наставник — любой, наставляемые — обучающиеся" in r for r in open_match.reasons)
    assert not any("соединяет" in r for r in match.reasons + open_match.reasons)


def test_fixing_more_mentees_than_a_mentor_has_places_is_refused():
    with pytest.raises(LockError, match="Наставник 1 has 1 free places"):
        propose([pupil(1), pupil(2)], [mentor(1)], FORMS, ONLY_NEEDS, locked={1: 1, 2: 1})


def test_a_fixed_pair_across_audiences_is_refused():
    young = MenteeIn(id=1, audience=TEACHERS)
    with pytest.raises(LockError, match="no mentor in the base may take"):
        propose([young], [mentor(1, audiences=frozenset({STUDENTS}))], FORMS, ONLY_NEEDS, locked={1: 1})


def test_the_same_input_gives_the_same_proposal_in_any_order():
    mentees, mentors, weights = _random_case(random.Random(7))
    first = propose(mentees, mentors, FORMS, weights)
    again = propose(list(reversed(mentees)), list(reversed(mentors)), FORMS, weights)
    assert first.matches == again.matches and first.unmatched == again.unmatched


def test_reasons_for_those_who_cannot_be_paired():
    no_consent = pupil(1, eligible=False, ineligible_reason="Нет согласия на обработку персональных данных.")
    young_teacher = MenteeIn(id=2, audience=TEACHERS)
    pupils_only = mentor(1, audiences=frozenset({STUDENTS}))

    proposal = propose([no_consent, young_teacher], [pupils_only], FORMS, ONLY_NEEDS)
    assert proposal.unmatched == {
        1: ["Нет согласия на обработку персональных данных."],
        2: ["no mentor in the base may take teachers."],
    }

    full = mentor(2, capacity=1, load=1, audiences=frozenset({STUDENTS, TEACHERS}))
    proposal = propose([young_teacher], [full], FORMS, ONLY_NEEDS)
    assert proposal.unmatched == {2: ["every mentor who may take teachers has no free place."]}

    proposal = propose([young_teacher], [full], {PEER: STUDENTS}, ONLY_NEEDS)
    assert proposal.unmatched == {2: ["the program has no form of mentoring for teachers."]}


def test_the_form_follows_the_mentees_preference_then_the_mentors():
    group = 3
    forms = {PEER: STUDENTS, group: STUDENTS}
    prefers_group = mentor(1, forms=frozenset({group}))
    proposal = propose([pupil(1, preferred_form=PEER)], [prefers_group], forms, ONLY_NEEDS)
    assert proposal.matches[0].form_id == group
    proposal = propose([pupil(1, preferred_form=PEER)], [mentor(2)], forms, ONLY_NEEDS)
    assert proposal.matches[0].form_id == PEER


def test_workload_spreads_mentees_over_mentors():
    weights = Weights(needs=0, form=0, age=0, subject=0, availability=0, workload=10)
    proposal = propose([pupil(1), pupil(2)], [mentor(1, capacity=2), mentor(2, capacity=2)], FORMS, weights)
    assert sorted(m.mentor_id for m in proposal.matches) == [1, 2]


def test_a_program_without_forms_pairs_nobody_and_says_why():
    proposal = propose([pupil(1, needs={MATH}), pupil(2)], [mentor(1, competencies={MATH})], {}, ONLY_NEEDS)
    assert proposal.matches == []
    assert proposal.unmatched == {
        1: ["the program has no form of mentoring for students."],
        2: ["the program has no form of mentoring for students."],
    }
