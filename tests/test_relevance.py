"""Which invented articles are award news."""

import pytest

from parsers.relevance import score_relevance

AWARD_LINE = "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 6 tập thể, 14 cá nhân."

# (title, lead, body, relevant)
CASES = [
    ("Sở Tư pháp tổng kết công tác thi đua, khen thưởng năm 2023", "", "", True),
    ("Ngành Ngân hàng sơ kết công tác thi đua - khen thưởng 6 tháng", "", "", True),
    ("Huyện Yên Thành tổ chức Đại hội Thi đua yêu nước lần thứ V", "", "", True),
    ("Phú Yên phát động phong trào thi đua hoàn thành chỉ tiêu năm 2025", "", "", True),
    ("Trung tâm Y tế huyện đón nhận Huân chương Lao động hạng Ba", "", "", True),
    ("Trao Huy hiệu Đảng cho 52 đảng viên", "", "", True),
    ("Lễ truy tặng danh hiệu Bà mẹ Việt Nam anh hùng", "", "", True),
    (
        "Công ty Điện lực kỷ niệm 50 năm thành lập",
        "Công ty đón nhận phần thưởng cao quý.",
        "",
        True,
    ),
    (
        "Viện Kiểm sát tỉnh tổng kết công tác năm 2023",
        "Chiều 28/12, VKSND tỉnh tổng kết.",
        AWARD_LINE + " Viện trưởng VKSND tối cao tặng Bằng khen cho 3 tập thể.",
        True,
    ),
    ("BĐBP tỉnh tổng kết phong trào Thi đua Quyết thắng", "", "", True),
    ("Hội nghị góp ý dự thảo Luật Thi đua, khen thưởng", "", AWARD_LINE, False),
    ("Học sinh tỉnh giành Huy chương Vàng Olympic Toán quốc tế", "", "", False),
    ("CLB bóng đá tỉnh vô địch giải Hạng Nhì", "Đội nhận tiền thưởng 1 tỷ đồng.", "", False),
    (
        "Trao giải Hội thi Tuyên truyền viên giỏi",
        "Hội thi hưởng ứng phong trào thi đua.",
        "",
        False,
    ),
    ("Xe tải va chạm xe máy, một người tử vong", "", "", False),
    ("Kinh tế quý I tăng trưởng khá", "", "Kết quả là cơ sở xếp loại thi đua, khen thưởng.", False),
    (
        "Phát động Tháng hành động vì an toàn thực phẩm",
        "",
        "Ban Chỉ đạo yêu cầu khen thưởng kịp thời.",
        False,
    ),
    (
        "Nông dân làm giàu từ cây sầu riêng",
        "",
        "Năm 2012, ông từng được Chủ tịch UBND tỉnh tặng Bằng khen.",
        False,
    ),
    ("Ca sĩ nhận huân chương của nước ngoài", "", "Ca sĩ được trao tặng bằng danh dự.", False),
    ("Thời tiết hôm nay: nắng nóng kéo dài", "", "", False),
    # An obituary recalls honours; a profile's past honours weigh nothing
    (
        "Nguyên Chủ tịch UBND tỉnh Trần Văn Lộc từ trần",
        "Ông từ trần tại nhà riêng, hưởng thọ 88 tuổi.",
        "Năm 2001, ông được Nhà nước phong tặng danh hiệu Anh hùng Lao động.",
        False,
    ),
    (
        "Lão nông trồng chè giỏi ở Tân Cương",
        "",
        "Năm 1998, ông được phong tặng danh hiệu Anh hùng Lao động và từng được tặng Bằng khen.",
        False,
    ),
    # A ceremony named by what is given, not by a cue word
    (
        "Ngành Y tế gặp mặt kỷ niệm Ngày Thầy thuốc Việt Nam",
        "Sáng 27/2, Sở Y tế tổ chức gặp mặt; 5 bác sĩ được trao danh hiệu Thầy thuốc ưu tú.",
        "",
        True,
    ),
    (
        "Khen thưởng đột xuất lực lượng cứu hộ",
        "Chiều 10/9, UBND huyện tổ chức lễ khen thưởng đột xuất các tập thể, cá nhân.",
        "",
        True,
    ),
    ("Giá lúa tăng cao", "", "Nông dân phấn khởi.", False),
    # A delegation's visit names no event word, yet the awards it reports make it award news
    (
        "Đoàn đại biểu tỉnh Sekong thăm và làm việc tại Quảng Nam",
        "Chiều 15/5, Ban Dân vận Tỉnh ủy tiếp Đoàn đại biểu tỉnh Sekong (Lào).",
        "Hai bên trao đổi kinh nghiệm về công tác dân vận.\n\n"
        "Tại buổi làm việc, thừa ủy quyền của Trưởng ban Dân vận Trung ương, đồng chí Nguyễn Văn "
        "Tâm trao Kỷ niệm chương “Vì sự nghiệp Dân vận” cho 6 đồng chí trong đoàn.\n\n"
        "Dịp này, Chủ tịch UBND tỉnh tặng 5 Bằng khen cho các tập thể, cá nhân tỉnh bạn.",
        True,
    ),
    # Many awards outweigh other news mentioned in passing in a police review
    (
        "Công an huyện tổng kết công tác năm 2023",
        "",
        "Năm qua, đơn vị bắt giữ 40 vụ ma túy, không để xảy ra tai nạn nghiêm trọng. "
        "Giám đốc Công an tỉnh tặng Giấy khen cho 4 tập thể, 12 cá nhân. "
        "Chủ tịch UBND huyện tặng Giấy khen cho 3 tập thể, 9 cá nhân. "
        "Bộ trưởng Bộ Công an tặng Bằng khen cho 2 cá nhân.",
        True,
    ),
]


@pytest.mark.parametrize(("title", "lead", "body", "relevant"), CASES)
def test_score_relevance(title: str, lead: str, body: str, relevant: bool) -> None:
    verdict = score_relevance(title, lead, body, "2024-01-10T08:00:00+07:00")
    assert verdict.relevant is relevant, verdict.evidence


def test_evidence_names_the_cues() -> None:
    verdict = score_relevance("Sở Tư pháp tổng kết công tác thi đua", "", AWARD_LINE)
    assert any("công tác thi đua" in cue for cue in verdict.evidence)
    assert any("award facts" in cue for cue in verdict.evidence)
    assert verdict.score >= 3.0
