"""REST API of the enterprise registry (/api/v1/enterprises/): scoped by ``for_user``, writes via services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.fields import empty
from rest_framework.response import Response

from accounts.models import Department, Industry, Region
from accounts.permissions import can, is_department, is_enterprise
from safety_platform.api import ScopedViewSetMixin

from . import services
from .choices import KEY_FLAGS, RISK_COLOURS
from .filters import EnterpriseFilter
from .forms import ENTERPRISE_FIELDS
from .models import Enterprise, HazardousSubstance, Licence, MajorHazardSource, RiskPoint
from .selectors import enterprise_list, field_label


def labelled(model: type, detail: Any) -> Any:
    """Prefix each field's messages with the field's Chinese label: “统一社会信用代码：校验位错误…”."""
    if not isinstance(detail, dict):
        return detail
    out = {}
    for name, messages in detail.items():
        items = messages if isinstance(messages, list) else [messages]
        if name in ("non_field_errors", "__all__"):
            out["non_field_errors"] = [str(m) for m in items]
        else:
            label = field_label(model, name)
            out[name] = [f"{label}：{m}" if isinstance(m, str) else m for m in items]
    return out


class RiskPointSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    colour = serializers.SerializerMethodField()

    class Meta:
        model = RiskPoint
        fields = [
            "id", "name", "location", "likelihood", "exposure", "consequence", "d_value", "level", "level_display",
            "colour", "measures",
        ]

    def get_colour(self, obj: RiskPoint) -> str:
        return RISK_COLOURS[obj.level]


class LicenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licence
        fields = ["id", "kind", "number", "issuer", "issued_on", "expires_on"]


class SubstanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardousSubstance
        fields = ["name", "beta", "quantity", "critical"]


class MajorHazardSourceSerializer(serializers.ModelSerializer):
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    substances = SubstanceSerializer(many=True, read_only=True)

    class Meta:
        model = MajorHazardSource
        fields = ["id", "name", "alpha", "r_value", "grade", "grade_display", "filing_no", "filed_on", "substances"]


class EnterpriseSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), label="属地（网格）")
    industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all(), label="行业")
    departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), many=True, required=False, label="行业监管部门",
        help_text="留空则按行业自动确定",
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    risk_level_display = serializers.CharField(source="get_risk_level_display", read_only=True)
    key_flags = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "id", *ENTERPRISE_FIELDS, "region_name", "industry_name", "key_flags", "standardization_expiry",
            "risk_level", "risk_level_display", "created_at", "updated_at",
        ]
        read_only_fields = ["standardization_expiry", "risk_level", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return
        user = request.user
        if is_enterprise(user):
            # It cannot move its file, but may send back the region it has.
            self.fields["region"].queryset = Region.objects.filter(enterprises=user.enterprise_id)
        else:
            self.fields["region"].queryset = Region.objects.for_user(user)
        if is_department(user) and user.department_id:
            supervised = Q(departments=user.department_id) | Q(parent__departments=user.department_id)
            self.fields["industry"].queryset = Industry.objects.filter(supervised).distinct()

    def validate_departments(self, departments: list[Department]) -> list[Department]:
        user = self.context["request"].user
        if is_department(user) and departments and user.department not in departments:
            raise serializers.ValidationError("须包含本部门，否则保存后您将无法查看该企业")
        return departments

    def get_key_flags(self, obj: Enterprise) -> list[str]:
        return [label for flag, label in KEY_FLAGS if getattr(obj, flag)]

    def run_validation(self, data=empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(labelled(Enterprise, exc.detail)) from exc

    def _service(self, call, **kwargs) -> Enterprise:
        try:
            return call(by=self.context["request"].user, **kwargs)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            raise serializers.ValidationError(labelled(Enterprise, detail)) from exc

    def create(self, validated_data: dict[str, Any]) -> Enterprise:
        departments = validated_data.pop("departments", None) or None
        return self._service(services.enterprise_create, departments=departments, **validated_data)

    def update(self, instance: Enterprise, validated_data: dict[str, Any]) -> Enterprise:
        departments = validated_data.pop("departments", None)
        if departments is not None and set(departments) == set(instance.departments.all()):
            departments = None
        # Only what really changes: an enterprise user may resend its whole file unchanged.
        changed = {k: v for k, v in validated_data.items() if getattr(instance, k) != v}
        return self._service(services.enterprise_update, enterprise=instance, departments=departments, **changed)


class EnterpriseWritePermission(permissions.BasePermission):
    """Create: street, department, office, admin. Update: those, and an enterprise user (its own
    file, 基本信息 only — the service refuses other fields). Scope is checked by the queryset (404)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return can(user, "enterprises.create" if view.action == "create" else "enterprises.edit")


class EnterpriseViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """企业档案（一企一档）。列表按当前用户的权限范围过滤，筛选条件与页面列表相同。"""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    permission_classes = [permissions.IsAuthenticated, EnterpriseWritePermission]

    def get_queryset(self):
        return enterprise_list(super().get_queryset())

    @extend_schema(responses=RiskPointSerializer(many=True), summary="企业的风险点（LEC 分级）")
    @action(detail=True, url_path="risk-points", filter_backends=[], pagination_class=None)
    def risk_points(self, request, pk=None):
        return Response(RiskPointSerializer(self.get_object().risk_points.all(), many=True).data)

    @extend_schema(responses=LicenceSerializer(many=True), summary="企业的证照许可")
    @action(detail=True, filter_backends=[], pagination_class=None)
    def licences(self, request, pk=None):
        return Response(LicenceSerializer(self.get_object().licences.all(), many=True).data)

    @extend_schema(responses=MajorHazardSourceSerializer(many=True), summary="企业的重大危险源（R 值与分级）")
    @action(detail=True, url_path="hazard-sources", filter_backends=[], pagination_class=None)
    def hazard_sources(self, request, pk=None):
        sources = self.get_object().hazard_sources.prefetch_related("substances")
        return Response(MajorHazardSourceSerializer(sources, many=True).data)
