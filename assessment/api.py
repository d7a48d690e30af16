"""REST API v1 of the assessment: read schemes/units/scores; a unit's self-assessment and evidence;
a reviewer's scoring. Every queryset starts from ``for_user`` (out of scope = 404)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.lifecycle import allowed_actions_field
from safety_platform.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, call_service
from safety_platform.uploads import validate_document

from . import services
from .filters import SchemeFilter, UnitFilter
from .models import AssessedUnit, Category, Evidence, Indicator, Scheme, Score
from .selectors import results_visible


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "name", "criteria", "kind", "source", "max_score", "computer", "rule", "params",
                  "no_data_points", "order"]


class CategorySerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "name", "order", "indicators"]


class SchemeSerializer(serializers.ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)
    allowed_actions = allowed_actions_field("assessment_scheme")

    class Meta:
        model = Scheme
        fields = ["id", "year", "name", "description", "status", "excellent_min", "good_min", "pass_min",
                  "bonus_cap", "self_deadline", "objection_deadline", "published_at", "results_published_at",
                  "categories", "allowed_actions"]


class ScoreSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)

    class Meta:
        model = Score
        fields = ["id", "unit", "indicator", "indicator_name", "value", "computed_at", "points", "vetoed",
                  "veto_reason", "self_points", "self_comment", "self_at", "review_comment", "reviewed_at"]


class UnitSerializer(serializers.ModelSerializer):
    results = serializers.SerializerMethodField()
    allowed_actions = allowed_actions_field("assessment_unit")

    class Meta:
        model = AssessedUnit
        fields = ["id", "scheme", "kind", "name", "region", "department", "enterprise", "self_submitted_at", "results",
                  "allowed_actions"]

    def get_results(self, unit) -> dict | None:
        if not results_visible(unit.scheme):
            return None
        return {"total": unit.total, "category_scores": unit.category_scores, "grade": unit.grade,
                "rank": unit.rank, "vetoed": unit.vetoed, "veto_reason": unit.veto_reason}


class SelfAssessSerializer(serializers.Serializer):
    self_points = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    self_comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.Serializer):
    points = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    vetoed = serializers.BooleanField(required=False, default=False)
    veto_reason = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.FileField(validators=[validate_document], write_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "unit", "indicator", "title", "file", "uploaded_at"]
        read_only_fields = ["uploaded_at"]


class SchemeViewSet(ScopedReadOnlyViewSet):
    serializer_class = SchemeSerializer
    queryset = Scheme.objects.all()
    filterset_class = SchemeFilter
    prefetch_related = ("categories__indicators",)


class UnitViewSet(ScopedReadOnlyViewSet):
    serializer_class = UnitSerializer
    queryset = AssessedUnit.objects.all()
    filterset_class = UnitFilter
    select_related = ("scheme",)


class ScoreViewSet(ScopedReadOnlyViewSet):
    serializer_class = ScoreSerializer
    queryset = Score.objects.all()
    select_related = ("indicator", "unit__scheme")
    filterset_fields = ["unit"]

    @extend_schema(responses=ScoreSerializer)
    @action(detail=True, methods=["post"], url_path="self-assess", serializer_class=SelfAssessSerializer)
    def self_assess(self, request, pk=None):
        score = self.get_object()
        data = SelfAssessSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.self_assess, score=score, by=request.user, points=data.validated_data.get("self_points"),
             comment=data.validated_data["self_comment"])
        return Response(ScoreSerializer(Score.objects.get(pk=score.pk)).data)

    @extend_schema(responses=ScoreSerializer)
    @action(detail=True, methods=["post"], serializer_class=ReviewSerializer)
    def review(self, request, pk=None):
        score = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.review_score, score=score, by=request.user, **data.validated_data)
        return Response(ScoreSerializer(Score.objects.get(pk=score.pk)).data)


class EvidenceViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EvidenceSerializer
    queryset = Evidence.objects.all()
    filterset_fields = ["unit"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        unit = AssessedUnit.objects.for_user(self.request.user).filter(pk=d["unit"].pk).first()
        if unit is None:
            raise ValidationError({"unit": "单位不存在"})
        serializer.instance = call_service(services.evidence_add, unit=unit, by=self.request.user, title=d["title"],
                                   file=d["file"], indicator=d.get("indicator"))
