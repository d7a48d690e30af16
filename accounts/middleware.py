"""Forced password change: a user with an initial or office-reset password may only change it
(or sign out) until it is changed. API calls answer 403 with the reason instead of a redirect."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_NAMES = ("password_change", "password_change_done", "logout")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in ALLOWED_NAMES}
            path = request.path_info
            if path not in allowed and not path.startswith(("/static/", "/media/")):
                if path.startswith("/api/"):
                    return JsonResponse({"detail": "请先修改初始密码"}, status=403)
                return redirect(f"{reverse('password_change')}?forced=1")
        return self.get_response(request)
