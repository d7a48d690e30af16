"""REST API of the emergency app: scoped read endpoints, the 备案 actions, GeoJSON layers for the risk map.

The 备案 actions call the services through ``call_service``: refusals are a 403 with the Chinese
reason, bad input a 400 naming the fields (``{"detail": [...]}`` when it names none); plans and
drills carry ``allowed_actions`` (emergency.permissions)."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lifecycle import allowed_actions_field
from safety_platform.api import ScopedReadOnlyViewSet, call_service

from . import selectors, services
from .filters import (
    DepotFilter,
    DrillFilter,
    DutyFilter,
    EventFilter,
    ExpertFilter,
    PlanFilter,
    RiskReportFilter,
    ShelterFilter,
    SupplyFilter,
    TeamFilter,
)
from .models import (
    Depot,
    Drill,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
)

OWNER_FIELDS = ["owner_kind", "owner_name", "region", "department", "enterprise"]


class PlanSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(read_only=True)
    review_state = serializers.CharField(read_only=True, allow_null=True)
    allowed_actions = allowed_actions_field("emergency_plan")

    class Meta:
        model = EmergencyPlan
        ref_name = "EmergencyPlan"  # OpenAPI component name (inspections/hazards have a "Plan" too)
        fields = ["id", *OWNER_FIELDS, "title", "plan_type", "version", "file", "scope_note", "issued_on", "status",
                  "submitted_at", "filed_on", "filing_no", "review_due", "review_state", "return_reason",
                  "needs_revision", "created_at", "updated_at", "allowed_actions"]


class DrillSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    allowed_actions = allowed_actions_field("drill")

    class Meta:
        model = Drill
        fields = ["id", *OWNER_FIELDS, "title", "drill_type", "form", "plan", "scenario", "location", "planned_date",
                  "status", "held_on", "participant_count", "participants", "evaluation", "rating", "overdue", "allowed_actions"]


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "name", "position", "phone", "skills", "certificate", "certificate_no", "certificate_expiry"]


class TeamSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = RescueTeam
        fields = ["id", *OWNER_FIELDS, "name", "kind", "leader", "phone", "address", "lng", "lat", "specialties",
                  "equipment", "members"]


class SupplySerializer(serializers.ModelSerializer):
    low_stock = serializers.BooleanField(read_only=True)

    class Meta:
        model = SupplyItem
        fields = ["id", "depot", "name", "category", "spec", "quantity", "unit", "min_stock", "expiry", "low_stock"]


class DepotSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(read_only=True)

    class Meta:
        model = Depot
        fields = ["id", *OWNER_FIELDS, "name", "address", "lng", "lat", "manager", "phone"]


class ExpertSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expert
        fields = ["id", "name", "field", "title", "organisation", "phone", "availability", "note"]


class ShelterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Shelter
        fields = ["id", "name", "kind", "region", "address", "lng", "lat", "capacity", "area_m2", "facilities",
                  "manager", "phone"]


class DutySerializer(serializers.ModelSerializer):
    class Meta:
        model = DutyAssignment
        fields = ["id", "date", "shift", "leader", "officer", "phone", "handover_note", "handed_over_at"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventReport
        fields = ["id", "received_at", "caller", "caller_phone", "caller_org", "category", "region", "enterprise",
                  "content", "actions", "status", "accident"]


class RiskReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskMonthlyReport
        fields = ["id", "month", "region", "department", "major_count", "high_count", "general_count", "low_count",
                  "situation", "measures", "filed_at", "late"]


class AcceptSerializer(serializers.Serializer):
    filing_no = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    filed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class PlanViewSet(ScopedReadOnlyViewSet):
    """应急预案（按用户范围）；提交备案 / 备案 / 退回."""

    queryset = EmergencyPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    select_related = ("region", "department", "enterprise")

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        plan = call_service(services.plan_submit, plan=self.get_object(), by=request.user)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(responses=PlanSerializer)
    @action(detail=True, methods=["post"], serializer_class=AcceptSerializer)
    def accept(self, request, pk=None):
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = call_service(services.plan_accept, plan=self.get_object(), by=request.user, **data.validated_data)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(responses=PlanSerializer)
    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer, url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = call_service(services.plan_return, plan=self.get_object(), by=request.user, reason=data.validated_data["reason"])
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data, status=status.HTTP_200_OK)


class DrillViewSet(ScopedReadOnlyViewSet):
    queryset = Drill.objects.all()
    serializer_class = DrillSerializer
    filterset_class = DrillFilter
    select_related = ("region", "department", "enterprise")


class TeamViewSet(ScopedReadOnlyViewSet):
    queryset = RescueTeam.objects.all()
    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    select_related = ("region", "department", "enterprise")
    prefetch_related = ("members",)


class DepotViewSet(ScopedReadOnlyViewSet):
    queryset = Depot.objects.all()
    serializer_class = DepotSerializer
    filterset_class = DepotFilter
    select_related = ("region", "department", "enterprise")


class SupplyViewSet(ScopedReadOnlyViewSet):
    queryset = SupplyItem.objects.all()
    serializer_class = SupplySerializer
    filterset_class = SupplyFilter


class ExpertViewSet(ScopedReadOnlyViewSet):
    queryset = Expert.objects.all()
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilter


class ShelterViewSet(ScopedReadOnlyViewSet):
    queryset = Shelter.objects.all()
    serializer_class = ShelterSerializer
    filterset_class = ShelterFilter


class DutyViewSet(ScopedReadOnlyViewSet):
    queryset = DutyAssignment.objects.all()
    serializer_class = DutySerializer
    filterset_class = DutyFilter


class EventViewSet(ScopedReadOnlyViewSet):
    queryset = EventReport.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter


class RiskReportViewSet(ScopedReadOnlyViewSet):
    queryset = RiskMonthlyReport.objects.all()
    serializer_class = RiskReportSerializer
    filterset_class = RiskReportFilter


class ComplianceRowSerializer(serializers.Serializer):
    rule = serializers.IntegerField()
    rule_name = serializers.CharField()
    owner_kind = serializers.CharField()
    owner_id = serializers.IntegerField()
    owner_name = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    count = serializers.IntegerField()
    required = serializers.IntegerField()
    met = serializers.BooleanField()
    last_held_on = serializers.DateField(allow_null=True)


class ComplianceView(APIView):
    """演练频次达标情况：当前周期内每个责任主体的演练次数与要求（``?behind=1`` 只列未达标）。"""

    @extend_schema(responses=ComplianceRowSerializer(many=True),
                   parameters=[OpenApiParameter("behind", OpenApiTypes.STR, enum=["1"], description="1 = 只列未达标")])
    def get(self, request):
        rows = selectors.compliance(on=timezone.localdate(), user=request.user)
        if request.query_params.get("behind") == "1":
            rows = [r for r in rows if not r.met]
        return Response([
            {"rule": r.rule.pk, "rule_name": r.rule.name, "owner_kind": r.owner_kind, "owner_id": r.owner_id,
             "owner_name": r.owner_name, "period_start": r.period_start, "period_end": r.period_end,
             "count": r.count, "required": r.required, "met": r.met, "last_held_on": r.last_held_on}
            for r in rows
        ])


class GeoJSONView(APIView):
    """A scoped layer for the risk map: a GeoJSON FeatureCollection (points; rows without coordinates are skipped)."""

    model = None
    kind = ""

    def properties(self, obj) -> dict:
        raise NotImplementedError

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="GeoJSON FeatureCollection（点要素）")
    def get(self, request):
        qs = self.model.objects.for_user(request.user).exclude(lng=None).exclude(lat=None)
        features = [
            {
                "type": "Feature",
                "id": f"{self.kind}-{obj.pk}",
                "geometry": {"type": "Point", "coordinates": [float(obj.lng), float(obj.lat)]},
                "properties": {"kind": self.kind, "id": obj.pk, "name": obj.name, **self.properties(obj)},
            }
            for obj in self.annotate(qs)
        ]
        return Response({"type": "FeatureCollection", "features": features})

    def annotate(self, qs):
        return qs


class TeamGeoJSON(GeoJSONView):
    model, kind = RescueTeam, "team"

    def annotate(self, qs):
        return qs.select_related("region", "department", "enterprise").annotate(member_count=Count("members"))

    def properties(self, t):
        return {"team_kind": t.get_kind_display(), "owner": t.owner_name, "leader": t.leader, "phone": t.phone,
                "members": t.member_count, "specialties": t.specialties}


class DepotGeoJSON(GeoJSONView):
    model, kind = Depot, "depot"

    def annotate(self, qs):
        return qs.select_related("region", "department", "enterprise").annotate(item_count=Count("items"))

    def properties(self, d):
        return {"owner": d.owner_name, "address": d.address, "manager": d.manager, "phone": d.phone,
                "item_count": d.item_count}


class ShelterGeoJSON(GeoJSONView):
    model, kind = Shelter, "shelter"

    def annotate(self, qs):
        return qs.select_related("region")

    def properties(self, s):
        return {"shelter_kind": s.get_kind_display(), "street": s.region.name, "address": s.address,
                "capacity": s.capacity, "facilities": s.facilities}

