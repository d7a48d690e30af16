from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task
def heartbeat() -> str:
    """Beat → broker → worker liveness: the health page shows when a worker last ran a task."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=None)
    return stamp


@shared_task(acks_late=True)
def outbox_deliver(message_id: int) -> str:
    """Send one outbox message (idempotent: a message not pending and due is left alone)."""
    from .outbox import deliver

    return deliver(message_id)


@shared_task
def outbox_sweep() -> dict:
    """Every minute: retries whose back-off passed, messages the broker lost, sends cut short."""
    from .outbox import sweep

    return sweep()


@shared_task(acks_late=True)
def outbox_deliver_many(message_ids: list[int]) -> int:
    from .outbox import deliver

    return sum(deliver(pk) == "sent" for pk in message_ids)


@shared_task(acks_late=True)
def onboarding_run(job_id: int) -> int:
    """批量开通: create a job's accounts (resumes after a killed worker)."""
    from .onboarding import run

    return run(job_id).done


@shared_task(acks_late=True)
def export_run(job_id: int) -> str:
    """我的导出: write one export job's file (re-runs the requester's page as the requester)."""
    from .export_jobs import export_job_run

    job = export_job_run(job_id)
    return job.status if job else "missing"


@shared_task
def exports_cleanup() -> int:
    """Daily: delete export files past EXPORT_KEEP_DAYS."""
    from .export_jobs import exports_cleanup as cleanup

    return cleanup()
