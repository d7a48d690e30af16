"""Journey 4: the year-end assessment of the streets, all in the browser.

The office (安委办) builds a scheme (one computed indicator from the hazard data, two manual ones),
adds every street, assigns an expert to two of them and publishes it; the street officer on a phone
self-assesses with a PDF as evidence and submits; the expert downloads the evidence and scores its
streets, the office scores the third; the office computes and publishes the results, and the results
page ranks the streets by total — which is neither their alphabetical nor their reverse order."""

from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from accounts.choices import RegionKind
from assessment.choices import Grade, SchemeStatus
from assessment.models import AssessedUnit, Evidence, Scheme, Score
from hazards.choices import HazardStatus
from tests.factories import PASSWORD, EnterpriseFactory, RegionFactory
from tests.hazards.factories import HazardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DUTY, TRAINING, RECTIFICATION = "安全生产责任制落实", "宣传教育培训", "隐患整改率"


@pytest.fixture
def streets(world):
    """A third street without any hazard (its computed item has no data: full marks); this year
    甲街道 has closed both its hazards (100 % → 20 points), 乙街道 one of two (50 % → 0 points)."""
    street_c = RegionFactory(kind=RegionKind.STREET, name="丙街道", parent=world.district)
    now = timezone.now()
    for status in (HazardStatus.CLOSED, HazardStatus.CLOSED):
        HazardFactory(enterprise=world.ent_a, status=status, closed_at=now)
    other_b = EnterpriseFactory(region=world.cell_b, industry=world.industry)
    HazardFactory(enterprise=world.ent_b, status=HazardStatus.CLOSED, closed_at=now)
    HazardFactory(enterprise=other_b)
    return world, street_c


