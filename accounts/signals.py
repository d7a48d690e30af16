from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from safety_platform.http import client_ip

from .services import audit_record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="登录", obj=user, note=_ip(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(actor=None, action="登录失败", note=f"{credentials.get('username', '')} {_ip(request)}")


def _ip(request) -> str:
    return client_ip(request) if request is not None else ""
