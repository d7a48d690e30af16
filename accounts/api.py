from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Department, Industry, Region, User


class RegionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "kind", "kind_display", "parent", "depth"]


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["id", "code", "name", "parent"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "industries"]


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "role_display", "region", "department", "enterprise"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """区域/网格树（按当前用户范围）。"""

    serializer_class = RegionSerializer
    filterset_fields = ["kind", "parent", "code"]

    def get_queryset(self):
        return Region.objects.for_user(self.request.user)


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    """行业分类（参考数据，所有登录用户可读）。"""

    queryset = Industry.objects.all()
    serializer_class = IndustrySerializer
    filterset_fields = ["parent", "code"]


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """部门及其监管行业（参考数据）。"""

    queryset = Department.objects.prefetch_related("industries")
    serializer_class = DepartmentSerializer


class MeViewSet(viewsets.GenericViewSet):
    serializer_class = MeSerializer

    @action(detail=False, methods=["get"], url_path="")
    def me(self, request):
        return Response(MeSerializer(request.user).data)
