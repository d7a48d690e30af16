"""The real settings plus the benchmark's bare baseline routes (tests/bench/baseline_urls.py).

Only the benchmark loads this module (DJANGO_SETTINGS_MODULE=tests.bench.settings_bench, set by
tests/bench/benchenv.py); everything else — middleware, DEBUG from the environment, cache, database —
is the platform's own configuration.
"""

import os
from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage

from safety_platform.settings import *  # noqa: F403
from safety_platform.settings import STORAGES

ROOT_URLCONF = "tests.bench.baseline_urls"
# collectstatic output of the benchmark's server (the manifest storage of production needs one).
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/anjian_bench_static"))


class SourceMapTolerantStorage(CompressedManifestStaticFilesStorage):
    """The production storage (hashed names, manifest, compression) without rewriting sourceMappingURL
    comments: vendored leaflet, markercluster and bootstrap name .map files that are not vendored, on
    which the stock storage's collectstatic stops."""

    patterns = tuple(
        (glob, tuple(p for p in pats if "sourceMappingURL" not in (p[0] if isinstance(p, tuple) else p)))
        for glob, pats in CompressedManifestStaticFilesStorage.patterns
    )


STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "tests.bench.settings_bench.SourceMapTolerantStorage"}}
