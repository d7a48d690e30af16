"""Self-service password recovery by an SMS code to the registered phone.

The code is 6 digits, stored as a keyed hash, valid RESET_CODE_MINUTES, single-use, dead after
RESET_CODE_TRIES wrong tries; a user gets at most one code a minute and RESET_CODES_PER_DAY a day.
Whether the account exists is never told: the request always answers the same, and a wrong
username fails exactly like a wrong code (no user enumeration). Recovery by e-mail is Django's
token reset (accounts.forms.OutboxPasswordResetForm), its mail sent through the outbox.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import OutboundMessage, PasswordResetCode, User
from .outbox import enqueue
from .services import audit_record

RESET_CODE_MINUTES = 10
RESET_CODE_TRIES = 5
RESET_CODES_PER_DAY = 5
INVALID = "验证码错误或已失效，请重新获取"


def _hash(code: str, user: User) -> str:
    return salted_hmac("password-reset-code", f"{user.pk}:{code}").hexdigest()


def _find(identifier: str) -> User | None:
    identifier = identifier.strip()
    if not identifier:
        return None
    users = list(User.objects.filter(Q(username__iexact=identifier) | Q(phone=identifier), is_active=True)[:2])
    return users[0] if len(users) == 1 and users[0].phone else None


@transaction.atomic
def reset_code_request(*, identifier: str, now: dt.datetime | None = None) -> None:
    """Send a code if the account exists, has a phone and is within the limits; silent otherwise."""
    now = now or timezone.now()
    user = _find(identifier)
    if user is None:
        return
    recent = PasswordResetCode.objects.filter(user=user, created_at__gte=now - dt.timedelta(days=1))
    if recent.count() >= RESET_CODES_PER_DAY or recent.filter(created_at__gte=now - dt.timedelta(minutes=1)).exists():
        return
    code = f"{secrets.randbelow(10**6):06d}"
    PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)  # one live code
    PasswordResetCode.objects.create(user=user, code_hash=_hash(code, user),
                                     expires_at=now + dt.timedelta(minutes=RESET_CODE_MINUTES))
    enqueue(channel=OutboundMessage.Channel.SMS, address=user.phone, recipient=user, template="code",
            params={"code": code}, text=f"【安监平台】找回密码验证码 {code}，{RESET_CODE_MINUTES} 分钟内有效。如非本人操作请忽略。")
    audit_record(actor=None, action="申请找回密码", obj=user)


def reset_code_confirm(*, identifier: str, code: str, password: str, now: dt.datetime | None = None) -> User:
    """Set a new password with a valid code. A wrong code counts against the code (committed even
    though the call fails), so guessing ends after RESET_CODE_TRIES tries."""
    now = now or timezone.now()
    user = _find(identifier)
    live = (PasswordResetCode.objects
            .filter(user=user, used_at__isnull=True, expires_at__gt=now, failures__lt=RESET_CODE_TRIES)
            .order_by("-created_at").first()) if user else None
    if live is None:
        raise ValidationError({"code": INVALID})
    if not constant_time_compare(live.code_hash, _hash(code.strip(), user)):
        PasswordResetCode.objects.filter(pk=live.pk).update(failures=F("failures") + 1)
        raise ValidationError({"code": INVALID})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    with transaction.atomic():
        if not PasswordResetCode.objects.filter(pk=live.pk, used_at__isnull=True).update(used_at=now):
            raise ValidationError({"code": INVALID})  # used by a concurrent request
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        from axes.utils import reset

        reset(username=user.username)
        audit_record(actor=None, action="短信找回密码", obj=user)
    return user
