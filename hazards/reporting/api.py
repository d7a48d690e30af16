"""REST API of 群众举报 for the office and the handlers: the same services as the pages, scoped by
the same ``for_user``. The reporter's contact is only in the office's view of a report."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import RegionKind
from accounts.lifecycle import allowed_actions_field
from accounts.models import Department, Region
from accounts.permissions import can
from enterprises.models import Enterprise
from hazards.choices import HazardGrade
from safety_platform.api import ScopedViewSetMixin, call_service

from . import services
from .filters import ReportFilter, RewardFilter
from .models import PublicReport, ReportReward, ReportTransition


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = ReportTransition
        ref_name = "ReportTransition"  # OpenAPI component name (hazards has a "Transition")
        fields = ["at", "by", "action", "action_display", "from_status", "to_status", "escalation_level", "note"]


class ReportSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    handler = serializers.CharField(source="handler_name", read_only=True)
    hazard_number = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    # what this user may do now: the same lifecycle table the service enforces and the page's buttons read
    allowed_actions = allowed_actions_field("public_report")

    class Meta:
        model = PublicReport
        fields = ["id", "code", "category", "category_display", "description", "address", "lat", "lng",
                  "enterprise_name", "enterprise", "status", "status_display", "submitted_at", "assigned_region",
                  "assigned_department", "handler", "assigned_at", "deadline", "verified_at", "verification_note",
                  "hazard", "hazard_number", "closed_at", "escalation_level", "photos", "allowed_actions"]
        read_only_fields = fields

    def get_hazard_number(self, obj) -> str:
        return obj.hazard.number if obj.hazard_id else ""

    def get_photos(self, obj) -> list[dict]:
        from django.urls import reverse

        return [{"id": p.pk, "url": reverse("reporting:photo", kwargs={"pk": p.pk}),
                 "gps_lat": p.gps_lat, "gps_lng": p.gps_lng, "taken_at": p.taken_at} for p in obj.photos.all()]


class ReportDetailSerializer(ReportSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class OfficeReportSerializer(ReportSerializer):
    """The office's view adds the reporter's contact (保密: nobody else gets it)."""

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "contact_name", "contact_phone"]
        read_only_fields = fields


class OfficeReportDetailSerializer(ReportDetailSerializer):
    class Meta(ReportDetailSerializer.Meta):
        fields = [*ReportDetailSerializer.Meta.fields, "contact_name", "contact_phone"]
        read_only_fields = fields


def output_serializer(user, detail: bool) -> type[ReportSerializer]:
    if can(user, "reporting.view_contact"):
        return OfficeReportDetailSerializer if detail else OfficeReportSerializer
    return ReportDetailSerializer if detail else ReportSerializer


class AssignSerializer(serializers.Serializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.filter(kind=RegionKind.STREET), required=False,
                                                allow_null=True, default=None)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False, allow_null=True,
                                                    default=None)
    deadline = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerifySerializer(serializers.Serializer):
    founded = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                                    default=None)
    grade = serializers.ChoiceField(choices=HazardGrade.choices, default=HazardGrade.GENERAL)
    hazard_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    hazard_description = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "ReportVerify"  # OpenAPI component name (hazards has a "Verify")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(request.user)


class ReportViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """群众举报（按当前用户范围）：查询、分派（安委办）、现场核查（属实登记隐患 / 不属实）。"""

    queryset = PublicReport.objects.all()
    filterset_class = ReportFilter
    select_related = ("assigned_region", "assigned_department", "hazard")
    prefetch_related = ("photos",)

    def get_serializer_class(self):
        if self.action == "assign":
            return AssignSerializer
        if self.action == "verify":
            return VerifySerializer
        return output_serializer(self.request.user, detail=self.action == "retrieve")

    def _act(self, request, fn):
        report = self.get_object()
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        call_service(fn, report=report, by=request.user, **s.validated_data)
        report = self.get_queryset().get(pk=report.pk)
        return Response(output_serializer(request.user, detail=True)(report, context={"request": request}).data)

    @extend_schema(responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._act(request, services.report_assign)

    @extend_schema(responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._act(request, services.report_verify)


class RewardSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="report.code", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    allowed_actions = allowed_actions_field("report_reward")

    class Meta:
        model = ReportReward
        fields = ["id", "report", "code", "amount", "basis", "decided_on", "status", "status_display", "paid_on", "note",
                  "allowed_actions"]
        read_only_fields = fields


class RewardViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """举报奖励登记（仅安委办可见）。"""

    queryset = ReportReward.objects.all()
    serializer_class = RewardSerializer
    filterset_class = RewardFilter
    select_related = ("report",)