def pdf_file(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    Image.new("RGB", (595, 842), (255, 255, 255)).save(path, "PDF")
    return str(path)


def click_and_wait(j, selector_or_locator):
    target = j.page.locator(selector_or_locator) if isinstance(selector_or_locator, str) else selector_or_locator
    with j.page.expect_navigation():
        target.click()


def save(j):
    click_and_wait(j, j.page.get_by_role("button", name="保存", exact=True))


def flow_button(j, label: str):
    click_and_wait(j, j.page.get_by_role("button", name=label))


def add_indicator(j, scheme: Scheme, *, name: str, max_score: str, computed: dict | None = None):
    j.goto(f"/assessment/schemes/{scheme.pk}/indicators/new/")
    j.page.select_option("#id_category", label="安全生产工作")
    j.page.fill("#id_name", name)
    j.page.select_option("#id_kind", "score")
    j.page.fill("#id_max_score", max_score)
    if computed:
        j.page.select_option("#id_source", "computed")
        j.page.select_option("#id_computer", computed["computer"])
        j.page.select_option("#id_rule", "linear")
        j.page.fill("#id_zero_at", computed["zero_at"])
        j.page.fill("#id_full_at", computed["full_at"])
    else:
        j.page.select_option("#id_source", "manual")
        j.page.fill("#id_criteria", f"{name}：查阅台账和佐证材料，按完成情况评分")
    save(j)
    assert "指标已保存" in j.page.content(), j.page.locator(".errorlist, .alert-danger").all_inner_texts()


def score_row(unit: AssessedUnit, indicator_name: str) -> str:
    return f"#score-{Score.objects.get(unit=unit, indicator__name=indicator_name).pk}"


def review(j, unit: AssessedUnit, scores: dict[str, str]):
    j.goto(f"/assessment/units/{unit.pk}/")
    for name, points in scores.items():
        row = score_row(unit, name)
        j.page.fill(f"{row} input[name=points]", points)
        j.page.fill(f"{row} textarea[name=comment]", f"{name}：材料齐全，评 {points} 分")
        click_and_wait(j, f"{row} button:has-text('保存评分')")
        assert f"“{name}”评分已保存" in j.page.content()


def test_office_publishes_a_scheme_streets_self_assess_reviewers_score_and_results_are_ranked(
        journey, streets, tmp_path):
    world, street_c = streets
    year = timezone.localdate().year
    expert = world.users["expert"]

    # 1. The office builds the scheme in the browser and publishes it.
    office = journey("journey4-office")
    office.login(world.users["office"].username, PASSWORD)
    office.goto("/assessment/schemes/new/")
    office.page.fill("#id_year", str(year))
    office.page.fill("#id_name", "街道安全生产工作考核")
    office.page.fill("#id_description", "按平台数据和评审打分，满分 100 分")
    save(office)
    scheme = Scheme.objects.get(year=year, name="街道安全生产工作考核")
    assert scheme.status == SchemeStatus.DRAFT
    office.page.get_by_label("新类别名称").fill("安全生产工作")
    click_and_wait(office, office.page.get_by_role("button", name="新增类别"))
    add_indicator(office, scheme, name=RECTIFICATION, max_score="20",
                  computed={"computer": "hazard_rectification_rate", "zero_at": "50", "full_at": "100"})
    add_indicator(office, scheme, name=DUTY, max_score="50")
    add_indicator(office, scheme, name=TRAINING, max_score="30")

    click_and_wait(office, office.page.get_by_role("link", name="添加单位"))
    office.page.select_option("#id_kind", "street")
    office.page.check("#id_all_of_kind")
    save(office)
    assert "已新增 3 个被考核单位" in office.page.content()
    units = {u.name: u for u in AssessedUnit.objects.filter(scheme=scheme)}
    assert set(units) == {"甲街道", "乙街道", "丙街道"}
    for name in ("甲街道", "乙街道"):
        click_and_wait(office, office.page.locator("tr", has_text=name).get_by_role("link", name="评审人员"))
        office.page.check(f"input[name=reviewers][value='{expert.pk}']")
        save(office)
        assert "评审人员已保存" in office.page.content()
    office.shot("scheme-draft")
    flow_button(office, "发布方案，开始自评")
    assert "方案已发布" in office.page.content()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SELF
    office.shot("scheme-published")

    # 2. 甲街道's officer, on a phone: self-assessment with a PDF as evidence, then submits.
    street = journey("journey4-street", phone=True)
    street.login(world.users["street_a"].username, PASSWORD)
    street.goto("/assessment/")
    assert "乙街道" not in street.page.locator("table").inner_text()  # only its own unit
    click_and_wait(street, street.page.get_by_role("link", name="甲街道"))
    unit_a = units["甲街道"]
    assert street.page.url.endswith(f"/assessment/units/{unit_a.pk}/")
    assert street.page.locator(f"{score_row(unit_a, RECTIFICATION)} a[title='查看明细']").inner_text() == "100"
    street.shot("self-assessment-form")
    for name, points, comment in ((DUTY, "50", "责任清单已签订，季度例会 4 次"), (TRAINING, "30", "开展安全生产月活动 6 场")):
        row = score_row(unit_a, name)
        street.page.fill(f"{row} input[name=self_points]", points)
        street.page.fill(f"{row} textarea[name=self_comment]", comment)
        click_and_wait(street, f"{row} button:has-text('保存自评')")
        assert f"“{name}”自评已保存" in street.page.content()
    street.page.fill("#id_title", "安全生产责任清单及会议纪要")
    street.page.select_option("#id_indicator", label=DUTY)
    street.page.set_input_files("#id_file", pdf_file(tmp_path, "责任清单.pdf"))
    click_and_wait(street, street.page.get_by_role("button", name="上传"))
    assert "佐证材料已上传" in street.page.content()
    assert street.page.locator(score_row(unit_a, DUTY)).get_by_role("link", name="安全生产责任清单及会议纪要").count() == 1
    flow_button(street, "提交自评")
    assert "自评已提交" in street.page.content()
    street.shot("self-assessment-submitted")
    unit_a.refresh_from_db()
    assert unit_a.self_submitted_at is not None
    assert Evidence.objects.get(unit=unit_a).indicator.name == DUTY

    # 3. The office closes the self-assessment; the expert reads the evidence and scores its two streets.
    office.goto(f"/assessment/schemes/{scheme.pk}/")
    flow_button(office, "结束自评，进入评审")
    assert "已进入评审阶段" in office.page.content()

    reviewer = journey("journey4-expert")
    reviewer.login(expert.username, PASSWORD)
    reviewer.goto(f"/assessment/units/{unit_a.pk}/")
    assert "自评 50.00" in reviewer.page.locator(score_row(unit_a, DUTY)).inner_text()
    with reviewer.page.expect_download() as info:
        reviewer.page.get_by_role("link", name="安全生产责任清单及会议纪要").click()
    evidence = tmp_path / "evidence.pdf"
    info.value.save_as(evidence)
    assert evidence.read_bytes().startswith(b"%PDF-")
    review(reviewer, unit_a, {DUTY: "48", TRAINING: "28"})
    reviewer.shot("review-street-a")
    review(reviewer, units["乙街道"], {DUTY: "40", TRAINING: "25"})
    reviewer.goto("/assessment/")
    assert "丙街道" not in reviewer.page.locator("table").inner_text()  # not assigned to the expert

    # 4. The office scores the street without an expert, computes and publishes the results.
    review(office, units["丙街道"], {DUTY: "40", TRAINING: "25"})
    office.goto(f"/assessment/schemes/{scheme.pk}/")
    assert "未完成 0 项" in office.page.content()
    flow_button(office, "计算结果，进入异议期")
    assert "结果已计算" in office.page.content()
    flow_button(office, "发布结果（发布后冻结）")
    assert "结果已发布" in office.page.content()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.PUBLISHED

    # 5. The results page ranks them: 甲 20+48+28, 丙 20+40+25 (no hazards: full data marks), 乙 0+40+25.
    click_and_wait(office, office.page.get_by_role("link", name="考核结果"))
    table = office.page.locator("table tbody tr")
    ranked = [(r.locator("td").nth(2).inner_text().strip(), r.locator("td").nth(4).inner_text().strip(),
               r.locator("td").nth(5).inner_text().strip(), r.locator("td").nth(6).inner_text().strip())
              for r in table.all()]
    assert ranked == [("甲街道", "96.00", "优秀", "1"), ("丙街道", "85.00", "良好", "2"), ("乙街道", "65.00", "合格", "3")]
    office.shot("results-ranked")
    grades = dict(AssessedUnit.objects.filter(scheme=scheme).values_list("name", "grade"))
    assert grades == {"甲街道": Grade.EXCELLENT, "丙街道": Grade.GOOD, "乙街道": Grade.PASS}

    # 6. The street officer sees its published result on the phone.
    street.goto(f"/assessment/units/{unit_a.pk}/")
    assert "96.00" in street.page.content() and "结果已于" in street.page.content()
    street.shot("result-published")
    for j in (office, street, reviewer):
        j.check()
