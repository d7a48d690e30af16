"""Forms of people management, onboarding and password recovery."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm

from safety_platform.forms import BootstrapMixin

from .account_permissions import creatable_roles
from .choices import RegionKind, Role
from .models import Department, OnboardingJob, OutboundMessage, Region, User


def _streets(user):
    return Region.objects.for_user(user).filter(kind=RegionKind.STREET)


class PeopleFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="姓名/用户名/手机", required=False)
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *Role.choices])
    street = forms.ModelChoiceField(label="街道", required=False, queryset=Region.objects.none(), empty_label="全部街道")
    department = forms.ModelChoiceField(label="部门", required=False, queryset=Department.objects.all(),
                                        empty_label="全部部门")
    enterprise = forms.CharField(label="企业（名称或信用代码）", required=False)
    active = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("1", "在用"), ("0", "已停用")])
    never_logged_in = forms.BooleanField(label="从未登录", required=False)
    locked = forms.BooleanField(label="已锁定", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = _streets(user)


class PersonForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="便于输入：信用代码、手机号或拼音")
    full_name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    phone = forms.RegexField(label="手机号", regex=r"^1\d{10}$", required=False,
                             error_messages={"invalid": "应为 11 位手机号"})
    email = forms.EmailField(label="电子邮箱", required=False)
    post = forms.CharField(label="职务", max_length=30, required=False, help_text="如：法定代表人、安全负责人")
    region = forms.ModelChoiceField(label="所属街道", queryset=Region.objects.none(), required=False)
    department = forms.ModelChoiceField(label="所属部门", queryset=Department.objects.all(), required=False)
    enterprise_uscc = forms.CharField(label="所属企业统一社会信用代码", max_length=18, required=False)
    grid_cells = forms.ModelMultipleChoiceField(label="负责网格", queryset=Region.objects.none(), required=False)
    enforcement_cert_no = forms.CharField(label="执法证号", max_length=40, required=False)
    wecom_userid = forms.CharField(label="企业微信账号", max_length=64, required=False)

    def __init__(self, *args, user, editing: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _streets(user)
        self.fields["grid_cells"].queryset = Region.objects.for_user(user).filter(kind=RegionKind.GRID)
        allowed = creatable_roles(user)
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in allowed]
        if editing is not None:
            del self.fields["username"], self.fields["grid_cells"]

    def clean_enterprise_uscc(self):
        from django.apps import apps

        uscc = self.cleaned_data["enterprise_uscc"].strip().upper()
        if not uscc:
            return None
        enterprise = apps.get_model("enterprises", "Enterprise").objects.filter(uscc=uscc).first()
        if enterprise is None:
            raise forms.ValidationError("未找到该企业")
        return enterprise

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.ENTERPRISE and not data.get("enterprise_uscc"):
            self.add_error("enterprise_uscc", "企业用户须填写所属企业")
        if role == Role.STREET and not data.get("region"):
            self.add_error("region", "街道用户须选择所属街道")
        if role == Role.DEPARTMENT and not data.get("department"):
            self.add_error("department", "部门用户须选择所属部门")
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["enterprise"] = data.pop("enterprise_uscc")
        data.pop("username", None)
        return data


class HandOverForm(BootstrapMixin, forms.Form):
    cells = forms.ModelMultipleChoiceField(label="移交的网格", queryset=Region.objects.none())
    to = forms.ModelChoiceField(label="接收的网格员", queryset=User.objects.none())
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cells"].queryset = Region.objects.for_user(user).filter(kind=RegionKind.GRID)
        self.fields["to"].queryset = User.objects.for_user(user).filter(role=Role.GRID, is_active=True)


class OnboardingUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    delivery = forms.ChoiceField(label="初始密码送达", choices=OnboardingJob.Delivery.choices)


class OnboardingRegistryForm(BootstrapMixin, forms.Form):
    street = forms.ModelChoiceField(label="街道", queryset=Region.objects.none(), required=False,
                                    empty_label="辖区内全部")
    person = forms.ChoiceField(label="开通对象", choices=[("safety", "安全负责人"), ("legal", "法定代表人")])
    only_without_login = forms.BooleanField(label="仅尚无账号的企业", required=False, initial=True)
    delivery = forms.ChoiceField(label="初始密码送达", choices=OnboardingJob.Delivery.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = _streets(user)


class OutboxFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *OutboundMessage.Status.choices])
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部"), *OutboundMessage.Channel.choices])
    q = forms.CharField(label="地址", required=False)


class ResetCodeRequestForm(BootstrapMixin, forms.Form):
    identifier = forms.CharField(label="用户名或手机号", max_length=150)


class ResetCodeConfirmForm(BootstrapMixin, SetPasswordForm):
    identifier = forms.CharField(label="用户名或手机号", max_length=150)
    code = forms.CharField(label="短信验证码", max_length=6, min_length=6)
    field_order = ["identifier", "code", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(None, *args, **kwargs)

    def clean_new_password2(self):  # validated against the user by the service
        p1, p2 = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("两次输入的密码不一致")
        return p2


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's e-mail reset, its mail written to the outbox instead of sent inline."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        from django.template import loader

        from .outbox import enqueue

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        enqueue(channel=OutboundMessage.Channel.EMAIL, address=to_email, subject=subject, text=body,
                recipient=context.get("user"))
