"""Import and export of the mentee and mentor bases (XLSX, CSV) through django-import-export.

An import goes upload → preview → import. The upload reads the file's rows as text into a
`BaseImport` and checks every row without saving anything; the preview shows each row's errors by
column; the import checks the same rows again and saves all of them, or only the valid ones when
the curator says so, in one transaction. Every person is created in the organization the resource
was made for: nothing in a file can name another one (there is no column for it, and no row updates
an existing record).
"""

import csv
import io
import re
from datetime import date, datetime, timedelta

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from . import spreadsheets, uploads
from .changes import figures_changed
from .models import (
    BaseImport,
    Competency,
    Consent,
    ConsentGiver,
    ConsentKind,
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    MentorCategory,
    MentoringForm,
    MentorStatus,
    Organization,
    PairMember,
    Person,
    RequestSource,
    Weekday,
)

MAX_ROWS = 20_000
MAX_LINES = 2 * MAX_ROWS  # lines read, empty ones included: a sheet of a million empty rows stops here
MAX_COLUMNS = 100


def normalized(text):
    return " ".join(str(text or "").lower().replace("ё", "е").split())


# --- Widgets: what a cell may say, with the error in Russian --------------------------------------------


class DateWidget(widgets.Widget):
    """01.09.2026, 1.9.26, 2026-09-01 or a spreadsheet date."""

    ISO = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?")
    RUSSIAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})( ?г\.?)?")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if self.ISO.fullmatch(text):
                return date.fromisoformat(text[:10])
            match = self.RUSSIAN.fullmatch(text)
            if match:
                day, month, year = (int(part) for part in match.group(1, 2, 3))
                return date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            pass
        raise ValueError(_("«%(value)s» is not a date: write it as 01.09.2026.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d.%m.%Y") if value else ""


class NumberWidget(widgets.Widget):
    def __init__(self, low=0, high=None):
        self.low, self.high = low, high

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("«%(value)s» is not a number.") % {"value": text})
        if number != int(number) or number < self.low or (self.high is not None and number > self.high):
            raise ValueError(_("«%(value)s» is not a whole number within the limits.") % {"value": text})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice written by its Russian label (any case) or its code."""

    def __init__(self, choices, default=None):
        self.choices, self.default = choices, default
        self._codes = {}

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.default
        language = get_language()
        if language not in self._codes:  # the labels are lazy: read them once per language
            self._codes[language] = {normalized(key): code for code, label in self.choices for key in (code, label)}
        code = self._codes[language].get(normalized(value))
        if code is not None:
            return code
        raise ValueError(
            _("«%(value)s» is not one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(str(label) for _code, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


def _split(value):
    return [part.strip() for part in re.split(r"[;,\n]", str(value or "")) if part.strip()]


class NamedWidget(widgets.Widget):
    """Names from a vocabulary (needs and competencies, forms), separated by commas or semicolons."""

    def __init__(self, objects, *, many, what):
        self.by_name = {normalized(o.name): o for o in objects}
        self.many, self.what = many, what

    def clean(self, value, row=None, **kwargs):
        found, unknown = [], []
        for name in _split(value):
            obj = self.by_name.get(normalized(name))
            (found if obj else unknown).append(obj or name)
        if unknown:
            raise ValueError(
                _("%(what)s not in the vocabulary: %(names)s. Add them to the vocabulary or correct them.")
                % {"what": self.what, "names": ", ".join(f"«{n}»" for n in unknown)}
            )
        if not self.many:
            if len(found) > 1:
                raise ValueError(_("Name one form only."))
            return found[0] if found else None
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(o.name for o in value.all()) if self.many else value.name


class WeekdaysWidget(widgets.Widget):
    NAMES = {"пн": "mon", "вт": "tue", "ср": "wed", "чт": "thu", "пт": "fri", "сб": "sat"}

    def clean(self, value, row=None, **kwargs):
        days = []
        for part in _split(str(value or "").replace(" ", ",")):
            code = self.NAMES.get(normalized(part)[:2])
            if code is None:
                raise ValueError(_("«%(value)s» is not a weekday: write пн, вт, ср, чт, пт, сб.") % {"value": part})
            if code not in days:
                days.append(code)
        return days

    def render(self, value, obj=None, **kwargs):
        labels = {code: name for name, code in self.NAMES.items()}
        return ", ".join(labels[d] for d in Weekday.values if d in (value or []))


class Column(fields.Field):
    """A column with a Russian header; `attribute` may reach into the person («person__last_name»)."""

    def __init__(self, header, attribute=None, widget=None, **kwargs):
        # An empty cell leaves the record's default (today's date, the organization's capacity).
        kwargs.setdefault("saves_null_values", False)
        super().__init__(attribute=attribute, column_name=str(header), widget=widget or widgets.CharWidget(), **kwargs)


class ClassColumn(Column):
    """«7Б» is grade 7, letter Б."""

    def clean(self, row, **kwargs):
        text = str(row.get(self.column_name) or "").strip().replace(" ", "")
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,2})[-«\"]?([А-Яа-яЁёA-Za-z]{0,2})[»\"]?", text)
        if not match or not 1 <= int(match.group(1)) <= 11:
            raise ValueError(_("«%(value)s» is not a class: write it as 7Б.") % {"value": text})
        return int(match.group(1)), match.group(2).upper()

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row)
        if value:
            instance.person.grade, instance.person.class_letter = value

    def get_value(self, instance):
        return instance.person.class_name


# --- Reading files ---------------------------------------------------------------------------------------


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _unquoted(value):
    """A CSV cell the portal's export marked as text («'=…», see mentoring.spreadsheets) reads back as typed."""
    return value[1:] if value.startswith("'") and spreadsheets.formula_like(value[1:]) else value


def _xlsx_rows(content, budget):
    workbook = uploads.xlsx_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        for row in uploads.sheet_rows(sheet, max_rows=MAX_LINES, max_columns=MAX_COLUMNS, budget=budget):
            yield [_cell(cell.value) for cell in row]
    finally:
        workbook.close()


def _csv_rows(content, budget):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is neither in UTF-8 nor in Windows-1251."))
    try:
        dialect = csv.Sniffer().sniff(text[:5000], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), 1):
            if number > MAX_LINES:
                raise ValidationError(
                    _("The file has more than %(n)d lines (empty ones count too): split it.") % {"n": MAX_LINES}
                )
            budget.spend()
            yield [_cell(_unquoted(v)) for v in values[:MAX_COLUMNS]]
    except csv.Error:
        raise ValidationError(_("The CSV file is broken: check its quotes and separators."))


def read_table(upload, known_headers):
    """The header and the rows of a file's first table, as text with their line numbers in the file.
    What the file is comes from its content (mentoring.uploads), within its limits and budget."""
    kind = uploads.check(upload, uploads.BASE_IMPORT)
    content = upload.read()
    budget = uploads.Budget()
    lines = _xlsx_rows(content, budget) if kind == uploads.XLSX else _csv_rows(content, budget)
    known = {normalized(h) for h in known_headers}
    headers, rows = None, []
    for number, cells in enumerate(lines, 1):
        if headers is None:
            if sum(normalized(c) in known for c in cells) >= 2:
                headers = [c.strip() for c in cells]
            elif number >= 20:
                break
            continue
        if any(cells):
            if len(rows) == MAX_ROWS:
                raise ValidationError(_("The file has more than %(n)d rows: split it.") % {"n": MAX_ROWS})
            rows.append([number, (cells + [""] * len(headers))[: len(headers)]])
    if headers is None:
        raise ValidationError(
            _("No header row was found: the first rows must name the columns, as in the template (%(names)s).")
            % {"names": ", ".join(list(known_headers)[:4])}
        )
    if not rows:
        raise ValidationError(_("The file has a header but no rows."))
    return headers, rows


# --- The resources -------------------------------------------------------------------------------------------

# The headers are the file's format, the same whatever the interface's language: a file made by one
# school reads in another. They follow the mentee and mentor base tables of the methodology.
FULL_NAME = "ФИО"
NAME_FIELDS = ("last_name", "first_name", "patronymic")
PERSON_FIELDS = (
    "birth_date",
    "class_name",
    "position",
    "subject",
    "experience_years",
    "phone",
    "email",
    "parent_name",
    "parent_phone",
    "parent_email",
)
CONSENT_FIELDS = ("consent_on", "consent_by")


class BaseResource(resources.ModelResource):
    """What the two bases share: the person's columns, the processing consent, duplicates, and saving
    in batches (a person, their consents, their record and its tags, a few queries per thousand rows)."""

    last_name = Column("Фамилия", "person__last_name")
    first_name = Column("Имя", "person__first_name")
    patronymic = Column("Отчество", "person__patronymic")
    birth_date = Column("Дата рождения", "person__birth_date", DateWidget())
    class_name = ClassColumn("Класс", "person__grade")
    position = Column("Должность", "person__position")
    subject = Column("Предмет", "person__subject")
    experience_years = Column("Педагогический стаж, лет", "person__experience_years", NumberWidget(0, 70))
    phone = Column("Телефон", "person__phone")
    email = Column("Эл. почта", "person__email")
    parent_name = Column("Родитель (законный представитель)", "person__parent_name")
    parent_phone = Column("Телефон родителя", "person__parent_phone")
    parent_email = Column("Эл. почта родителя", "person__parent_email")
    consent_on = Column("Согласие на обработку ПДн, дата", "_consent_on", DateWidget())
    consent_by = Column("Согласие дал(а) (ФИО родителя)", "_consent_by")

    record_model = None

    class Meta:
        force_init_instance = True  # a row never updates an existing record
        skip_diff = True
        use_bulk = True
        batch_size = 1000
        clean_model_instances = False  # validate_instance below checks the person, record and consent

    def __init__(self, organization):
        super().__init__()
        self.organization = organization
        self.today = timezone.localdate()
        self.vocabulary = list(Competency.available_to(organization))
        self.forms = list(
            MentoringForm.objects.filter(organization__in=[organization])
            | MentoringForm.objects.filter(organization__isnull=True)
        )
        self.seen = {}
        for last, first, patronymic, born in Person.objects.filter(
            organization=organization, **{f"{self.record_relation}__isnull": False}
        ).values_list("last_name", "first_name", "patronymic", "birth_date"):
            self.seen[self._key(last, first, patronymic, born)] = None

    record_relation = ""

    @staticmethod
    def _key(last, first, patronymic, born):
        return (normalized(last), normalized(first), normalized(patronymic), born)

    @classmethod
    def headers(cls):
        """The columns an import reads, in the template's order."""
        return [str(cls.fields[name].column_name) for name in cls._meta.fields if not cls.fields[name].readonly]

    def column_of(self, attribute):
        for field in self.fields.values():
            if field.attribute == attribute or field.attribute == f"person__{attribute}":
                return str(field.column_name)
        return ""

    def init_instance(self, row=None):
        instance = self._meta.model(person=Person(organization=self.organization))
        instance._consent_on = None
        instance._consent_by = ""
        return instance

    def before_import_row(self, row, **kwargs):
        # A single «ФИО» column, as many schools keep it, is read as surname, name, patronymic.
        full = row.get(str(FULL_NAME))
        if full and not row.get(str(self.fields["last_name"].column_name)):
            parts = str(full).split(maxsplit=2) + ["", ""]
            for name, part in zip(("last_name", "first_name", "patronymic"), parts[:3], strict=True):
                row[str(self.fields[name].column_name)] = part

    def get_import_fields(self):
        if not hasattr(self, "_import_fields"):
            self._import_fields = [f for f in super().get_import_fields() if not f.readonly and f.attribute]
        return self._import_fields

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            try:
                field.save(instance, row, **kwargs)
            except ValueError as e:
                errors[field.attribute] = ValidationError(str(e), code="invalid")
        if errors:
            raise ValidationError(errors)

    def _consents(self, instance):
        person = instance.person
        if instance._consent_on is None:
            raise ValidationError(
                {
                    "_consent_on": _(
                        "No date of the consent to the processing of personal data: nobody enters a base without it."
                    )
                }
            )
        giver = (instance._consent_by or "").strip()
        if not giver and person.is_minor:
            giver = person.parent_name.strip()
        consent = Consent(
            person=person,
            kind=ConsentKind.PROCESSING,
            given_by=ConsentGiver.PARENT if giver else ConsentGiver.PERSON,
            giver_name=giver,
            given_on=instance._consent_on,
        )
        try:
            consent.clean()  # its fields come from the widgets already checked
        except ValidationError as error:
            raise ValidationError(
                {"_consent_" + ("by" if k != "given_on" else "on"): v for k, v in error.message_dict.items()}
            )
        return [consent]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True, row_number=None):
        errors = dict(import_validation_errors or {})
        person = instance.person

        def collect(error, prefix=""):
            for key, messages in error.message_dict.items():
                errors.setdefault(prefix + key if key != "__all__" else key, messages)

        try:
            person.full_clean(
                exclude=["organization", "user", *(k.removeprefix("person__") for k in errors)],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            collect(error, "person__")
        # The record's choices, numbers and dates come from the widgets: its lengths and clean() remain.
        # (A full_clean of every record would double the time of a 10,000-row check.)
        for f in instance._meta.concrete_fields:
            value = getattr(instance, f.attname)
            if f.max_length and isinstance(value, str) and len(value) > f.max_length and f.name not in errors:
                errors[f.name] = [_("At most %(n)d characters.") % {"n": f.max_length}]
        try:
            instance.clean()
        except ValidationError as error:
            collect(error)
        try:
            instance._consent_records = self._consents(instance)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, messages)
        key = self._key(person.last_name, person.first_name, person.patronymic, person.birth_date)
        if key in self.seen:
            line = self.seen[key]
            errors.setdefault("__all__", []).append(
                _("%(name)s, born %(born)s, is already in the base.")
                % {"name": person.full_name, "born": DateWidget().render(person.birth_date) or "—"}
                if line is None
                else _("Repeats row %(line)s of the file (the same name and date of birth).") % {"line": line}
            )
        elif not errors:  # a row with errors is not imported: a corrected copy further down is no repeat
            self.seen[key] = getattr(self, "current_line", None)
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances, self.create_instances = self.create_instances, []
        if dry_run or not instances:
            return
        try:
            self.save_batch(instances)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)

    def save_batch(self, instances):
        people = Person.objects.bulk_create([i.person for i in instances])
        for instance, person in zip(instances, people, strict=True):
            instance.person = person
        self._meta.model.objects.bulk_create(instances)
        figures_changed.send(sender=self._meta.model, organization=people[0].organization_id if people else None)
        consents = []
        for instance in instances:
            for consent in instance._consent_records:
                consent.person = instance.person
                consents.append(consent)
        Consent.objects.bulk_create(consents)
        self.save_tags(instances)

    def save_tags(self, instances):
        raise NotImplementedError

    def _bulk_m2m(self, instances, field_name, attribute):
        relation = getattr(self._meta.model, field_name)
        through = relation.through
        source = relation.field.m2m_field_name()
        target = relation.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": instance.pk, f"{target}_id": obj.pk})
                for instance in instances
                for obj in getattr(instance, attribute, None) or []
            ]
        )

    # Export: nobody whose processing consent is not in force leaves the portal.
    def export_queryset(self):
        from .services import people_for_export

        return (
            self._meta.model.objects.filter(person__in=people_for_export(self.organization))
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def export_table(self):
        """The header and the rows of the export, dates as dates and numbers as numbers (the
        spreadsheet writers format them); the other cells as the import reads them back."""
        records = list(self.export_queryset())
        self.before_export_records(records)
        fields = self.get_export_fields()
        rows = [[str(f.column_name) for f in fields]]
        for record in records:
            rows.append([self._export_value(field, record) for field in fields])
        return rows

    def before_export_records(self, records):
        pass

    def _export_value(self, field, record):
        method = getattr(self, f"dehydrate_{self.get_field_name(field)}", None)
        if method is not None:
            return method(record)
        if isinstance(field.widget, DateWidget | NumberWidget):
            return field.get_value(record)
        return field.export(record)

    def dehydrate_consent_on(self, record):
        consent = record.person.valid_consent(ConsentKind.PROCESSING)
        return consent.given_on if consent else None

    def dehydrate_consent_by(self, record):
        consent = record.person.valid_consent(ConsentKind.PROCESSING)
        return consent.giver_name if consent else ""


class TagsColumn(Column):
    """Tags are kept on the instance until its batch is saved (bulk imports have no m2m step)."""

    def __init__(self, header, attribute, store, **kwargs):
        super().__init__(header, attribute, **kwargs)
        self.store = store

    def save(self, instance, row, is_m2m=False, **kwargs):
        setattr(instance, self.store, self.clean(row))


class MenteeResource(BaseResource):
    category = Column("Категория", "category", ChoiceWidget(MenteeCategory.choices, default=MenteeCategory.STUDENT))
    request = Column("Запрос", "request")
    needs = TagsColumn("Метки запроса", "needs", "_needs")
    request_source = Column(
        "Источник запроса",
        "request_source",
        ChoiceWidget(RequestSource.choices, default=RequestSource.SELF),
    )
    preferred_form = Column("Предпочитаемая форма", "preferred_form")
    availability = Column("Свободные дни", "availability", WeekdaysWidget())
    entered_on = Column("Дата включения в базу", "entered_on", DateWidget())
    # Export only: the columns of the mentee base table.
    status = Column("Статус", "status", ChoiceWidget(MenteeStatus.choices), readonly=True)
    mentor = Column("Наставник", readonly=True)
    pair_form = Column("Форма", readonly=True)
    finished_on = Column("Дата завершения", "finished_on", DateWidget(), readonly=True)
    results = Column("Результаты", "results", readonly=True)
    case_url = Column("Ссылка на кейс или отзыв", "case_url", readonly=True)

    record_relation = "mentee_record"

    class Meta(BaseResource.Meta):
        model = Mentee
        fields = (
            *NAME_FIELDS,
            "category",
            *PERSON_FIELDS,
            "request",
            "needs",
            "request_source",
            "preferred_form",
            "availability",
            "entered_on",
            *CONSENT_FIELDS,
            "status",
            "mentor",
            "pair_form",
            "finished_on",
            "results",
            "case_url",
        )

    def __init__(self, organization):
        super().__init__(organization)
        self.fields["needs"].widget = NamedWidget(self.vocabulary, many=True, what=_("Needs"))
        self.fields["preferred_form"].widget = NamedWidget(self.forms, many=False, what=_("Forms"))

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.entered_on = self.today
        return instance

    def save_tags(self, instances):
        self._bulk_m2m(instances, "needs", "_needs")

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        from .services import preferred_forms_problem

        errors = dict(import_validation_errors or {})
        if instance.preferred_form_id and "preferred_form" not in errors and "category" not in errors:
            problem = preferred_forms_problem([instance.preferred_form], mentee_audience=instance.audience)
            if problem:
                errors["preferred_form"] = [problem]
        super().validate_instance(instance, errors, **kwargs)

    def export_queryset(self):
        current = PairMember.objects.current().select_related("pair__mentor__person", "pair__form")
        return (
            super()
            .export_queryset()
            .select_related("preferred_form")
            .prefetch_related(
                "needs", "person__consents", Prefetch("memberships", queryset=current, to_attr="current_memberships")
            )
        )

    def dehydrate_needs(self, mentee):
        return ", ".join(tag.name for tag in mentee.needs.all())

    def dehydrate_preferred_form(self, mentee):
        return mentee.preferred_form.name if mentee.preferred_form else ""

    def dehydrate_mentor(self, mentee):
        return ", ".join(m.pair.mentor.person.full_name for m in mentee.current_memberships)

    def dehydrate_pair_form(self, mentee):
        return ", ".join(m.pair.form.name for m in mentee.current_memberships)


class MentorResource(BaseResource):
    category = Column("Категория", "category", ChoiceWidget(MentorCategory.choices, default=MentorCategory.TEACHER))
    workplace = Column("Место работы или учёбы", "workplace")
    competencies = TagsColumn("Ключевые компетенции", "competencies", "_competencies")
    achievements = Column("Достижения", "achievements")
    interests = Column("Интересы", "interests")
    desired_age_from = Column("Возраст наставляемых от", "desired_age_from", NumberWidget(3, 80))
    desired_age_to = Column("Возраст наставляемых до", "desired_age_to", NumberWidget(3, 80))
    availability = Column("Свободные дни", "availability", WeekdaysWidget())
    capacity = Column("Максимум наставляемых", "capacity", NumberWidget(1, 30))
    preferred_forms = TagsColumn("Предпочитаемые формы", "preferred_forms", "_forms")
    qualification = Column("Квалификационная категория", "qualification")
    status = Column("Статус", "status", ChoiceWidget(MentorStatus.choices, default=MentorStatus.CANDIDATE))
    included_on = Column("Дата включения в реестр", "included_on", DateWidget())
    mentoring_consent_on = Column("Письменное согласие на наставничество, дата", "_mentoring_consent_on", DateWidget())
    # Export only.
    load = Column("Текущих наставляемых", readonly=True)
    trainings = Column("Обучение", readonly=True)

    record_relation = "mentor_record"

    class Meta(BaseResource.Meta):
        model = Mentor
        fields = (
            *NAME_FIELDS,
            "category",
            *PERSON_FIELDS,
            "workplace",
            "competencies",
            "achievements",
            "interests",
            "desired_age_from",
            "desired_age_to",
            "availability",
            "capacity",
            "preferred_forms",
            "qualification",
            "status",
            "included_on",
            *CONSENT_FIELDS,
            "mentoring_consent_on",
            "load",
            "trainings",
        )

    def __init__(self, organization):
        super().__init__(organization)
        self.fields["competencies"].widget = NamedWidget(self.vocabulary, many=True, what=_("Competencies"))
        self.fields["preferred_forms"].widget = NamedWidget(self.forms, many=True, what=_("Forms"))

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.included_on = self.today
        instance.capacity = self.organization.default_mentor_capacity
        instance._mentoring_consent_on = None
        return instance

    def _consents(self, instance):
        consents = super()._consents(instance)
        if instance._mentoring_consent_on:
            if instance._mentoring_consent_on > self.today:
                raise ValidationError({"_mentoring_consent_on": _("The date is in the future.")})
            consents.append(
                Consent(person=instance.person, kind=ConsentKind.MENTORING, given_on=instance._mentoring_consent_on)
            )
        return consents

    def save_tags(self, instances):
        self._bulk_m2m(instances, "competencies", "_competencies")
        self._bulk_m2m(instances, "preferred_forms", "_forms")

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        from .services import preferred_forms_problem

        errors = dict(import_validation_errors or {})
        if "preferred_forms" not in errors and "category" not in errors:
            forms = getattr(instance, "_forms", None) or []
            problem = preferred_forms_problem(forms, mentor_category=instance.category)
            if problem:
                errors["preferred_forms"] = [problem]
        super().validate_instance(instance, errors, **kwargs)

    def export_queryset(self):
        return (
            super()
            .export_queryset()
            .prefetch_related("competencies", "preferred_forms", "person__consents", "trainings")
        )

    def before_export_records(self, records):
        from .services import mentor_loads

        self._loads = mentor_loads([m.pk for m in records])

    def dehydrate_competencies(self, mentor):
        return ", ".join(tag.name for tag in mentor.competencies.all())

    def dehydrate_preferred_forms(self, mentor):
        return ", ".join(form.name for form in mentor.preferred_forms.all())

    def dehydrate_mentoring_consent_on(self, mentor):
        consent = mentor.person.valid_consent(ConsentKind.MENTORING)
        return consent.given_on if consent else None

    def dehydrate_load(self, mentor):
        return self._loads.get(mentor.pk, 0)

    def dehydrate_trainings(self, mentor):
        return "; ".join(
            " ".join(
                part
                for part in (
                    training.course,
                    DateWidget().render(training.finished_on or training.started_on),
                    f"№ {training.certificate_number}" if training.certificate_number else "",
                )
                if part
            )
            for training in mentor.trainings.all()
        )


RESOURCES = {BaseImport.Kind.MENTEES: MenteeResource, BaseImport.Kind.MENTORS: MentorResource}


# --- Operations ------------------------------------------------------------------------------------------------


# The file's own words, like its headers: the same whatever the interface's language.
TITLES = {BaseImport.Kind.MENTEES: "База наставляемых", BaseImport.Kind.MENTORS: "База наставников"}


def _file(rows, file_format, title):
    if file_format == "csv":
        return spreadsheets.csv_bytes(rows)
    return spreadsheets.xlsx([(title, rows)])


def export_base(organization, kind, file_format):
    """The base as a file: (content, format, Russian file name, ASCII file name), both names without
    the extension. Dates and numbers are real ones; what people typed is never a formula."""
    rows = RESOURCES[kind](organization).export_table()
    today = timezone.localdate()
    name = spreadsheets.file_name(TITLES[kind], organization.short_name, f"{today:%d.%m.%Y}")
    return _file(rows, file_format, TITLES[kind]), file_format, name, f"{organization.slug}-{kind}-{today:%Y-%m-%d}"


def import_template(kind, file_format):
    """An empty table with the columns the import reads."""
    title = TITLES[kind]
    return _file([RESOURCES[kind].headers()], file_format, title), file_format, f"{title} — шаблон", f"{kind}-template"


def _dataset(draft):
    return tablib.Dataset(*[tuple(cells) for _line, cells in draft.rows], headers=draft.headers)


class Report:
    """What checking a draft's rows found: the rows with their errors by column, and the columns the
    import does not read."""

    def __init__(self, draft, resource, result):
        self.total = len(draft.rows)
        self.invalid = []
        lines = [line for line, _cells in draft.rows]
        for row in result.invalid_rows:
            errors = [
                (resource.column_of(key) if key != "__all__" else "", messages)
                for key, messages in row.error_dict.items()
            ]
            values = dict(zip(draft.headers, row.values, strict=False))
            name = " ".join(str(values.get(h) or "") for h in ("Фамилия", "Имя", "Отчество")).strip()
            self.invalid.append(
                {"line": lines[row.number - 1], "name": name or values.get(FULL_NAME, ""), "errors": errors}
            )
        self.failed = [str(error.error) for error in result.base_errors] + [
            str(error.error) for _n, errors in result.row_errors() for error in errors
        ]
        self.valid = self.total - len(self.invalid) - len(result.row_errors())
        known = {normalized(h) for h in resource.headers()} | {normalized(FULL_NAME)}
        self.ignored = [h for h in draft.headers if h and normalized(h) not in known]

    def as_dict(self):
        return {
            "total": self.total,
            "valid": self.valid,
            "invalid": self.invalid,
            "ignored": self.ignored,
            "failed": self.failed,
        }


class _LineTracker:
    """Tells the resource which line of the file it is checking, for the «repeats row N» message."""

    def __init__(self, resource, draft):
        lines = [line for line, _cells in draft.rows]
        original = resource.before_import_row

        def before_import_row(row, row_number=None, **kwargs):
            resource.current_line = lines[row_number - 1] if row_number else None
            original(row, **kwargs)

        resource.before_import_row = before_import_row


def check_rows(draft):
    resource = RESOURCES[draft.kind](draft.organization)
    _LineTracker(resource, draft)
    result = resource.import_data(_dataset(draft), dry_run=True, use_transactions=False)
    return Report(draft, resource, result)


def import_draft_create(*, organization, user, kind, upload):
    """Read an uploaded file into a draft and check its rows; nothing enters a base."""
    headers, rows = read_table(upload, RESOURCES[kind].headers() + [str(FULL_NAME)])
    draft = BaseImport(
        organization=organization, kind=kind, file_name=upload.name[:255], headers=headers, rows=rows, created_by=user
    )
    draft.report = check_rows(draft).as_dict()
    draft.save()
    return draft


@transaction.atomic
def import_draft_commit(draft, *, only_valid):
    """Import the draft's rows into the base: all of them, or only the valid ones when asked. Checked
    again, since the base may have changed since the preview; all or nothing either way."""
    draft = BaseImport.objects.select_for_update().get(pk=draft.pk)
    if draft.status != BaseImport.Status.DRAFT:
        raise ValidationError(_("This file was already imported or cancelled."))
    # One import into an organization's bases at a time: the duplicates are checked against what is there.
    Organization.objects.select_for_update().get(pk=draft.organization_id)
    resource = RESOURCES[draft.kind](draft.organization)
    _LineTracker(resource, draft)
    result = resource.import_data(_dataset(draft), dry_run=False, use_transactions=False)
    report = Report(draft, resource, result)
    if report.failed:
        raise RuntimeError("; ".join(report.failed))
    if report.invalid and not only_valid:
        raise ValidationError(
            _("%(n)d rows have errors: correct the file, or import only the valid rows. Nothing was imported.")
            % {"n": len(report.invalid)}
        )
    if not report.valid:
        raise ValidationError(_("No row is valid: nothing was imported."))
    # The rows were personal data kept only for the preview.
    draft.status = BaseImport.Status.IMPORTED
    draft.imported_count = report.valid
    draft.rows, draft.report = [], {}
    draft.save(update_fields=["status", "imported_count", "rows", "report"])
    return report


def import_draft_recheck(draft):
    """Check the draft's rows again for the preview, after an import found the base changed."""
    draft.report = check_rows(draft).as_dict()
    BaseImport.objects.filter(pk=draft.pk, status=BaseImport.Status.DRAFT).update(report=draft.report)


def import_draft_cancel(draft):
    updated = BaseImport.objects.filter(pk=draft.pk, status=BaseImport.Status.DRAFT).update(
        status=BaseImport.Status.CANCELLED, rows=[], report={}
    )
    if not updated:
        raise ValidationError(_("This file was already imported or cancelled."))


def expired_message():
    from django.conf import settings

    return _(
        "This preview was kept for %(n)d hours and has expired: what was read from the file is deleted. "
        "Upload the file again."
    ) % {"n": settings.IMPORT_DRAFT_TTL_HOURS}


def import_drafts_expire(*, now=None):
    """Previews older than settings.IMPORT_DRAFT_TTL_HOURS lose their rows (personal data read from a
    file nobody imported) and are marked expired. Returns how many."""
    from django.conf import settings

    cutoff = (now or timezone.now()) - timedelta(hours=settings.IMPORT_DRAFT_TTL_HOURS)
    return BaseImport.objects.filter(status=BaseImport.Status.DRAFT, created_at__lt=cutoff).update(
        status=BaseImport.Status.EXPIRED, rows=[], report={}
    )
