from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("schemes/", views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/copy/", views.scheme_copy, name="scheme_copy"),
    path("schemes/<int:pk>/action/", views.scheme_action, name="scheme_action"),
    path("schemes/<int:pk>/categories/", views.category_create, name="category_create"),
    path("schemes/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("schemes/<int:pk>/units/new/", views.unit_add, name="unit_add"),
    path("schemes/<int:pk>/results/", views.results, name="results"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/remove/", views.unit_remove, name="unit_remove"),
    path("units/<int:pk>/reviewers/", views.unit_reviewers, name="unit_reviewers"),
    path("units/<int:pk>/submit/", views.self_submit, name="self_submit"),
    path("units/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("scores/<int:pk>/self/", views.self_assess, name="self_assess"),
    path("scores/<int:pk>/review/", views.review, name="review"),
    path("scores/<int:pk>/drilldown/", views.drilldown, name="drilldown"),
    path("scores/<int:pk>/objection/", views.objection_create, name="objection_create"),
    path("objections/", views.ObjectionListView.as_view(), name="objection_list"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
]
