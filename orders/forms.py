from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring import uploads
from roadmap.models import Program
from roadmap.stages import Stage

from .kinds import KIND_CHOICES


class NewOrderForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    kind = forms.ChoiceField(label=_("Type of order"), choices=KIND_CHOICES)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("-period_start")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PointForm(forms.Form):
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    executor = forms.CharField(label=_("Executor"), required=False, max_length=300)
    deadline = forms.CharField(label=_("Deadline"), required=False, max_length=100)


PointFormSet = forms.formset_factory(PointForm, extra=2, max_num=40)


class OrderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    preamble = forms.CharField(
        label=_("Preamble"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("«В соответствии с …»; «ПРИКАЗЫВАЮ:» follows it."),
    )
    control = forms.CharField(label=_("Control point"), max_length=500)
    acquainted = forms.CharField(
        label=_("Acquainted with the order"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One name a line: each gets a line for a signature and a date."),
    )

    def __init__(self, *args, texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        for index, title in texts:
            self.fields[f"text_{index}"] = forms.CharField(
                label=title, widget=forms.Textarea(attrs={"rows": 14}), required=False
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 2}))


class StageBatchForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    stage = forms.TypedChoiceField(label=_("Stage"), choices=Stage.choices, coerce=int)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("-period_start")


class DistrictBatchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of order"), choices=KIND_CHOICES)


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("The PDF you have"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check(upload, uploads.ORDER_PDF)
        return upload
