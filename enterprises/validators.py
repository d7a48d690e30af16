"""统一社会信用代码 (GB 32100-2015) validation."""

from django.core.exceptions import ValidationError

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Return why ``code`` is not a valid USCC, or None when it is.

    The message does not repeat the field name: forms, the API and the import prefix it
    with the field label (“统一社会信用代码：校验位错误…”).
    """
    if len(code) != 18:
        return f"应为18位，当前为{len(code)}位"
    bad = sorted({c for c in code if c not in USCC_CHARSET})
    if bad:
        return f"含非法字符：{''.join(bad)}（不得使用 I、O、Z、S、V 及小写字母）"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误：第18位应为 {expected}，实际为 {code[17]}"
    return None


def validate_uscc(value: str) -> None:
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(problem, code="uscc")
