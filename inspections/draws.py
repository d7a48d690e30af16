"""双随机一公开: the pools, their canonical snapshot and hash, and the seeded draw itself.

Reproducible and auditable: a draw stores its seed and the canonical JSON snapshot of both pools
(enterprise ids with their weights, inspector ids, declared conflicts and who checked each
enterprise last time). ``run_draw(snapshot, seed)`` is a pure function of the two, so re-running
it from the record gives the same enterprises and inspectors; rebuilding the snapshot from the
live data and comparing hashes tells whether the pool has changed since.

Weights: other apps answer the signal ``inspections.signals.draw_pool_weights`` (e.g. the
严重违法失信名单 draws listed enterprises more often). Each receiver gets the pool's enterprise ids
and returns ``{enterprise_id: weight}`` for those it wants to weigh; an enterprise's weight is the
largest any receiver gives, 1 by default. Weights are part of the hashed snapshot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from accounts.choices import Role
from accounts.models import Department, Region, User
from enterprises.choices import KEY_FLAGS, EnterpriseStatus
from enterprises.models import Enterprise

from .choices import InspectionStatus
from .signals import draw_pool_weights

SNAPSHOT_VERSION = 1
FLAG_NAMES = {f for f, _ in KEY_FLAGS}


def normalise_criteria(criteria: dict[str, Any]) -> dict[str, list]:
    """Canonical criteria: sorted id lists (industries, regions) and flag names."""
    flags = sorted({str(f) for f in criteria.get("flags", []) if str(f) in FLAG_NAMES})
    return {
        "industries": sorted({int(i) for i in criteria.get("industries", [])}),
        "regions": sorted({int(r) for r in criteria.get("regions", [])}),
        "flags": flags,
    }


def enterprise_pool(department: Department, criteria: dict[str, Any]) -> QuerySet[Enterprise]:
    """Operating enterprises the department supervises, narrowed by industry (or its 门类),
    region subtree and key flags (any of them)."""
    c = normalise_criteria(criteria)
    qs = Enterprise.objects.filter(status=EnterpriseStatus.OPERATING, departments=department)
    if c["industries"]:
        qs = qs.filter(Q(industry_id__in=c["industries"]) | Q(industry__parent_id__in=c["industries"]))
    if c["regions"]:
        q = Q(pk__in=[])
        for path in Region.objects.filter(pk__in=c["regions"]).values_list("path", flat=True):
            q |= Q(region__path__startswith=path)
        qs = qs.filter(q)
    if c["flags"]:
        q = Q(pk__in=[])
        for flag in c["flags"]:
            q |= Q(**{flag: True})
        qs = qs.filter(q)
    return qs.distinct().order_by("pk")


def inspector_pool(department: Department) -> QuerySet[User]:
    """执法人员名录库: active officers of the department holding an enforcement certificate."""
    return (
        User.objects.filter(role=Role.DEPARTMENT, department=department, is_active=True)
        .exclude(enforcement_cert_no="")
        .order_by("pk")
    )


def pool_weights(enterprise_ids: list[int]) -> dict[int, int]:
    from .models import RandomDraw

    weights = dict.fromkeys(enterprise_ids, 1)
    for _receiver, given in draw_pool_weights.send(sender=RandomDraw, enterprise_ids=list(enterprise_ids)):
        for eid, w in given.items():
            if eid in weights and int(w) > weights[eid]:
                weights[eid] = int(w)
    return weights


def last_inspectors(department: Department, enterprise_ids: list[int], as_of: dt.datetime | None) -> dict[str, list[int]]:
    """For each enterprise: the inspectors of the department's latest finished inspection there
    (finished before ``as_of``)."""
    from .models import Inspection

    qs = Inspection.objects.filter(
        department=department, enterprise_id__in=enterprise_ids, status=InspectionStatus.FINISHED
    )
    if as_of is not None:
        qs = qs.filter(finished_at__lt=as_of)
    latest: dict[int, int] = {}
    for iid, eid in qs.order_by("enterprise_id", "-inspected_on", "-finished_at", "-id").values_list("pk", "enterprise_id"):
        latest.setdefault(eid, iid)
    through = Inspection.inspectors.through
    by_inspection: dict[int, list[int]] = {}
    for iid, uid in through.objects.filter(inspection_id__in=latest.values()).values_list("inspection_id", "user_id"):
        by_inspection.setdefault(iid, []).append(uid)
    return {str(eid): sorted(by_inspection.get(iid, [])) for eid, iid in sorted(latest.items()) if by_inspection.get(iid)}


def build_snapshot(
    *,
    department: Department,
    criteria: dict[str, Any],
    enterprise_count: int,
    inspectors_per_enterprise: int,
    as_of: dt.datetime | None = None,
) -> dict[str, Any]:
    """The canonical snapshot of both pools (everything the draw depends on besides the seed)."""
    from .models import Conflict

    enterprise_ids = list(enterprise_pool(department, criteria).values_list("pk", flat=True))
    weights = pool_weights(enterprise_ids)
    inspectors = list(inspector_pool(department).values_list("pk", flat=True))
    conflicts = Conflict.objects.filter(inspector_id__in=inspectors, enterprise_id__in=enterprise_ids)
    if as_of is not None:
        conflicts = conflicts.filter(declared_at__lte=as_of)
    return {
        "version": SNAPSHOT_VERSION,
        "department": department.pk,
        "criteria": normalise_criteria(criteria),
        "enterprise_count": int(enterprise_count),
        "inspectors_per_enterprise": int(inspectors_per_enterprise),
        "enterprises": [[eid, weights[eid]] for eid in enterprise_ids],
        "inspectors": inspectors,
        "conflicts": sorted([list(p) for p in conflicts.values_list("inspector_id", "enterprise_id")]),
        "last_inspectors": last_inspectors(department, enterprise_ids, as_of),
    }


def canonical_json(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def _pick_index(rng: random.Random, size: int) -> int:
    return min(int(rng.random() * size), size - 1)


def run_draw(snapshot: dict[str, Any], seed: int) -> list[tuple[int, list[int]]]:
    """[(enterprise id, [inspector ids])] in draw order. Pure: depends on the snapshot and the
    seed only, using nothing but ``Random.random()`` (stable across Python versions)."""
    rng = random.Random(int(seed))
    n = snapshot["enterprise_count"]
    k = snapshot["inspectors_per_enterprise"]
    pool = [(int(e), int(w)) for e, w in snapshot["enterprises"] if int(w) > 0]
    if n < 1:
        raise ValidationError({"enterprise_count": "抽取企业数至少为 1"})
    if n > len(pool):
        raise ValidationError({"enterprise_count": f"企业名录库只有 {len(pool)} 家企业，不能抽取 {n} 家"})
    chosen: list[int] = []
    for _ in range(n):  # weighted sampling without replacement
        x = rng.random() * sum(w for _, w in pool)
        acc, index = 0, len(pool) - 1
        for i, (_, w) in enumerate(pool):
            acc += w
            if x < acc:
                index = i
                break
        chosen.append(pool.pop(index)[0])
    conflicts = {(int(i), int(e)) for i, e in snapshot["conflicts"]}
    last = snapshot["last_inspectors"]
    result: list[tuple[int, list[int]]] = []
    for eid in chosen:
        excluded = set(last.get(str(eid), []))
        eligible = [i for i in snapshot["inspectors"] if i not in excluded and (i, eid) not in conflicts]
        if len(eligible) < k:
            raise ValidationError(
                {"inspectors_per_enterprise": f"企业（编号 {eid}）排除回避和上次检查人员后，可选执法人员只有 "
                                              f"{len(eligible)} 名，不足 {k} 名"}
            )
        picked = [eligible.pop(_pick_index(rng, len(eligible))) for _ in range(k)]
        result.append((eid, sorted(picked)))
    return result


@dataclass(frozen=True)
class DrawCheck:
    record_intact: bool  # the stored snapshot still hashes to the stored hash
    reproduced: bool  # re-running from the record gives the stored result
    pool_unchanged: bool  # the live pools (as of the draw time) hash to the stored hash
    current_hash: str


def check_draw(draw) -> DrawCheck:
    """Re-run the draw from its record and compare with the live pools."""
    stored = [(item.enterprise_id, sorted(u.pk for u in item.inspectors.all())) for item in draw.items.order_by("position")]
    intact = snapshot_hash(draw.snapshot) == draw.pool_hash
    try:
        reproduced = intact and run_draw(draw.snapshot, draw.seed) == stored
    except ValidationError:
        reproduced = False
    live = build_snapshot(
        department=draw.department, criteria=draw.criteria, enterprise_count=draw.enterprise_count,
        inspectors_per_enterprise=draw.inspectors_per_enterprise, as_of=draw.drawn_at,
    )
    current = snapshot_hash(live)
    return DrawCheck(record_intact=intact, reproduced=reproduced, pool_unchanged=current == draw.pool_hash,
                     current_hash=current)
