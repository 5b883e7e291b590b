"""The best-practice bank: the curator proposes a completed pair's case with photos, the head approves
or returns it, and the district's public page shows it only while everyone named has a distribution
consent in force."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import ConsentKind, Person
from mentoring.services import revoke_consent
from publication import services
from publication.models import Practice, PracticeStatus
from tests.factories import MenteeFactory, PersonFactory, child

from .conftest import completed_pair, photo, publication_consent


def practices_url(world):
    return reverse("publication:practice_list", args=[world.school_a.slug])


def district_url(world):
    return reverse("publication:public_practices", args=[world.school_a.municipality.slug])


def draft(world, pair, title="Путь молодого педагога", curator=None):
    return services.practice_create(
        pair=pair, user=curator or world.curator, title=title, description=pair.case, results=pair.result
    )


def published(world, pair, title="Путь молодого педагога", curator=None, director=None):
    curator = curator or world.curator
    practice = draft(world, pair, title, curator=curator)
    services.practice_file_add(practice, user=curator, file=photo(), caption="Открытый урок")
    services.practice_propose(practice, user=curator)
    return services.practice_approve(practice, user=director or world.director)


def test_curator_proposes_a_case_with_a_photo_the_director_approves_and_anyone_sees_it(client, world, bank):
    client.force_login(world.curator)
    chooser = client.get(reverse("publication:practice_create", args=[world.school_a.slug]))
    assert "Кузнецова Елена Викторовна" in chooser.content.decode()

    form_page = client.get(reverse("publication:practice_create", args=[world.school_a.slug]), {"pair": bank.pair.pk})
    assert bank.pair.case in form_page.content.decode()  # prefilled from the pair's case and result
    assert bank.pair.result in form_page.content.decode()

    people = [bank.pair.mentor.person_id, *bank.pair.mentees.values_list("person_id", flat=True)]
    response = client.post(
        reverse("publication:practice_create", args=[world.school_a.slug]) + f"?pair={bank.pair.pk}",
        {
            "pair": bank.pair.pk,
            "title": "Путь молодого педагога",
            "description": "Взаимопосещение уроков и подготовка к открытому уроку.",
            "results": "Открытый урок для методического объединения.",
            "people": people,
        },
    )
    practice = Practice.objects.get(pair=bank.pair)
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == PracticeStatus.DRAFT and practice.form == bank.pair.form
    assert set(practice.people.values_list("pk", flat=True)) == set(people)

    client.post(
        reverse("publication:practice_file_add", args=[world.school_a.slug, practice.pk]),
        {"kind": "photo", "file": photo(), "caption": "Открытый урок"},
    )
    item = practice.files.get()
    assert item.is_photo and item.file.name.startswith(f"practices/{world.school_a.pk}/")
    assert "vstrecha" not in item.file.name and item.original_name == "vstrecha.png"
    client.post(reverse("publication:practice_propose", args=[world.school_a.slug, practice.pk]))
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED and practice.proposed_by == world.curator

    client.force_login(world.director)
    detail = client.get(practice.get_absolute_url())
    assert 'data-testid="approve-panel"' in detail.content.decode()
    client.post(reverse("publication:practice_approve", args=[world.school_a.slug, practice.pk]))
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.APPROVED and practice.approved_by == world.director

    client.logout()
    listing = client.get(district_url(world)).content.decode()
    assert "Путь молодого педагога" in listing and "МБОУ «СОШ №1»" in listing
    page = client.get(practice.get_public_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Взаимопосещение уроков" in text and "Открытый урок для методического объединения." in text
    assert "Традиционная (один на один)" in text
    # The people list is the school's record, not the public text.
    assert "Кузнецова Елена Викторовна" not in text and "Орлов Илья" not in text
    photo_url = reverse("publication:public_practice_file", args=[world.school_a.municipality.slug, item.pk])
    assert photo_url in text
    assert item.file.name not in text  # never the storage path
    image = client.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_visitor_filters_the_district_bank_by_form_organization_and_words(client, world, bank):
    published(world, bank.pair, "Путь молодого педагога")
    bank.pair_b.case = "Группа молодых педагогов вела общий проект."
    published(world, bank.pair_b, "Групповой проект по физике", curator=world.curator_b, director=_director_b(world))
    url = district_url(world)

    def titles(**params):
        text = client.get(url, params).content.decode()
        return {t for t in ("Путь молодого педагога", "Групповой проект по физике") if t in text}

    assert titles() == {"Путь молодого педагога", "Групповой проект по физике"}
    assert titles(form=bank.pair_b.form_id) == {"Групповой проект по физике"}
    assert titles(organization=world.school_a.pk) == {"Путь молодого педагога"}
    assert titles(q="ФИЗИКЕ") == {"Групповой проект по физике"}
    assert titles(q="взаимопосещение") == {"Путь молодого педагога"}
    assert titles(q="астрономия") == set()


def _director_b(world):
    from mentoring.models import Role
    from tests.factories import member

    return member(world.school_b, Role.DIRECTOR, email="director@b.test")


def test_approval_is_refused_naming_who_lacks_a_distribution_consent(client, world):
    pair = completed_pair(world.program, consents=False)
    mentor_person = pair.mentor.person
    publication_consent(mentor_person)  # the mentor agreed; the mentee did not
    practice = draft(world, pair)
    services.practice_propose(practice, user=world.curator)

    with pytest.raises(ValidationError) as caught:
        services.practice_approve(practice, user=world.director)
    message = " ".join(caught.value.messages)
    assert "Орлов И.П." in message and "Кузнецова" not in message
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED and practice.approved_at is None

    client.force_login(world.director)
    response = client.post(
        reverse("publication:practice_approve", args=[world.school_a.slug, practice.pk]), follow=True
    )
    assert "Орлов И.П." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
    assert client.get(practice.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(practice.get_public_url()).status_code == 404


def test_a_minor_is_published_with_the_parents_distribution_consent(world):
    pupil = MenteeFactory(person=child(world.school_a, grade=8, last_name="Соколов"), category="student")
    pair = completed_pair(world.program, mentee=pupil, form="teacher-pupil")
    consent = pupil.person.valid_consent(ConsentKind.PUBLICATION)
    assert consent.given_by == "parent"
    practice = published(world, pair)
    assert Practice.objects.public().filter(pk=practice.pk).exists()


def test_revoking_a_consent_later_takes_the_case_and_its_files_off_the_public_pages(client, world, bank):
    practice = published(world, bank.pair)
    item = practice.files.get()
    detail_url = practice.get_public_url()
    file_url = reverse("publication:public_practice_file", args=[world.school_a.municipality.slug, item.pk])
    assert client.get(detail_url).status_code == 200 and client.get(file_url).status_code == 200

    mentee = bank.pair.mentees.get().person
    revoke_consent(mentee.valid_consent(ConsentKind.PUBLICATION), on=date(2026, 11, 1))

    assert practice.title not in client.get(district_url(world)).content.decode()
    assert client.get(detail_url).status_code == 404
    assert client.get(file_url).status_code == 404
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.APPROVED  # still approved, but hidden while consent is missing
    client.force_login(world.curator)
    assert 'data-testid="hidden-badge"' in client.get(practices_url(world)).content.decode()


def test_a_person_whose_processing_consent_is_revoked_is_not_published(client, world, bank):
    practice = published(world, bank.pair)
    mentor_person = bank.pair.mentor.person
    revoke_consent(mentor_person.valid_consent(ConsentKind.PROCESSING), on=date(2026, 11, 1))
    assert not Practice.objects.public().filter(pk=practice.pk).exists()
    assert client.get(practice.get_public_url()).status_code == 404


@pytest.mark.parametrize("status", ["draft", "proposed", "returned", "withdrawn"])
def test_unpublished_cases_are_never_public(client, world, bank, status):
    practice = draft(world, bank.pair)
    services.practice_file_add(practice, user=world.curator, file=photo())
    if status != "draft":
        services.practice_propose(practice, user=world.curator)
    if status == "returned":
        services.practice_return(practice, user=world.director, comment="Уберите фамилии из текста")
    if status == "withdrawn":
        services.practice_approve(practice, user=world.director)
        services.practice_withdraw(practice, user=world.director)
    practice.refresh_from_db()
    assert practice.status == status
    item = practice.files.get()
    assert practice.title not in client.get(district_url(world)).content.decode()
    assert client.get(practice.get_public_url()).status_code == 404
    file_url = reverse("publication:public_practice_file", args=[world.school_a.municipality.slug, item.pk])
    assert client.get(file_url).status_code == 404


def test_another_districts_case_is_never_in_this_districts_bank(client, world, bank):
    from mentoring.models import Role
    from tests.factories import member

    foreign_director = member(world.foreign_school, Role.DIRECTOR, email="director@foreign.test")
    foreign_curator = member(world.foreign_school, Role.CURATOR, email="curator@foreign.test")
    practice = services.practice_create(
        pair=bank.foreign_pair, user=foreign_curator, title="Чужой кейс", description="Текст", results=""
    )
    services.practice_propose(practice, user=foreign_curator)
    services.practice_approve(practice, user=foreign_director)

    assert "Чужой кейс" not in client.get(district_url(world)).content.decode()
    wrong = reverse("publication:public_practice", args=[world.school_a.municipality.slug, practice.pk])
    assert client.get(wrong).status_code == 404
    assert client.get(practice.get_public_url()).status_code == 200
    assert client.get(reverse("publication:public_practices", args=["no-such-district"])).status_code == 404


def test_returned_case_needs_a_comment_and_goes_back_to_the_director_after_corrections(client, world, bank):
    practice = draft(world, bank.pair)
    services.practice_propose(practice, user=world.curator)
    with pytest.raises(ValidationError):
        services.practice_return(practice, user=world.director, comment="  ")
    client.force_login(world.director)
    client.post(
        reverse("publication:practice_return", args=[world.school_a.slug, practice.pk]),
        {"comment": "Уберите фамилии детей из описания"},
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.RETURNED and "фамилии" in practice.return_comment

    client.force_login(world.curator)
    assert "Уберите фамилии детей" in client.get(practice.get_absolute_url()).content.decode()
    response = client.post(
        reverse("publication:practice_edit", args=[world.school_a.slug, practice.pk]),
        {"title": "Исправленный кейс", "description": "Без фамилий.", "results": "", "people": []},
    )
    assert response.status_code == 302
    services.practice_propose(practice, user=world.curator)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED and practice.title == "Исправленный кейс"
    # Unticked on the form, the pair's own mentor and mentee stay named: the case is their story.
    assert set(practice.people.all()) == set(services.default_people(bank.pair))


def test_only_the_right_roles_move_a_case(world, bank):
    practice = draft(world, bank.pair)
    with pytest.raises(ValidationError):
        services.practice_propose(practice, user=world.director)
    services.practice_propose(practice, user=world.curator)
    with pytest.raises(ValidationError):
        services.practice_approve(practice, user=world.curator)
    with pytest.raises(ValidationError):
        services.practice_update(practice, user=world.curator, title="x", description="y")
    with pytest.raises(ValidationError):
        services.practice_file_add(practice, user=world.curator, file=photo())


def test_a_case_is_made_for_a_completed_pair_of_the_organization_only(world, bank):
    from mentoring.services import create_pair

    with pytest.raises(ValidationError):
        draft(world, bank.pair_b)  # school B's pair, school A's curator
    draft(world, bank.pair)
    with pytest.raises(ValidationError):
        draft(world, bank.pair)  # one case per pair
    working = create_pair(
        program=world.program,
        mentor=completed_pair(world.program, mentor_name="Носова").mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
        form=bank.pair.form,
        started_on=date(2026, 10, 1),
    )
    with pytest.raises(ValidationError):
        draft(world, working)


def test_only_people_of_the_organization_are_named(world, bank):
    stranger = PersonFactory(organization=world.school_b)
    with pytest.raises(ValidationError):
        services.practice_create(
            pair=bank.pair, user=world.curator, title="Кейс", description="Текст", people=[stranger]
        )
    assert not Practice.objects.filter(pair=bank.pair).exists()  # nothing half-saved
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_a_photo_is_an_image(world, bank):
    from django.core.files.uploadedfile import SimpleUploadedFile

    practice = draft(world, bank.pair)
    with pytest.raises(ValidationError):
        services.practice_file_add(
            practice, user=world.curator, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"), kind="photo"
        )
    item = services.practice_file_add(
        practice, user=world.curator, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"), kind="file"
    )
    assert not item.is_photo


def test_another_schools_curator_gets_404_and_mentors_and_mentees_get_403(client, world, bank):
    practice = draft(world, bank.pair)
    urls = [practices_url(world), practice.get_absolute_url()]
    client.force_login(world.curator_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    for role in ("mentor", "mentee", "coordinator"):
        client.force_login(getattr(world, role))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
    client.force_login(world.curator)
    school_b_case = reverse("publication:practice_detail", args=[world.school_a.slug, practice.pk])
    assert client.get(school_b_case).status_code == 200


def test_the_nav_links_to_the_bank_for_the_administration_only(client, world):
    client.force_login(world.curator)
    page = client.get(reverse("roadmap:program_list", args=[world.school_a.slug])).content.decode()
    assert practices_url(world) in page
    client.force_login(world.coordinator)
    page = client.get(reverse("roadmap:program_list", args=[world.school_a.slug])).content.decode()
    assert practices_url(world) not in page


def test_the_head_cannot_decide_on_another_schools_case_through_own_address(client, world, bank):
    practice_b = draft(world, bank.pair_b, curator=world.curator_b)
    services.practice_propose(practice_b, user=world.curator_b)
    client.force_login(world.director)
    for name in ("practice_approve", "practice_return", "practice_withdraw"):
        url = reverse(f"publication:{name}", args=[world.school_a.slug, practice_b.pk])
        assert client.post(url, {"comment": "x"}).status_code == 404, name
    with pytest.raises(ValidationError):
        services.practice_approve(practice_b, user=world.director)  # the service checks the role there too
    practice_b.refresh_from_db()
    assert practice_b.status == PracticeStatus.PROPOSED


def test_the_district_bank_reads_in_a_constant_number_of_queries(client, world, bank):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = district_url(world)
    published(world, bank.pair)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    published(world, bank.pair_b, "Второй кейс", curator=world.curator_b, director=_director_b(world))
    with CaptureQueriesContext(connection) as two:
        assert "Второй кейс" in client.get(url).content.decode()
    assert len(two.captured_queries) == len(one.captured_queries)


def test_a_published_photo_carries_no_location_or_camera_data(world):
    """A phone's photo keeps the GPS position of the place it was taken in its EXIF; the stored copy
    is re-encoded from the pixels alone."""
    from PIL import Image

    from .conftest import image_bytes

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0)}  # GPS latitude
    raw = image_bytes("JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in raw
    pair = completed_pair(world.program)
    practice = services.practice_create(pair=pair, user=world.curator, title="Кейс", description="Текст")
    upload = SimpleUploadedFile("urok.jpg", raw, content_type="image/jpeg")
    item = services.practice_file_add(practice, user=world.curator, file=upload)
    stored = item.file.read()
    assert b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_a_file_that_only_pretends_to_be_a_photo_is_refused(world):
    pair = completed_pair(world.program)
    practice = services.practice_create(pair=pair, user=world.curator, title="Кейс", description="Текст")
    fake = SimpleUploadedFile("urok.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    with pytest.raises(ValidationError, match="JPEG или PNG"):
        services.practice_file_add(practice, user=world.curator, file=fake)
    assert not practice.files.exists()


def test_the_pairs_people_stay_named_and_an_archived_person_is_not_dropped_by_an_edit(world):
    """Unticking the pair's own mentee, or saving the form after their consent was revoked (they are
    no longer offered), must not let the case be published without them."""
    pair = completed_pair(world.program)
    mentee = pair.members.get().mentee.person
    practice = services.practice_create(pair=pair, user=world.curator, title="Кейс", description="Текст", people=[])
    assert mentee in practice.people.all()
    revoke_consent(mentee.valid_consent("processing"))
    services.practice_update(practice, user=world.curator, title="Кейс", description="Исправлено", people=[])
    assert mentee in practice.people.all()
    services.practice_propose(practice, user=world.curator)
    with pytest.raises(ValidationError):
        services.practice_approve(practice, user=world.director)
    practice.refresh_from_db()
    assert practice.status == "proposed"


@pytest.mark.parametrize("query", [{"form": "²"}, {"organization": "99999999999999999999999"}, {"form": "x"}])
def test_odd_filters_on_the_public_bank_show_the_page(client, world, query):
    url = reverse("publication:public_practices", args=[world.school_a.municipality.slug])
    assert client.get(url, query).status_code == 200
