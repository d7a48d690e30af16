"""Build the demo district from a fixed random seed.

Each app may have a ``demo.py`` with ``build(ctx: DemoContext) -> None``; they run in
INSTALLED_APPS order and share the context (regions, users, enterprises …).
"""

import importlib
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DemoContext
from accounts.models import Region


class Command(BaseCommand):
    help = "生成演示区县数据（固定随机种子，可重复）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument("--enterprises", type=int, default=2000)
        parser.add_argument("--if-empty", action="store_true", help="已有数据时跳过（用于一键启动）")

    def handle(self, *args, seed, enterprises, if_empty, **options):
        if Region.objects.exists():
            if if_empty:
                self.stdout.write("演示数据已存在，跳过生成。")
                self.print_accounts()
                return
            raise CommandError("数据库中已有区域数据；请使用空数据库（或加 --if-empty 跳过）")
        ctx = DemoContext(rng=random.Random(seed), enterprise_count=enterprises, log=self.stdout.write)
        for app in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{app.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.demo":
                    raise
                continue
            started = time.monotonic()
            with transaction.atomic():
                module.build(ctx)
            self.stdout.write(f"  {app.verbose_name}: {time.monotonic() - started:.1f}s")
        self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
        self.print_accounts()

    def print_accounts(self):
        from accounts.demo import DEMO_ACCOUNTS

        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, label in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {label}")
