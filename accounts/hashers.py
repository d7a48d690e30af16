"""A cheap hasher for the initial passwords of bulk onboarding.

Hashing 50,000 passwords at Django's default 1,000,000 PBKDF2 iterations costs hours on two
cores; an initial password is random (≥ 10 characters from a 56-symbol alphabet), delivered once
and must be changed at first login, when Django stores the new one with the default hasher (and
``check_password`` upgrades any login with an initial password to the default as well).
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_initial"
    iterations = 2000
