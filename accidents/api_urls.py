from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("accidents", api.AccidentViewSet, basename="accident")
router.register("accident-reference-data", api.RegionYearDataViewSet, basename="accident-reference-data")

urlpatterns = [path("accident-indicators/", api.IndicatorView.as_view(), name="accident-indicators")] + router.urls
