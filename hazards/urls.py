from django.urls import path

from . import views

app_name = "hazards"

urlpatterns = [
    path("", views.HazardLedgerView.as_view(), name="ledger"),
    path("new/", views.HazardReportView.as_view(), name="report"),
    path("<int:pk>/", views.HazardDetailView.as_view(), name="detail"),
    path("<int:pk>/plan/", views.HazardPlanView.as_view(), name="plan"),
    path("<int:pk>/start/", views.HazardStartView.as_view(), name="start"),
    path("<int:pk>/submit/", views.HazardSubmitView.as_view(), name="submit"),
    path("<int:pk>/verify/", views.HazardVerifyView.as_view(), name="verify"),
    path("<int:pk>/spot-check/", views.HazardSpotCheckView.as_view(), name="spot_check"),
    path("<int:pk>/withdraw/", views.HazardWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/photos/", views.HazardPhotoAddView.as_view(), name="photo_add"),
    path("<int:pk>/supervise/", views.HazardSuperviseView.as_view(), name="supervise"),
    path("<int:pk>/extension/", views.HazardExtensionView.as_view(), name="extension"),
    path("extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="extension_decide"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("self-check/", views.SelfCheckWeekView.as_view(), name="selfcheck_week"),
    path("self-check/for/<int:enterprise>/", views.SelfCheckProxyView.as_view(), name="selfcheck_proxy"),
    path("self-check/history/", views.SelfCheckListView.as_view(), name="selfcheck_list"),
    path("self-check/<int:pk>/", views.SelfCheckDetailView.as_view(), name="selfcheck_detail"),
    path("filing/", views.FilingBoardView.as_view(), name="filing_board"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("templates/", views.CheckTemplateListView.as_view(), name="template_list"),
    path("templates/new/", views.CheckTemplateEditView.as_view(), name="template_create"),
    path("templates/<int:pk>/", views.CheckTemplateDetailView.as_view(), name="template_detail"),
    path("templates/<int:pk>/edit/", views.CheckTemplateEditView.as_view(), name="template_edit"),
    path("templates/items/<int:pk>/edit/", views.CheckItemEditView.as_view(), name="item_edit"),
]
