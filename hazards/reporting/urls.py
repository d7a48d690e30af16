from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    # public (no login)
    path("new/", views.PublicReportView.as_view(), name="public_new"),
    path("captcha.png", views.public_captcha, name="public_captcha"),
    path("track/", views.PublicTrackView.as_view(), name="public_track"),
    path("t/<str:code>/", views.public_status, name="public_status"),
    path("t/<str:code>/photos/<int:pk>/", views.public_photo, name="public_photo"),
    # handling
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/assign/", views.ReportAssignView.as_view(), name="assign"),
    path("<int:pk>/verify/", views.ReportVerifyView.as_view(), name="verify"),
    path("<int:pk>/reward/", views.RewardCreateView.as_view(), name="reward_create"),
    path("photos/<int:pk>/", views.report_photo, name="photo"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("rewards/", views.RewardListView.as_view(), name="reward_list"),
    path("rewards/<int:pk>/paid/", views.RewardPaidView.as_view(), name="reward_paid"),
]
