"""Document numbers under concurrency: 50 parallel creations, each thread with its own connection."""

import threading

import pytest
from django.db import connection, connections

from inspections import services
from inspections.choices import DocumentKind
from inspections.models import EnforcementDocument
from tests.conftest import require_service

from .factories import InspectionFactory

N = 50


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_documents_get_fifty_distinct_consecutive_numbers(world):
    require_service(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL=postgres://…)")
    inspection = InspectionFactory(enterprise=world.ent_a, department=world.dept)
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def create():
        try:
            barrier.wait(timeout=30)
            services.document_issue(inspection=inspection, kind=DocumentKind.ORDER, by=None, body="并发测试")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    docs = EnforcementDocument.objects.filter(department=world.dept, kind=DocumentKind.ORDER)
    sequences = sorted(docs.values_list("sequence", flat=True))
    assert sequences == list(range(1, N + 1))
    assert docs.values("number").distinct().count() == N
