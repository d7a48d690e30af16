"""REST API of the inspections app (/api/v1/…): read access to patrols, plans, inspection records,
documents, penalties and 双随机 draws, each scoped by the same ``for_user`` as the pages; a draw's
``verify`` re-runs it from its record."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from safety_platform.api import ScopedReadOnlyViewSet

from . import draws
from .choices import SignOff
from .filters import DocumentFilter, DrawFilter, InspectionFilter, PatrolFilter, PenaltyFilter, PlanFilter
from .models import (
    DrawItem,
    EnforcementDocument,
    EnforcementPlan,
    Inspection,
    InspectionAnswer,
    Patrol,
    PatrolAnswer,
    Penalty,
    RandomDraw,
)


class PatrolAnswerSerializer(serializers.ModelSerializer):
    item_description = serializers.CharField(source="item.description", read_only=True)

    class Meta:
        model = PatrolAnswer
        fields = ["item", "item_description", "result", "note", "hazard"]


class PatrolSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    officer_name = serializers.CharField(source="officer.__str__", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    answers = PatrolAnswerSerializer(many=True, read_only=True)
    photo_count = serializers.IntegerField(source="photos.count", read_only=True)
    sign_off = serializers.ChoiceField(choices=SignOff.choices, allow_blank=True, read_only=True)  # "" = not yet

    class Meta:
        model = Patrol
        fields = ["id", "enterprise", "enterprise_name", "region", "officer", "officer_name", "status",
                  "status_display", "started_at", "finished_at", "visit_date", "lat", "lng", "accuracy_m",
                  "distance_m", "far_from_enterprise", "summary", "sign_off", "signer_name", "refusal_reason",
                  "hazards_found", "photo_count", "answers"]
        read_only_fields = fields


class PatrolViewSet(ScopedReadOnlyViewSet):
    serializer_class = PatrolSerializer
    queryset = Patrol.objects.none()
    filterset_class = PatrolFilter
    select_related = ("enterprise", "officer")
    prefetch_related = ("answers__item",)


class PlanSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = EnforcementPlan
        ref_name = "EnforcementPlan"  # OpenAPI component name (emergency/hazards have a "Plan" too)
        fields = ["id", "department", "department_name", "year", "q1", "q2", "q3", "q4", "key_enterprises", "note",
                  "status", "status_display", "submitted_at", "decided_at", "decision_note"]
        read_only_fields = fields


class PlanViewSet(ScopedReadOnlyViewSet):
    serializer_class = PlanSerializer
    queryset = EnforcementPlan.objects.none()
    filterset_class = PlanFilter
    select_related = ("department",)
    prefetch_related = ("key_enterprises",)


class InspectionAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionAnswer
        fields = ["item", "result", "note"]


class InspectorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    enforcement_cert_no = serializers.CharField()


class InspectionSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    inspectors = InspectorSerializer(many=True, read_only=True)
    answers = InspectionAnswerSerializer(many=True, read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "department", "department_name", "enterprise", "enterprise_name", "region", "kind", "status",
                  "inspected_on", "place", "inspectors", "summary", "result", "result_display", "draw_item",
                  "finished_at", "answers"]
        read_only_fields = fields


class InspectionViewSet(ScopedReadOnlyViewSet):
    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()
    filterset_class = InspectionFilter
    select_related = ("enterprise", "department")
    prefetch_related = ("inspectors", "answers")


class DocumentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnforcementDocument
        fields = ["id", "number", "kind", "kind_display", "department", "year", "sequence", "enterprise",
                  "enterprise_name", "inspection", "order", "hazards", "body", "deadline", "issued_on"]
        read_only_fields = fields


class DocumentViewSet(ScopedReadOnlyViewSet):
    serializer_class = DocumentSerializer
    queryset = EnforcementDocument.objects.none()
    filterset_class = DocumentFilter
    select_related = ("enterprise",)
    prefetch_related = ("hazards",)


class PenaltySerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True)

    class Meta:
        model = Penalty
        fields = ["id", "inspection", "enterprise", "department", "violation_code", "violation", "legal_basis",
                  "amount", "status", "status_display", "document", "document_number", "decided_on", "paid_on"]
        read_only_fields = fields


class PenaltyViewSet(ScopedReadOnlyViewSet):
    serializer_class = PenaltySerializer
    queryset = Penalty.objects.none()
    filterset_class = PenaltyFilter
    select_related = ("document",)


class DrawItemSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = DrawItem
        fields = ["position", "enterprise", "enterprise_name", "inspectors", "published_at"]


class DrawSerializer(serializers.ModelSerializer):
    items = DrawItemSerializer(many=True, read_only=True)

    class Meta:
        model = RandomDraw
        fields = ["id", "department", "title", "criteria", "enterprise_count", "inspectors_per_enterprise", "seed",
                  "pool_hash", "snapshot", "status", "drawn_at", "drawn_by", "items"]
        read_only_fields = fields


class DrawCheckSerializer(serializers.Serializer):
    record_intact = serializers.BooleanField()
    reproduced = serializers.BooleanField()
    pool_unchanged = serializers.BooleanField()
    current_hash = serializers.CharField()


class DrawViewSet(ScopedReadOnlyViewSet):
    serializer_class = DrawSerializer
    queryset = RandomDraw.objects.none()
    filterset_class = DrawFilter
    select_related = ("department",)
    prefetch_related = ("items__enterprise", "items__inspectors")

    @extend_schema(responses=DrawCheckSerializer)
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        """Re-run the draw from its stored seed and snapshot; compare with the live pools."""
        check = draws.check_draw(self.get_object())
        return Response(DrawCheckSerializer(check).data)
