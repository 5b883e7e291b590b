from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring import uploads
from mentoring.forms import DateInput
from mentoring.models import MentoringForm, Pair, PairStatus

from .models import Assignment, EndedBy, PayRule

SAVE = _("Save")


def _helper(*layout, submit=SAVE):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    if submit:
        helper.layout.append(Submit("save", submit))
    return helper


class PayRuleForm(forms.ModelForm):
    class Meta:
        model = PayRule
        fields = ["name", "method", "base", "amount", "form", "basis"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["form"].queryset = MentoringForm.objects.filter(
            Q(organization=None) | Q(organization=organization), audience=MentoringForm.Audience.TEACHERS
        )
        self.helper = _helper("name", Row(Column("method"), Column("base"), Column("amount")), "form", "basis")

    FROZEN = ("method", "base", "amount", "form")

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.FROZEN if name in self.changed_data]
        if changed and self.instance.is_used_by_signed():
            raise forms.ValidationError(
                _(
                    "Signed agreements are paid by this rule as it was: its sum, method, base and form cannot change. "
                    "Create a new rule for new agreements (the name and the local act may be corrected here)."
                )
            )
        return cleaned

    def clean_name(self):
        """The organization is not a field of the form, so the model's unique name is checked here."""
        name = self.cleaned_data["name"].strip()
        others = PayRule.objects.of(self.instance.organization).filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("The organization already has a rule of pay named «%(name)s»: give this one another name.")
                % {"name": name}
            )
        return name


class AssignmentForm(forms.ModelForm):
    """The assignment of a teacher-mentor: what the additional agreement fixes."""

    pairs = forms.ModelMultipleChoiceField(
        label=_("Pairs and groups"), queryset=Pair.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Assignment
        fields = ["pairs", "form", "content", "starts_on", "ends_on", "pay_rule", "salary", "contract"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, mentor, **kwargs):
        super().__init__(*args, **kwargs)
        organization = mentor.person.organization
        pairs = (
            Pair.objects.filter(mentor=mentor, status=PairStatus.ACTIVE, program__organization=organization)
            .select_related("form", "program")
            .prefetch_related("members__mentee__person")
        )
        self.fields["pairs"].queryset = pairs
        self.fields["pairs"].label_from_instance = lambda pair: (
            f"{', '.join(m.mentee.person.full_name for m in pair.members.all() if m.left_on is None)}"
            f" · {pair.form} · {pair.program}"
        )
        self.fields["form"].queryset = MentoringForm.objects.filter(pairs__in=pairs).distinct()
        self.fields["pay_rule"].queryset = PayRule.objects.of(organization)
        first = pairs.first()
        if first and not self.is_bound:
            self.initial.setdefault("pairs", [p.pk for p in pairs])
            self.initial.setdefault("form", first.form_id)
            self.initial.setdefault("starts_on", max(first.started_on, timezone.localdate()))
            if first.ends_on:
                self.initial.setdefault("ends_on", first.ends_on)
            elif first.program.period_end:
                self.initial.setdefault("ends_on", first.program.period_end)
        self.helper = _helper(
            "pairs",
            "form",
            "content",
            Row(Column("starts_on"), Column("ends_on")),
            Row(Column("pay_rule"), Column("salary")),
            "contract",
            submit=_("Draft the assignment"),
        )


class AcknowledgeForm(forms.Form):
    on = forms.DateField(label=_("The mentor signed on"), widget=DateInput(), initial=date.today)


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Scan of the copy signed by both sides"))

    def clean_scan(self):
        return uploads.cleaned(self.cleaned_data.get("scan"), uploads.SCAN)


class EndEarlyForm(forms.Form):
    by = forms.ChoiceField(label=_("Who ends it"), choices=EndedBy.choices, widget=forms.RadioSelect)
    notice_on = forms.DateField(
        label=_("Day the notice was given"),
        widget=DateInput(),
        initial=date.today,
        help_text=_("The employer's written notice, or the day the mentor's written statement was received."),
    )
    ended_on = forms.DateField(
        label=_("Last day of the mentoring"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Empty: the earliest day the notice allows (the third working day after it on the production "
            "calendar, for either side)."
        ),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            year, month = (int(part) for part in value.split("-"))
            date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Choose a month.")) from None
        return year, month
