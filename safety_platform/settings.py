"""One settings module, read from the environment (django-environ).

Local defaults need no service: a SQLite file and Celery running tasks eagerly.
Production sets DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "accounts",
    "enterprises",
    "hazards",
    "inspections",
    "accidents",
    "emergency",
    "assessment",
    "hazards.reporting",  # 群众举报 (nested app, label "reporting")
    "cockpit",  # 驾驶舱/风险地图/晾晒通报: reads every domain app, so it sits above them
    "enterprises.credit",  # 严重违法失信名单 (nested app, label "credit")
    "enterprises.responsibility",  # 安全生产责任制 (nested app, label "responsibility")
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",  # first login / after an office reset
]

ROOT_URLCONF = "safety_platform.urls"
WSGI_APPLICATION = "safety_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login brute-force throttling (django-axes)
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "safety_platform.http.client_ip"  # the same client address as the rate limits
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length, not composition rules: a long phrase people remember beats a short one on a sticky note.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Initial passwords of bulk onboarding are hashed with a cheap PBKDF2 (accounts.hashers): they are
# random, sent once, and must be changed at first login, when Django re-hashes with the default.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "accounts.hashers.InitialPasswordHasher",
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Every stored upload is checked by content and gets a server-chosen name (safety_platform.storage).
    "default": {"BACKEND": "safety_platform.storage.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads (photos, attachments): checked by content, size and pixels in safety_platform.uploads.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Photos above this many pixels are refused from their header, before decoding (decompression bombs).
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Security (production values come from the environment; `check --deploy` runs in CI).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Behind the HTTPS reverse proxy (README: nginx overwrites X-Forwarded-For with $remote_addr and sets
# X-Forwarded-Proto $scheme) turn TRUST_PROXY_HEADERS on; off, both headers are ignored, since any client
# could send them. TRUSTED_PROXY_COUNT: how many proxies write X-Forwarded-For; the address that many hops
# from the right is the client (safety_platform.http.client_ip: rate limits, login lockout, audit).
TRUST_PROXY_HEADERS = env.bool("TRUST_PROXY_HEADERS", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_PROXY_HEADERS else None
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="安监平台 <noreply@localhost>")

# 我的导出: a list export over EXPORT_ASYNC_ROWS rows is written by a worker (accounts.export_jobs);
# the file is kept EXPORT_KEEP_DAYS days, then deleted by the beat job accounts-exports-cleanup.
EXPORT_ASYNC_ROWS = env.int("EXPORT_ASYNC_ROWS", default=2000)
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)

# Celery: no broker configured -> tasks run eagerly in-process (local demo, unit tests).
# ---- Delivery outbox (accounts.outbox) and its channels. "log" writes to the log only (demo).
OUTBOX_CHANNELS = {
    "sms": env("SMS_CHANNEL", default="log"),  # log | aliyun | tencent | a dotted path
    "wecom": env("WECOM_CHANNEL", default="log"),  # log | wecom
    "email": env("EMAIL_CHANNEL", default="django"),  # django (EMAIL_BACKEND) | log
}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_BACKOFF_SECONDS = env.int("OUTBOX_BACKOFF_SECONDS", default=30)  # 30 s, 1 min, 2 min, 4 min…
OUTBOX_STALE_SECONDS = env.int("OUTBOX_STALE_SECONDS", default=300)
OUTBOX_RATE_PER_MINUTE = {"sms": env.int("SMS_RATE_PER_MINUTE", default=600), "wecom": 1200, "email": 300}
OUTBOX_DAILY_CAP = {"sms": env.int("SMS_DAILY_CAP", default=60000), "wecom": 100000, "email": 20000}
SMS_TIMEOUT_MS = env.int("SMS_TIMEOUT_MS", default=5000)
ALIYUN_SMS_ACCESS_KEY_ID = env("ALIYUN_SMS_ACCESS_KEY_ID", default="")
ALIYUN_SMS_ACCESS_KEY_SECRET = env("ALIYUN_SMS_ACCESS_KEY_SECRET", default="")
ALIYUN_SMS_SIGN_NAME = env("ALIYUN_SMS_SIGN_NAME", default="")
ALIYUN_SMS_ENDPOINT = env("ALIYUN_SMS_ENDPOINT", default="dysmsapi.aliyuncs.com")
ALIYUN_SMS_PROTOCOL = env("ALIYUN_SMS_PROTOCOL", default="https")
ALIYUN_SMS_TEMPLATES = env.dict("ALIYUN_SMS_TEMPLATES", default={})  # notice=SMS_1,code=SMS_2,account=SMS_3
TENCENT_SMS_SECRET_ID = env("TENCENT_SMS_SECRET_ID", default="")
TENCENT_SMS_SECRET_KEY = env("TENCENT_SMS_SECRET_KEY", default="")
TENCENT_SMS_APP_ID = env("TENCENT_SMS_APP_ID", default="")
TENCENT_SMS_SIGN_NAME = env("TENCENT_SMS_SIGN_NAME", default="")
TENCENT_SMS_REGION = env("TENCENT_SMS_REGION", default="ap-guangzhou")
TENCENT_SMS_ENDPOINT = env("TENCENT_SMS_ENDPOINT", default="sms.tencentcloudapi.com")
TENCENT_SMS_PROTOCOL = env("TENCENT_SMS_PROTOCOL", default="https")
TENCENT_SMS_TEMPLATES = env.dict("TENCENT_SMS_TEMPLATES", default={})
WECOM_CORP_ID = env("WECOM_CORP_ID", default="")
WECOM_AGENT_ID = env("WECOM_AGENT_ID", default="0")
WECOM_SECRET = env("WECOM_SECRET", default="")
WECOM_API_BASE = env("WECOM_API_BASE", default="https://qyapi.weixin.qq.com")

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "智慧安监 API",
    "DESCRIPTION": "区县安全生产监管平台 REST API（v1）。所有列表按当前用户的权限范围过滤。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Domain settings (platform rules that a district may tune).
EXPIRY_WARNING_DAYS = env.int("EXPIRY_WARNING_DAYS", default=30)
STANDARDIZATION_VALID_YEARS = 3

# Hazards 隐患排查治理 (hazards app).
# Weekly self-check: due this many hours after Monday 00:00 (Asia/Shanghai) of the ISO week
# (168 = Sunday 24:00), plus a grace period during which filing still counts as on time.
HAZARD_SELFCHECK_DUE_HOURS = env.int("HAZARD_SELFCHECK_DUE_HOURS", default=168)
HAZARD_SELFCHECK_GRACE_HOURS = env.int("HAZARD_SELFCHECK_GRACE_HOURS", default=0)
# The reminder job reminds non-filers only within this many hours before the deadline.
HAZARD_SELFCHECK_REMIND_HOURS = env.int("HAZARD_SELFCHECK_REMIND_HOURS", default=72)
# Default rectification period for a hazard opened by a self-check item (days).
HAZARD_DEFAULT_DEADLINE_DAYS = env.int("HAZARD_DEFAULT_DEADLINE_DAYS", default=15)
# Overdue escalation: days after the deadline at which 函告(1) / 通报(2) / 约谈(3) are reached.
HAZARD_ESCALATION_DAYS = {1: env.int("HAZARD_ESCALATE_LETTER_DAYS", default=1),
                          2: env.int("HAZARD_ESCALATE_CIRCULAR_DAYS", default=8),
                          3: env.int("HAZARD_ESCALATE_INTERVIEW_DAYS", default=15)}
# Self-found (企业自查) general hazards may be closed by the enterprise itself with after-photos,
# then spot-checked by the grid officer. Off: the grid officer verifies them.
HAZARD_SELF_CLOSE_GENERAL = env.bool("HAZARD_SELF_CLOSE_GENERAL", default=True)

# 应急管理 (emergency): 预案每3年评估一次; warnings before the due date; 每月一报送 due day.
EMERGENCY_PLAN_REVIEW_YEARS = env.int("EMERGENCY_PLAN_REVIEW_YEARS", default=3)
EMERGENCY_PLAN_REVIEW_WARNING_DAYS = env.int("EMERGENCY_PLAN_REVIEW_WARNING_DAYS", default=90)
EMERGENCY_SUPPLY_EXPIRY_DAYS = env.int("EMERGENCY_SUPPLY_EXPIRY_DAYS", default=30)
EMERGENCY_RISK_REPORT_DUE_DAY = env.int("EMERGENCY_RISK_REPORT_DUE_DAY", default=5)
EMERGENCY_RISK_REPORT_REMIND_DAYS = env.int("EMERGENCY_RISK_REPORT_REMIND_DAYS", default=3)

# 事故统计 (accidents): remind the office this many days before a 整改评估 (1 year after closing) is due.
ACCIDENT_EVALUATION_REMIND_DAYS = env.int("ACCIDENT_EVALUATION_REMIND_DAYS", default=30)
# 较大及以上事故 also alert these leaders (in-app + SMS/企业微信 through the outbox): accounts by
# username, and bare mobile numbers (an outbox SMS each), comma-separated.
ACCIDENT_LEADER_USERNAMES = env.list("ACCIDENT_LEADER_USERNAMES", default=[])
ACCIDENT_LEADER_PHONES = env.list("ACCIDENT_LEADER_PHONES", default=[])

# 网格巡查与执法检查 (inspections).
# Patrol interval per Enterprise.risk_level (days): every enterprise at least once per calendar
# month, higher-risk ones more often; past the interval the visit is overdue.
INSPECTION_PATROL_INTERVAL_DAYS = {
    "major": env.int("INSPECTION_PATROL_DAYS_MAJOR", default=7),
    "high": env.int("INSPECTION_PATROL_DAYS_HIGH", default=15),
    "general": env.int("INSPECTION_PATROL_DAYS_GENERAL", default=30),
    "low": env.int("INSPECTION_PATROL_DAYS_LOW", default=31),
}
# Warn when the phone's position is farther than this from the enterprise's registered lng/lat.
INSPECTION_PATROL_MAX_DISTANCE_M = env.int("INSPECTION_PATROL_MAX_DISTANCE_M", default=500)
# 双随机一公开: results are published within this many working days (Mon–Fri minus holidays).
INSPECTION_PUBLISH_WORKING_DAYS = env.int("INSPECTION_PUBLISH_WORKING_DAYS", default=7)
INSPECTION_HOLIDAYS = env.list("INSPECTION_HOLIDAYS", default=[])  # "2026-10-01", … (法定节假日)
# 首违不罚 list: minor first violations (code → description) that get an order to correct, not a
# fine; a repeat of the same violation within the window goes to the penalty path.
INSPECTION_FIRST_VIOLATION_EXEMPT = {
    "training_records": "未如实记录安全生产教育和培训情况",
    "hazard_records": "未如实记录事故隐患排查治理情况",
    "warning_signs": "未在有较大危险因素的场所设置明显的安全警示标志",
    "emergency_drill_records": "未按规定记录应急预案演练情况",
    "ppe_records": "未建立劳动防护用品发放台账",
}
INSPECTION_REPEAT_WINDOW_DAYS = env.int("INSPECTION_REPEAT_WINDOW_DAYS", default=365)

# 企业档案 (enterprises): stable OpenAPI enum names for the registry's choice sets, so that other
# apps' "status"/"grade"/"level" fields do not collide with them in the schema.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update({
    "EnterpriseStatusEnum": "enterprises.choices.EnterpriseStatus",
    "EnterpriseScaleEnum": "enterprises.choices.Scale",
    "StandardizationGradeEnum": "enterprises.choices.StandardizationGrade",
    "RiskLevelEnum": "enterprises.choices.RiskLevel",
    "MajorHazardGradeEnum": "enterprises.choices.MajorHazardGrade",
})

# 群众举报 (hazards.reporting): public reports without an account.
# Per-IP submission limits (counted in the cache; use a shared cache such as Redis in production).
REPORTING_RATE_PER_MINUTE = env.int("REPORTING_RATE_PER_MINUTE", default=5)
REPORTING_RATE_PER_DAY = env.int("REPORTING_RATE_PER_DAY", default=20)
if env("REPORTING_CLIENT_IP_HEADER", default=""):
    raise ImproperlyConfigured("REPORTING_CLIENT_IP_HEADER 已停用：反向代理之后请设 TRUST_PROXY_HEADERS=1（见 README 生产部署）")
REPORTING_CAPTCHA_MAX_AGE = env.int("REPORTING_CAPTCHA_MAX_AGE", default=600)  # seconds
REPORTING_MAX_PHOTOS = env.int("REPORTING_MAX_PHOTOS", default=6)
REPORTING_PHOTO_MAX_EDGE = env.int("REPORTING_PHOTO_MAX_EDGE", default=2560)  # px, stored copies
# Default on-site verification deadline when the office assigns a report (days).
REPORTING_HANDLING_DAYS = env.int("REPORTING_HANDLING_DAYS", default=7)
# Map tiles for map pickers: none by default (offline networks); e.g. an intranet tile server
# "https://tiles.example.gov.cn/{z}/{x}/{y}.png". Without it the map shows the street outlines only.
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")

# Content-Security-Policy (django-csp), issue 15: no inline script anywhere — page scripts live in
# static files, data travels in json_script blocks and data-* attributes, confirm()/print buttons
# are wired by static/js/app.js — so an injected <script> or on…= attribute never runs.
# Checked on every page of the permission matrix by tests/security/test_csp.py and in the browser
# journeys (tests/e2e/conftest.py fails a journey on any CSP violation).
# style-src keeps 'unsafe-inline' for style attributes: templates set computed widths and colours
# (progress bars, risk badges, chart heights) and Leaflet, ECharts, htmx and Swagger UI write inline
# styles. CSS cannot run script; script-src has neither 'unsafe-inline' nor 'unsafe-eval'.
# Map tiles are allowed from MAP_TILE_URL's origin when one is set ("{s}" subdomains become "*.").
_tile = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
_tile_sources = [f"{_tile.scheme}://{_tile.netloc}"] if _tile.scheme and _tile.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_tile_sources],
        "connect-src": ["'self'", *_tile_sources],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# 严重违法失信名单 (enterprises.credit): removal is proposed after this many years without new
# violations (seed 004) and confirmed by the office; listed enterprises weigh this much in 双随机 draws.
CREDIT_REMOVAL_YEARS = env.int("CREDIT_REMOVAL_YEARS", default=2)
CREDIT_POOL_WEIGHT = env.int("CREDIT_POOL_WEIGHT", default=3)

# 驾驶舱 (cockpit): figures, charts and map layers may be cached this many seconds per
# user scope (0 = always live). Keep it short: the cockpit's numbers must match the lists.
COCKPIT_CACHE_SECONDS = env.int("COCKPIT_CACHE_SECONDS", default=30)
# Threads computing the cockpit's independent aggregates side by side on PostgreSQL (1 = one after the other).
COCKPIT_THREADS = env.int("COCKPIT_THREADS", default=3)

# OpenAPI (security/conformance, issue 11): one stable enum name per choice set that several apps'
# "status"/"category"/"grade"/"result" fields share, so `spectacular --fail-on-warn` stays clean
# (tests/security/test_openapi_schema.py fails on any new warning).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "AccidentCategoryEnum": "accidents.choices.AccidentCategory",
    "AccidentGradeEnum": "accidents.choices.AccidentGrade",
    "AccidentStatusEnum": "accidents.choices.AccidentStatus",
    "ReportCategoryEnum": "hazards.reporting.choices.ReportCategory",
    "ReportStatusEnum": "hazards.reporting.choices.ReportStatus",
    "RewardStatusEnum": "hazards.reporting.choices.RewardStatus",
    "HazardGradeEnum": "hazards.choices.HazardGrade",
    "HazardStatusEnum": "hazards.choices.HazardStatus",
    "HazardSourceEnum": "hazards.choices.HazardSource",
    "IndicatorSourceEnum": "assessment.choices.Source",
    "CheckResultEnum": "hazards.choices.CheckResult",
    "EmergencyPlanTypeEnum": "emergency.choices.PlanType",
    "EmergencyPlanStatusEnum": "emergency.choices.PlanStatus",
    "EventCategoryEnum": "emergency.choices.EventCategory",
    "EventStatusEnum": "emergency.choices.EventStatus",
    "SupplyCategoryEnum": "emergency.choices.SupplyCategory",
    "DrillStatusEnum": "emergency.choices.DrillStatus",
    "PatrolStatusEnum": "inspections.choices.PatrolStatus",
    "InspectionStatusEnum": "inspections.choices.InspectionStatus",
    "InspectionResultEnum": "inspections.choices.InspectionResult",
    "EnforcementPlanStatusEnum": "inspections.choices.PlanStatus",
})

# Fault tolerance (issue 11): with Redis down, a Redis cache behaves as a miss instead of raising
# (safety_platform/cache.py), and gives up on a connection after a second instead of hanging a page.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "safety_platform.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 1, "socket_timeout": 1})
