from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import ConsentKind

from . import wording
from .documents import DOCUMENTS
from .models import ConsentWording


class WordingForm(forms.ModelForm):
    """The parts of an organization's wording of one kind, shown as the documents print them: a part equal
    to the default is kept empty, so it follows the portal's default."""

    class Meta:
        model = ConsentWording
        fields = list(wording.PARTS)
        widgets = {part: forms.Textarea(attrs={"rows": 3}) for part in wording.PARTS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind, organization = self.instance.kind, self.instance.organization
        for part in wording.PARTS:
            if part not in wording.parts_for(kind):
                del self.fields[part]
                continue
            self.fields[part].required = False
            if not self.is_bound:
                self.initial[part] = self.instance.text(part)
        if "data" in self.fields and kind == ConsentKind.PUBLICATION:
            self.fields["data"].widget.attrs["rows"] = 8
        self.defaults = {part: wording.default(kind, part, organization) for part in self.fields}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.fields, Submit("save", _("Save")))

    def clean(self):
        data = super().clean()
        for part in self.fields:
            text = (data.get(part) or "").strip().replace("\r\n", "\n")
            data[part] = "" if text == self.defaults[part].strip() else text
        return data


class BatchForm(forms.Form):
    """What to print for a class."""

    class_name = forms.CharField(label=_("Class"))
    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in wording.DOCUMENT_KINDS])
    document = forms.ChoiceField(choices=[(d, d) for d in DOCUMENTS])
    format = forms.ChoiceField(choices=[("pdf", "PDF"), ("zip", "ZIP")])
