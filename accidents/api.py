"""DRF API: accidents (read + first report through the service), reference data, indicators."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lifecycle import allowed_actions_field
from accounts.models import Industry, Region
from accounts.permissions import require
from enterprises.models import Enterprise
from safety_platform.api import ScopedViewSetMixin, call_service

from . import selectors, services
from .choices import AccidentCategory, AccidentType
from .filters import AccidentFilter, RegionYearDataFilter
from .models import Accident, AccidentReport, CasualtyRevision, RegionYearData


class AccidentReportSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = AccidentReport
        fields = ["level", "level_display", "reported_at", "deadline", "late", "reporter_name", "content", "figures"]


class CasualtyRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CasualtyRevision
        fields = ["at", "before", "after", "grade_before", "grade_after", "reason"]


class AccidentSerializer(serializers.ModelSerializer):
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    accident_type_display = serializers.CharField(source="get_accident_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    reports = AccidentReportSerializer(many=True, read_only=True)
    revisions = CasualtyRevisionSerializer(many=True, read_only=True)
    allowed_actions = allowed_actions_field("accident")

    class Meta:
        model = Accident
        fields = [
            "id", "title", "occurred_at", "year", "region", "region_name", "place", "enterprise", "enterprise_name",
            "industry", "category", "category_display", "is_coal_mine", "accident_type", "accident_type_display",
            "deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss", "grade", "grade_display",
            "summary", "status", "status_display", "late_reported", "irregularity", "closed_on", "evaluation_due",
            "evaluated_on", "reports", "revisions", "counted_deaths", "report_deadlines", "allowed_actions",
        ]

    counted_deaths = serializers.IntegerField(read_only=True, help_text="死亡（含失踪），定级口径")
    report_deadlines = serializers.SerializerMethodField(help_text="报告时限（493号令第九至十一条）")

    def get_report_deadlines(self, accident) -> list[dict]:
        return [{"level": s.level, "label": s.label, "hours": s.hours, "deadline": s.deadline.isoformat(),
                 "reported_at": s.reported_at.isoformat() if s.reported_at else None, "late": s.late}
                for s in services.report_steps(accident)]


class AccidentCreateSerializer(serializers.Serializer):
    """首报 through the API: the same service as the page (enterprise users: own enterprise only)."""

    title = serializers.CharField(max_length=200)
    occurred_at = serializers.DateTimeField()
    category = serializers.ChoiceField(choices=AccidentCategory.choices)
    accident_type = serializers.ChoiceField(choices=AccidentType.choices)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all(), required=False, allow_null=True)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_coal_mine = serializers.BooleanField(required=False, default=False)
    deaths = serializers.IntegerField(min_value=0, default=0)
    missing = serializers.IntegerField(min_value=0, default=0)
    serious_injuries = serializers.IntegerField(min_value=0, default=0)
    minor_injuries = serializers.IntegerField(min_value=0, default=0)
    direct_loss = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    summary = serializers.CharField(required=False, allow_blank=True)
    reported_at = serializers.DateTimeField(required=False)
    reporter_name = serializers.CharField(max_length=50, required=False, allow_blank=True)

    def validate(self, attrs):
        user = self.context["request"].user
        # Only what the user can see may be referenced (out of scope is as good as absent).
        if attrs.get("region") and not Region.objects.for_user(user).filter(pk=attrs["region"].pk).exists():
            raise ApiValidationError({"region": "区域不存在"})
        if attrs.get("enterprise") and not Enterprise.objects.for_user(user).filter(pk=attrs["enterprise"].pk).exists():
            raise ApiValidationError({"enterprise": "企业不存在"})
        return attrs


class FollowUpSerializer(serializers.Serializer):
    """续报: the content, and the casualty figures as they now stand (omitted = unchanged)."""

    content = serializers.CharField()
    deaths = serializers.IntegerField(min_value=0, required=False)
    missing = serializers.IntegerField(min_value=0, required=False)
    serious_injuries = serializers.IntegerField(min_value=0, required=False)
    minor_injuries = serializers.IntegerField(min_value=0, required=False)
    reported_at = serializers.DateTimeField(required=False)
    reporter_name = serializers.CharField(max_length=50, required=False, allow_blank=True)


class MissingResolveSerializer(serializers.Serializer):
    confirmed_dead = serializers.IntegerField(min_value=0, default=0)
    found = serializers.IntegerField(min_value=0, default=0)
    reason = serializers.CharField(max_length=400)


class AccidentViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """生产安全事故（按权限范围）。POST = 事故首报（事故单位或安委办）。"""

    queryset = Accident.objects.none()
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilter
    select_related = ("region", "enterprise")
    prefetch_related = ("reports", "revisions")

    def get_queryset(self):
        return Accident.objects.for_user(self.request.user).select_related(*self.select_related).prefetch_related(
            *self.prefetch_related
        )

    def get_serializer_class(self):
        return AccidentCreateSerializer if self.action == "create" else AccidentSerializer

    @extend_schema(request=AccidentCreateSerializer, responses=AccidentSerializer)
    def create(self, request, *args, **kwargs):
        require(request.user, "accidents.report")
        serializer = AccidentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            accident = services.accident_report(by=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return Response(AccidentSerializer(accident, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpSerializer, responses=AccidentSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """续报（事故单位或安委办）：内容和最新伤亡；伤亡变化即重新定级。"""
        accident = self.get_object()
        require(request.user, "accidents.follow_up", accident)
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call_service(services.follow_up_add, accident=accident, by=request.user, **serializer.validated_data)
        return Response(AccidentSerializer(self.get_object(), context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MissingResolveSerializer, responses=AccidentSerializer)
    @action(detail=True, methods=["post"], url_path="resolve-missing")
    def resolve_missing(self, request, pk=None):
        """失踪人员确认死亡或找到（安委办）：重新定级并记录。"""
        accident = self.get_object()
        require(request.user, "accidents.resolve_missing", accident)
        serializer = MissingResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call_service(services.missing_resolve, accident=accident, by=request.user, **serializer.validated_data)
        return Response(AccidentSerializer(self.get_object(), context={"request": request}).data)


class RegionYearDataSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = RegionYearData
        fields = ["id", "region", "region_name", "region_code", "year", "gdp", "population", "industrial_employees",
                  "motor_vehicles", "coal_output", "source"]


class RegionYearDataViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """年度基础数据（GDP、常住人口、工矿商贸就业人员、机动车、煤炭产量）。"""

    queryset = RegionYearData.objects.none()
    serializer_class = RegionYearDataSerializer
    filterset_class = RegionYearDataFilter
    select_related = ("region",)

    def get_queryset(self):
        return RegionYearData.objects.for_user(self.request.user).select_related("region")


class IndicatorSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    accidents = serializers.IntegerField()
    deaths = serializers.IntegerField()
    larger_accidents = serializers.IntegerField()
    deaths_by_category = serializers.DictField(child=serializers.IntegerField())
    coal_deaths = serializers.IntegerField()
    gdp = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    industrial_employees = serializers.IntegerField(allow_null=True)
    motor_vehicles = serializers.IntegerField(allow_null=True)
    coal_output = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    gdp_rate = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    industrial_rate = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    road_rate = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    coal_rate = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)

    class Meta:
        ref_name = "AccidentIndicator"  # OpenAPI component name (assessment has an "Indicator")


class IndicatorView(APIView):
    """安全生产指标：?region=<区域id>&from_year=2016&to_year=2020（按当前用户范围统计）。"""

    @extend_schema(
        parameters=[OpenApiParameter("region", int), OpenApiParameter("from_year", int),
                    OpenApiParameter("to_year", int)],
        responses=IndicatorSerializer(many=True),
    )
    def get(self, request):
        user = request.user
        require(user, "accidents.view_indicators")
        areas = selectors.areas_for(user)
        region_id = request.query_params.get("region")
        if region_id:
            if not region_id.isdigit():
                raise ApiValidationError({"region": "应为区域 id"})
            region = get_object_or_404(areas, pk=int(region_id))
        else:
            region = areas.first()
            if region is None:
                return Response([])
        try:
            to_year = int(request.query_params.get("to_year") or timezone.localdate().year)
            from_year = int(request.query_params.get("from_year") or to_year)
        except ValueError:
            raise ApiValidationError({"year": "年度应为整数"})
        if from_year > to_year or to_year - from_year > 30:
            raise ApiValidationError({"from_year": "起始年不能晚于截止年，且一次最多30年"})
        data = selectors.region_indicators(user=user, region=region, years=range(from_year, to_year + 1))
        return Response(IndicatorSerializer([data[y] for y in sorted(data)], many=True).data)
