from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("regions", api.RegionViewSet, basename="region")
router.register("industries", api.IndustryViewSet, basename="industry")
router.register("departments", api.DepartmentViewSet, basename="department")

urlpatterns = [path("me/", api.MeViewSet.as_view({"get": "me"}), name="me")] + router.urls
