import pytest

from enterprises.validators import uscc_check_char, uscc_problem
from tests.factories import valid_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", valid_uscc(7)])
def test_valid_uscc_is_accepted(code):
    assert uscc_problem(code) is None


def test_wrong_check_digit_is_rejected_and_says_which_digit():
    good = valid_uscc(42)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    problem = uscc_problem(wrong)
    assert problem.startswith("校验位错误")
    assert f"应为 {uscc_check_char(good[:17])}" in problem


@pytest.mark.parametrize(
    ("code", "fragment"),
    [("9135010000010Y43", "应为18位"), ("91350100M000100I43", "非法字符：I"), ("91350100m000100y43", "非法字符")],
)
def test_malformed_uscc_is_rejected(code, fragment):
    assert fragment in uscc_problem(code)


def _form_data(world, uscc):
    return {
        "name": "新建企业有限公司", "uscc": uscc, "status": "operating", "scale": "below",
        "region": world.cell_a.pk, "industry": world.industry.pk, "address": "测试路9号",
        "legal_rep": "赵六", "employees": 10,
    }


def test_form_names_the_field_on_a_bad_check_digit(world):
    bad = valid_uscc(9)[:17] + ("0" if valid_uscc(9)[17] != "0" else "1")
    response = world.client("office").post("/enterprises/new/", _form_data(world, bad))
    assert response.status_code == 200
    assert "统一社会信用代码：校验位错误" in response.content.decode()


def test_form_accepts_a_valid_uscc_and_normalises_case(world):
    from enterprises.models import Enterprise

    code = valid_uscc(11)
    response = world.client("office").post("/enterprises/new/", _form_data(world, code))
    assert response.status_code == 302
    created = Enterprise.objects.get(uscc=code)
    assert created.departments.filter(pk=world.dept.pk).exists()  # 行业监管 defaulted from the industry


def test_api_names_the_field_on_a_bad_check_digit(world):
    bad = valid_uscc(9)[:17] + ("0" if valid_uscc(9)[17] != "0" else "1")
    data = {**_form_data(world, bad), "departments": []}
    response = world.client("office").post("/api/v1/enterprises/", data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["uscc"][0].startswith("统一社会信用代码：校验位错误")
