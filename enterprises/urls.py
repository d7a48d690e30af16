from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="list"),
    path("new/", views.EnterpriseCreateView.as_view(), name="create"),
    path("mine/", views.MyEnterpriseView.as_view(), name="mine"),
    path("expiring/", views.ExpiringView.as_view(), name="expiring"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.ImportTemplateView.as_view(), name="import_template"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="edit"),
    path("<int:pk>/risk-points/new/", views.RiskPointFormView.as_view(), name="riskpoint_add"),
    path("<int:pk>/risk-points/<int:item_pk>/", views.RiskPointFormView.as_view(), name="riskpoint_edit"),
    path("<int:pk>/risk-points/<int:item_pk>/delete/", views.RiskPointDeleteView.as_view(), name="riskpoint_delete"),
    path("<int:pk>/hazard-sources/new/", views.MajorHazardSourceFormView.as_view(), name="hazardsource_add"),
    path("<int:pk>/hazard-sources/<int:item_pk>/", views.MajorHazardSourceFormView.as_view(), name="hazardsource_edit"),
    path(
        "<int:pk>/hazard-sources/<int:item_pk>/delete/",
        views.MajorHazardSourceDeleteView.as_view(),
        name="hazardsource_delete",
    ),
    path("<int:pk>/licences/new/", views.LicenceFormView.as_view(), name="licence_add"),
    path("<int:pk>/licences/<int:item_pk>/", views.LicenceFormView.as_view(), name="licence_edit"),
    path("<int:pk>/licences/<int:item_pk>/delete/", views.LicenceDeleteView.as_view(), name="licence_delete"),
    path("<int:pk>/attachments/new/", views.AttachmentUploadView.as_view(), name="attachment_add"),
    path("<int:pk>/attachments/<int:item_pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path(
        "<int:pk>/attachments/<int:item_pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"
    ),
]
