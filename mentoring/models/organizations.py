from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def for_user(self, user):
        """The regions a user coordinates (their ministry's or methodological centre's staff)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(memberships__user=user, memberships__role=Role.REGIONAL_COORDINATOR).distinct()


class Region(models.Model):
    """A subject of the Federation («субъект РФ»): its ministry and methodological centre oversee the
    districts (municipalities) of the region in aggregate."""

    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    code = models.CharField(
        _("subject code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("Two digits, e.g. 69."))],
        help_text=_("The subject's two-digit code, e.g. 69."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["short_name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:region_dashboard", kwargs={"region_slug": self.slug})


class MunicipalityQuerySet(models.QuerySet):
    def for_user(self, user):
        """The districts a user oversees: a district coordinator their municipality, a regional
        coordinator every municipality of their region. Superusers (support staff) all of them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(memberships__user=user, memberships__role=Role.COORDINATOR)
            | Q(region__memberships__user=user, region__memberships__role=Role.REGIONAL_COORDINATOR)
        ).distinct()

    def coordinated_by(self, user):
        """The districts where `user` is a district coordinator: those they may act in, not only read."""
        if user.is_superuser:
            return self.all()
        return self.filter(memberships__user=user, memberships__role=Role.COORDINATOR)


class Municipality(models.Model):
    """A district education office («муниципальный орган управления образованием»)."""

    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("region"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class OrganizationKind(models.TextChoices):
    SCHOOL = "school", _("school")
    LYCEUM = "lyceum", _("lyceum")
    GYMNASIUM = "gymnasium", _("gymnasium")
    KINDERGARTEN = "kindergarten", _("kindergarten")
    COLLEGE = "college", _("college")
    ADDITIONAL = "additional", _("additional education")
    # The district education office itself, when it keeps a roadmap of its own.
    OFFICE = "office", _("education office")


class OrganizationQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """The organizations a user's memberships cover: the tenancy boundary of the portal.

        A district coordinator covers every organization of their municipality, a regional coordinator
        every organization of their region's municipalities; any other role covers the organization it
        was given in. Superusers (support staff) cover everything.
        With `roles`, only the organizations where the user holds one of them.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        roles = set(Role) if roles is None else set(roles)
        covered = Q(memberships__user=user, memberships__role__in=roles - {Role.COORDINATOR, Role.REGIONAL_COORDINATOR})
        if Role.COORDINATOR in roles:
            covered |= Q(municipality__memberships__user=user, municipality__memberships__role=Role.COORDINATOR)
        if Role.REGIONAL_COORDINATOR in roles:
            covered |= Q(
                municipality__region__memberships__user=user,
                municipality__region__memberships__role=Role.REGIONAL_COORDINATOR,
            )
        return self.filter(covered).distinct()

    def of_district(self, municipality):
        """The organizations a district oversees: all of its organizations but the education office
        itself, which keeps the district's own roadmap. Every district figure counts these."""
        return self.filter(municipality=municipality).exclude(kind=OrganizationKind.OFFICE)


def default_reminder_days():
    return [7, 1]


def validate_reminder_days(value):
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not value or not all(isinstance(d, int) and 0 <= d <= 90 for d in value):
        raise ValidationError(_("A list of whole numbers of days from 0 to 90, e.g. [7, 1]."))


class Organization(models.Model):
    """An educational organization («ОО»): a school, kindergarten, college and so on."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=OrganizationKind.choices)
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in the organization's addresses."))
    address = models.CharField(_("address"), max_length=500, blank=True)
    founder = models.CharField(
        _("founder"),
        max_length=300,
        blank=True,
        help_text=_("As printed on the letterhead of orders."),
    )
    director_name = models.CharField(_("head's name"), max_length=200, blank=True)
    director_title = models.CharField(
        _("head's position"),
        max_length=100,
        default="Директор",
        help_text=_("For example «Директор» or «Заведующий»."),
    )
    student_count = models.PositiveIntegerField(
        _("number of students"),
        default=0,
        help_text=_("Denominator of the student coverage indicators."),
    )
    teacher_count = models.PositiveIntegerField(
        _("number of teachers"),
        default=0,
        help_text=_("Denominator of the teacher coverage indicators."),
    )
    reminder_days = models.JSONField(
        _("remind before the deadline, days"),
        default=default_reminder_days,
        validators=[validate_reminder_days],
        help_text=_("For example [7, 1]: a week before and the day before."),
    )

    default_mentor_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor by default"),
        default=3,
        help_text=_("The capacity a new mentor gets; practice is two or three mentees."),
    )

    quiet_pair_weeks = models.PositiveSmallIntegerField(
        _("remind about a pair without meetings after, weeks"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "short_name"], name="mentoring_organization_unique_short_name"
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("roadmap:program_list", kwargs={"org_slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by email. Their roles come from memberships."""

    email = models.EmailField(_("email"), unique=True)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("is active"), default=True)
    is_staff = models.BooleanField(
        _("support staff"), default=False, help_text=_("May log in to the administration site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            # Logins ignore case, so two accounts may not differ only in case.
            models.UniqueConstraint(Lower("email"), name="mentoring_user_unique_email_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    @property
    def full_name(self):
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def short_name(self):
        """«Иванова А.А.», the way Russian documents name people."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.short_name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("district coordinator")
    DIRECTOR = "director", _("director")
    CURATOR = "curator", _("curator")
    MENTOR = "mentor", _("mentor")
    MENTEE = "mentee", _("mentee")
    REGIONAL_COORDINATOR = "regional_coordinator", _("regional coordinator")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


class Membership(models.Model):
    """A role a person holds: in one organization, or (coordinators) over a municipality, or (regional
    coordinators) over a region."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    position = models.CharField(
        _("position"),
        max_length=200,
        blank=True,
        help_text=_("As it is written in documents, e.g. «заместитель директора по УВР»."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role"]
        constraints = [
            # A coordinator is placed over a municipality, a regional coordinator over a region; every
            # other role inside one organization. Exactly one of the three is set.
            models.CheckConstraint(
                condition=(
                    Q(role="coordinator", municipality__isnull=False, organization__isnull=True, region__isnull=True)
                    | Q(
                        role="regional_coordinator",
                        region__isnull=False,
                        organization__isnull=True,
                        municipality__isnull=True,
                    )
                    | (
                        ~Q(role__in=["coordinator", "regional_coordinator"])
                        & Q(municipality__isnull=True, organization__isnull=False, region__isnull=True)
                    )
                ),
                name="mentoring_membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(organization__isnull=False),
                name="mentoring_membership_unique_org_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="mentoring_membership_unique_municipality_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="mentoring_membership_unique_region_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.place})"

    @property
    def place(self):
        return self.organization or self.municipality or self.region

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role == Role.COORDINATOR:
            if not self.municipality_id or self.organization_id or self.region_id:
                raise ValidationError(_("A district coordinator is given a municipality, not an organization."))
        elif self.role == Role.REGIONAL_COORDINATOR:
            if not self.region_id or self.organization_id or self.municipality_id:
                raise ValidationError(_("A regional coordinator is given a region, not a district or an organization."))
        elif not self.organization_id or self.municipality_id or self.region_id:
            raise ValidationError(_("This role is given in an organization."))


class MentoringForm(models.Model):
    """A form of mentoring («ученик – ученик», «учитель – учитель», …). Standard forms are shared;
    an organization may add local ones."""

    class Audience(models.TextChoices):
        STUDENTS = "students", _("students")
        TEACHERS = "teachers", _("teachers")

    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_forms",
        verbose_name=_("organization"),
        help_text=_("Empty for the standard forms."),
    )
    position = models.PositiveSmallIntegerField(_("sort order"), default=0)
    # The form's other side: the mentor categories («учитель», «обучающийся», …) it joins with its
    # audience. Empty only for a local form that takes any mentor.
    mentor_categories = models.JSONField(
        _("mentors of the form"),
        default=list,
        blank=True,
        help_text=_("Categories of mentor this form joins with its mentees; empty: any mentor."),
    )

    class Meta:
        verbose_name = _("form of mentoring")
        verbose_name_plural = _("forms of mentoring")
        ordering = ["audience", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(organization__isnull=True),
                name="mentoring_mentoringform_unique_standard_code",
            ),
            models.UniqueConstraint(
                fields=["organization", "code"],
                condition=Q(organization__isnull=False),
                name="mentoring_mentoringform_unique_local_code",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from .people import MentorCategory

        if not isinstance(self.mentor_categories, list):
            raise ValidationError({"mentor_categories": _("A list of mentor categories is expected.")})
        unknown = [c for c in self.mentor_categories if c not in MentorCategory.values]
        if unknown:
            message = _("Unknown mentor category: %s.") % ", ".join(map(str, unknown))
            raise ValidationError({"mentor_categories": message})

    def takes_mentor(self, category):
        """Whether a mentor of `category` may mentor in this form: the form's mentor side."""
        return not self.mentor_categories or category in self.mentor_categories

    def takes_mentee(self, audience):
        """Whether a mentee of `audience` (students or teachers) may be mentored in this form."""
        return self.audience == audience

    @property
    def mentor_side_display(self):
        from .people import MentorCategory

        if not self.mentor_categories:
            return _("any mentor")
        labels = dict(MentorCategory.choices)
        return ", ".join(str(labels.get(c, c)) for c in self.mentor_categories)
