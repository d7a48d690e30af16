from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import OutboxPasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # 找回密码: by SMS code to the registered phone, or by an e-mailed link.
    path("accounts/recover/", views.password_reset_sms, name="password_reset_sms"),
    path("accounts/recover/code/", views.password_reset_sms_confirm, name="password_reset_sms_confirm"),
    path("accounts/recover/email/", auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
         name="password_reset"),
    path("accounts/recover/email/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # 人员管理
    path("people/", views.people_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/hand-over/", views.hand_over, name="hand_over"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/<slug:action>/", views.person_action, name="person_action"),
    # 批量开通
    path("onboarding/", views.onboarding_home, name="onboarding"),
    path("onboarding/template/", views.onboarding_template, name="onboarding_template"),
    path("onboarding/upload/", views.onboarding_upload, name="onboarding_upload"),
    path("onboarding/registry/", views.onboarding_registry, name="onboarding_registry"),
    path("onboarding/<int:pk>/", views.onboarding_job, name="onboarding_job"),
    path("onboarding/<int:pk>/start/", views.onboarding_start, name="onboarding_start"),
    path("onboarding/<int:pk>/letters/", views.onboarding_letters, name="onboarding_letters"),
    path("onboarding/<int:pk>/letters/clear/", views.onboarding_letters_clear, name="onboarding_letters_clear"),
    # 我的导出 (large list exports written by a worker)
    path("exports/", views.my_exports, name="my_exports"),
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    # 消息发送记录
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
]
