"""Mounted under ``enterprises/``: the records hang off the enterprise file's URL."""

from django.urls import path

from . import views

app_name = "responsibility"

urlpatterns = [
    path("<int:pk>/responsibility/items/new/", views.ItemFormView.as_view(), name="item_add"),
    path("<int:pk>/responsibility/items/<int:item_pk>/", views.ItemFormView.as_view(), name="item_edit"),
    path("<int:pk>/responsibility/items/<int:item_pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("<int:pk>/responsibility/staff/new/", views.StaffFormView.as_view(), name="staff_add"),
    path("<int:pk>/responsibility/staff/<int:item_pk>/", views.StaffFormView.as_view(), name="staff_edit"),
    path("<int:pk>/responsibility/staff/<int:item_pk>/delete/", views.StaffDeleteView.as_view(), name="staff_delete"),
    path("<int:pk>/responsibility/investments/new/", views.InvestmentFormView.as_view(), name="investment_add"),
    path(
        "<int:pk>/responsibility/investments/<int:item_pk>/", views.InvestmentFormView.as_view(), name="investment_edit"
    ),
    path(
        "<int:pk>/responsibility/investments/<int:item_pk>/delete/",
        views.InvestmentDeleteView.as_view(),
        name="investment_delete",
    ),
    path("<int:pk>/responsibility/investments/export/", views.InvestmentExportView.as_view(), name="investment_export"),
]
