"""Back-room admin of the enterprise file. Saving an enterprise goes through the services, so the
change history is written; risk points, hazard sources and licences are shown read-only here
(their values are computed by the services and edited on the enterprise file pages)."""

from django.contrib import admin

from safety_platform.admin import ReadOnlyAdmin, ReadOnlyInline

from . import services
from .models import Enterprise, EnterpriseAttachment, HazardousSubstance, Licence, MajorHazardSource, RiskPoint


class LicenceInline(ReadOnlyInline):
    model = Licence
    fields = ["kind", "number", "issuer", "issued_on", "expires_on"]


class RiskPointInline(ReadOnlyInline):
    model = RiskPoint
    fields = ["name", "location", "likelihood", "exposure", "consequence", "d_value", "level"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "region", "industry", "risk_level", "status"]
    list_filter = ["status", "scale", "risk_level", "standardization_grade"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["region", "industry"]
    filter_horizontal = ["departments"]
    readonly_fields = ["standardization_expiry", "risk_level"]
    inlines = [LicenceInline, RiskPointInline]

    def save_model(self, request, obj, form, change):
        # The form has run the model validation already; the service repeats it inside its transaction.
        fields = {name: value for name, value in form.cleaned_data.items() if name != "departments"}
        departments = list(form.cleaned_data.get("departments") or []) or None
        if change:
            saved = services.enterprise_update(enterprise=obj, by=request.user, departments=departments, **fields)
        else:
            saved = services.enterprise_create(by=request.user, departments=departments, **fields)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Departments were set (and audited) by the service; the inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class SubstanceInline(ReadOnlyInline):
    model = HazardousSubstance
    fields = ["name", "beta", "quantity", "critical"]


@admin.register(MajorHazardSource)
class MajorHazardSourceAdmin(ReadOnlyAdmin):
    """Read-only: R and the grade are computed by services.major_hazard_source_save (and a delete
    goes through services.major_hazard_source_delete on the enterprise file, which audits it)."""

    list_display = ["name", "enterprise", "r_value", "grade", "filing_no"]
    search_fields = ["name", "enterprise__name"]
    inlines = [SubstanceInline]


@admin.register(EnterpriseAttachment)
class EnterpriseAttachmentAdmin(ReadOnlyAdmin):
    """Uploaded and deleted on the enterprise file (services.attachment_add/attachment_delete audit
    both and delete the stored file); here they are only shown."""

    list_display = ["title", "enterprise", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "enterprise__name"]
