from django import forms

ORDER_CHOICES = [("filing", "按自查填报率"), ("rectification", "按隐患整改率"), ("overdue", "按逾期隐患数")]


class LeagueForm(forms.Form):
    week = forms.DateField(label="填报周次（任一天）", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    year = forms.IntegerField(label="整改统计年度", required=False, min_value=2000, max_value=2100)
    order = forms.ChoiceField(label="排名依据", choices=ORDER_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
