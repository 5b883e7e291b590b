from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderSettings
from .registry import kind_choices


class ReminderSettingsForm(forms.ModelForm):
    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not remind me of"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReminderSettings
        fields = ["emails", "muted_kinds", "urgent_immediately"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muted_kinds"].choices = kind_choices()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
