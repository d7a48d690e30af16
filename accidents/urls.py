from django.urls import path

from . import views

app_name = "accidents"

urlpatterns = [
    path("", views.AccidentListView.as_view(), name="list"),
    path("new/", views.accident_create, name="create"),
    path("<int:pk>/", views.accident_detail, name="detail"),
    path("<int:pk>/reports/", views.report_add, name="report_add"),
    path("<int:pk>/follow-up/", views.follow_up_add, name="follow_up"),
    path("<int:pk>/missing/", views.missing_resolve, name="resolve_missing"),
    path("<int:pk>/irregularity/", views.irregularity_mark, name="irregularity"),
    path("<int:pk>/revise/", views.casualty_revise, name="revise"),
    path("<int:pk>/investigation/", views.investigation_record, name="investigation"),
    path("<int:pk>/close/", views.accident_close, name="close"),
    path("<int:pk>/evaluation/", views.evaluation_record, name="evaluation"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("import/", views.accident_import, name="import"),
    path("import/template/", views.accident_import_template, name="import_template"),
    path("indicators/", views.indicators, name="indicators"),
    path("statistics/", views.statistics, name="statistics"),
    path("reference-data/", views.YearDataListView.as_view(), name="yeardata_list"),
    path("reference-data/new/", views.yeardata_edit, name="yeardata_create"),
    path("reference-data/<int:pk>/edit/", views.yeardata_edit, name="yeardata_edit"),
    path("reference-data/confirm/", views.year_confirm, name="year_confirm"),
    path("reference-data/import/", views.yeardata_import, name="yeardata_import"),
    path("reference-data/import/template/", views.yeardata_template, name="yeardata_template"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/targets/", views.plan_target_set, name="plan_target_set"),
    path("plans/<int:pk>/targets/<int:target_pk>/delete/", views.plan_target_delete, name="plan_target_delete"),
]
