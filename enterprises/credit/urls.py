from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("public/", views.PublicListView.as_view(), name="public_list"),
    path("", views.ListingListView.as_view(), name="list"),
    path("new/", views.ListingCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ListingDetailView.as_view(), name="detail"),
    path("<int:pk>/remove/", views.ListingRemoveView.as_view(), name="remove"),
    path("<int:pk>/violations/", views.ViolationCreateView.as_view(), name="violation_add"),
    path("removals/<int:pk>/decide/", views.RemovalDecideView.as_view(), name="removal_decide"),
]
