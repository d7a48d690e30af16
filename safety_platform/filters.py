"""Form pieces shared by the apps' FilterSets (django-filter) and forms: a <select> rendered in Python
and the region tree as an indented <select>."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Model
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> rendered in Python: the stock widget renders one template per <option>, which
    dominates a page when the region tree has hundreds of cells or the enterprise list thousands."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.setdefault("class", "form-select")
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")}
        options = []
        for option_value, label in self.choices:
            key = str(option_value.value if hasattr(option_value, "value") else option_value)
            mark = " selected" if key in selected or (not selected and key == "") else ""
            options.append(f'<option value="{escape(key)}"{mark}>{escape(label)}</option>')
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{"".join(options)}</select>')


class FastFormMixin:
    """Every plain <select> of the filter form rendered by FastSelect."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        return form


class RegionChoiceField(forms.ModelChoiceField):
    """Regions (accounts.Region, or any tree node with ``depth`` and ``name``) indented by depth so
    the tree reads as a tree in a plain <select>."""

    def label_from_instance(self, obj: Model) -> str:
        return f"{'　' * obj.depth}{obj.name}"


class RegionTreeFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)
