"""The Celery app and the one beat schedule of the platform."""

import os

from celery import Celery
from celery.schedules import crontab  # noqa: F401  (used by the schedule entries as apps add them)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_platform.settings")

app = Celery("safety_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one beat schedule. Each entry names a task in an app's tasks.py.
app.conf.beat_schedule = {
    "platform-heartbeat": {
        "task": "accounts.tasks.heartbeat",
        "schedule": 300.0,
    },
    # The delivery outbox: retries after back-off, messages the broker lost, sends cut short.
    "accounts-outbox-sweep": {
        "task": "accounts.tasks.outbox_sweep",
        "schedule": 60.0,
    },
    # 我的导出: delete export files past EXPORT_KEEP_DAYS.
    "accounts-exports-cleanup": {
        "task": "accounts.tasks.exports_cleanup",
        "schedule": crontab(hour=3, minute=40),
    },
    "emergency-risk-report-reminder": {
        "task": "emergency.tasks.remind_risk_reports",
        "schedule": crontab(hour=8, minute=30),
    },
    # 迟报预警: a step of the reporting chain (1 h / 2 h) past its deadline, once per accident.
    "accidents-overdue-reports": {
        "task": "accidents.tasks.flag_overdue_reports",
        "schedule": 300.0,
    },
    "accidents-evaluation-reminders": {
        "task": "accidents.tasks.remind_rectification_evaluations",
        "schedule": crontab(hour=7, minute=40),
    },
    # 年度考核: nightly recompute of computed indicators while a scheme is in its assessment period.
    "assessment-recompute-open-schemes": {
        "task": "assessment.tasks.recompute_open_schemes",
        "schedule": crontab(hour=2, minute=30),
    },
    # 隐患: weekly self-check reminders (Fri/Sun before the Sunday 24:00 deadline; Monday the
    # non-filer lists to grid officers and streets) and the daily overdue escalation.
    "hazards-selfcheck-reminder": {
        "task": "hazards.tasks.selfcheck_reminder",
        "schedule": crontab(hour="9", minute=0, day_of_week="fri,sun,mon"),
    },
    "hazards-overdue-escalation": {
        "task": "hazards.tasks.overdue_escalation",
        "schedule": crontab(hour=1, minute=15),
    },
    # 群众举报: daily escalation of overdue on-site verification (same steps as hazards).
    "reporting-overdue-escalation": {
        "task": "hazards.reporting.tasks.escalate_overdue_reports",
        "schedule": crontab(hour=1, minute=30),
    },
    # 失信名单: daily proposal of removals after CREDIT_REMOVAL_YEARS without new violations.
    "credit-propose-removals": {
        "task": "enterprises.credit.tasks.propose_credit_removals",
        "schedule": crontab(hour=3, minute=10),
    },
    "inspections-publication-overdue": {
        "task": "inspections.tasks.flag_overdue_publications",
        "schedule": crontab(hour=8, minute=10),
    },
}
