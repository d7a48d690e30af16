import django_filters
from django import forms

from .choices import Grade, ObjectionStatus, SchemeStatus, UnitKind
from .models import AssessedUnit, Objection, Scheme


class StyledFilterSet(django_filters.FilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            small = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", small)


class SchemeFilter(StyledFilterSet):
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(label="状态", choices=SchemeStatus.choices)
    name = django_filters.CharFilter(label="名称", lookup_expr="icontains")

    class Meta:
        model = Scheme
        fields = ["year", "status", "name"]


class UnitFilter(StyledFilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="scheme__year")
    scheme = django_filters.ModelChoiceFilter(label="方案", queryset=Scheme.objects.none())
    kind = django_filters.ChoiceFilter(label="类别", choices=UnitKind.choices)
    status = django_filters.ChoiceFilter(label="阶段", field_name="scheme__status", choices=SchemeStatus.choices)
    grade = django_filters.ChoiceFilter(label="等次", choices=Grade.choices)
    vetoed = django_filters.BooleanFilter(label="一票否决")
    name = django_filters.CharFilter(label="单位名称", lookup_expr="icontains")

    class Meta:
        model = AssessedUnit
        fields = ["year", "scheme", "kind", "status", "grade", "vetoed", "name"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["scheme"].queryset = Scheme.objects.for_user(request.user)


class ObjectionFilter(StyledFilterSet):
    scheme = django_filters.ModelChoiceFilter(label="方案", field_name="score__unit__scheme", queryset=Scheme.objects.none())
    status = django_filters.ChoiceFilter(label="状态", choices=ObjectionStatus.choices)
    unit = django_filters.CharFilter(label="单位名称", field_name="score__unit__name", lookup_expr="icontains")

    class Meta:
        model = Objection
        fields = ["scheme", "status", "unit"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["scheme"].queryset = Scheme.objects.for_user(request.user)
