"""Event type, period, year, date and organiser from invented leads."""

import pytest

from parsers.events import event_date, event_period, event_type, extract_event, resolve_day


@pytest.mark.parametrize(
    ("lead", "published", "expected"),
    [
        ("Chiều nay 18/7, Sở Nội vụ tổ chức hội nghị.", "2023-07-18T17:00:00+07:00", "2023-07-18"),
        ("Sáng 5.1, Công an tỉnh tổ chức hội nghị.", "2024-01-05T11:00:00+07:00", "2024-01-05"),
        (
            "Ngày 27-12, Hội Cựu chiến binh tỉnh tổng kết.",
            "2023-12-28T08:00:00+07:00",
            "2023-12-27",
        ),
        ("Chiều 29/12, TAND tỉnh tổ chức hội nghị.", "2024-01-02T09:00:00+07:00", "2023-12-29"),
        ("Sáng nay, UBND huyện tổ chức đại hội.", "2025-05-20T11:30:00+07:00", "2025-05-20"),
        ("Chiều qua, Đảng ủy xã tổ chức lễ trao.", "2024-02-03T07:00:00+07:00", "2024-02-02"),
        ("Tối 31/12, Đoàn Thanh niên tổng kết.", "2024-01-01T06:00:00+07:00", "2023-12-31"),
        ("Sáng 8-3, UBND tỉnh phát động.", "2024-03-08T14:00:00+07:00", "2024-03-08"),
        ("Trưa 12.12, Hội Phụ nữ tổng kết.", "2023-12-13T08:00:00+07:00", "2023-12-12"),
        ("Sáng thứ Hai (8/1), Sở Tư pháp tổng kết.", "2024-01-09T08:00:00+07:00", "2024-01-08"),
        ("Chiều 20/11/2023, Trường THPT Phan Bội Châu tổ chức lễ.", None, "2023-11-20"),
        ("Chiều 15/8, Sở GD&ĐT tổng kết năm học.", None, None),
        ("Hội nghị tổng kết diễn ra tại hội trường tỉnh.", "2024-01-09T08:00:00+07:00", None),
        ("Ngày 1/1, BĐBP tỉnh tổ chức lễ ra quân.", "2024-01-01T20:00:00+07:00", "2024-01-01"),
        ("Sáng 31.12, Sở Y tế tổng kết.", "2024-12-31T10:00:00+07:00", "2024-12-31"),
        ("Chiều 30/6, LĐLĐ tỉnh sơ kết.", "2024-07-02T09:00:00+07:00", "2024-06-30"),
        # Days that are not the event's: a celebrated day, a cut-off, a founding day
        (
            "Chào mừng ngày 20.11, chiều 17.11, Trường THPT Lê Lợi tổ chức lễ đón nhận.",
            "2023-11-18T08:00:00+07:00",
            "2023-11-17",
        ),
        (
            "Tính đến ngày 5/12, toàn tỉnh có 40 tập thể được khen. Sáng 11/12, tỉnh tổ chức lễ.",
            "2024-12-12T08:00:00+07:00",
            "2024-12-11",
        ),
        (
            "Kỷ niệm 80 năm Ngày thành lập (Ngày 23/11/1945 - 23/11/2025), sáng 21/11, Thanh tra "
            "tỉnh tổ chức lễ.",
            "2025-11-21T08:00:00+07:00",
            "2025-11-21",
        ),
        (
            "Hạn chót nộp hồ sơ trước ngày 20/12; chiều 11/12, Hội đồng họp.",
            "2023-12-12T08:00:00+07:00",
            "2023-12-11",
        ),
    ],
)
def test_event_date(lead: str, published: str | None, expected: str | None) -> None:
    assert event_date([lead], published) == expected


def test_the_organizer_follows_the_event_day_not_a_decoy() -> None:
    event = extract_event(
        "Trường THPT Lê Lợi đón nhận Huân chương Lao động hạng Nhì",
        "Chào mừng ngày 20.11, chiều 17.11, Trường THPT Lê Lợi tổ chức lễ đón nhận.",
        "",
        "2023-11-18T08:00:00+07:00",
    )
    assert event is not None
    assert (event.date, event.organizer) == ("2023-11-17", "Trường THPT Lê Lợi")


def test_an_impossible_day_is_no_date() -> None:
    assert resolve_day(31, 2, None, None) is None
    assert event_date(["Sáng 31/2, hội nghị diễn ra."], "2024-03-05") is None


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        ("Ngành Tư pháp sơ kết công tác thi đua 6 tháng đầu năm", "", "so_ket"),
        # The kind named first is the event; a launch held beside a review does not replace it
        (
            "Quảng Trị: năm 2024 có 1.900 lượt tập thể, cá nhân được khen thưởng",
            "Sáng 6/1, UBND tỉnh tổng kết công tác thi đua, khen thưởng năm 2024; tại hội nghị, "
            "tỉnh phát động phong trào thi đua năm 2025.",
            "tong_ket",
        ),
        (
            "",
            "Huyện phát động phong trào thi đua năm 2025 và tổng kết phong trào năm 2024.",
            "phat_dong",
        ),
        ("Hội Cựu chiến binh tỉnh tổng kết công tác thi đua, khen thưởng năm 2024", "", "tong_ket"),
        ("Thị xã Ba Đồn tổ chức Đại hội Thi đua yêu nước lần thứ V", "", "dai_hoi"),
        ("Lâm Đồng phát động phong trào thi đua năm 2025", "", "phat_dong"),
        ("Bệnh viện tỉnh đón nhận Huân chương Lao động hạng Nhì", "", "trao_tang"),
        ("Trao Huy hiệu Đảng đợt 7/11 cho 40 đảng viên", "", "trao_tang"),
        ("Truy tặng danh hiệu Bà mẹ Việt Nam anh hùng cho 5 mẹ", "", "trao_tang"),
        ("Tuyên dương 100 gương thanh niên tiêu biểu", "", "trao_tang"),
        ("Hội đồng Thi đua - Khen thưởng tỉnh họp xét khen thưởng", "", "other"),
        (
            "Đại hội Thi đua yêu nước huyện Mỹ Đức",
            "Đại hội nhằm tổng kết phong trào thi đua giai đoạn 2020 - 2025.",
            "dai_hoi",
        ),
        ("Một ngày ở xã vùng cao", "Chiều 3/4, UBND xã tổng kết công tác năm.", "tong_ket"),
        ("Thời tiết miền Trung chuyển mưa", "Chiều nay trời mưa to.", None),
        # A ceremony named by what it gives or receives
        ("Trao danh hiệu Nhà giáo ưu tú cho 9 nhà giáo", "", "trao_tang"),
        ("Hơn 200 đảng viên nhận Huy hiệu Đảng", "", "trao_tang"),
        (
            "Ngành Y tế họp mặt kỷ niệm Ngày Thầy thuốc Việt Nam",
            "Sáng 27/2, Sở Y tế tổ chức họp mặt; 7 bác sĩ được trao danh hiệu Thầy thuốc ưu tú.",
            "trao_tang",
        ),
        ("Khen thưởng đột xuất lực lượng cứu nạn trong lũ", "", "trao_tang"),
        # An award merely named is no ceremony
        ("Đêm nhạc của Nghệ sĩ ưu tú Lê Văn Hòa", "Nghệ sĩ ưu tú biểu diễn 12 ca khúc.", None),
    ],
)
def test_event_type(title: str, lead: str, expected: str | None) -> None:
    assert event_type(title, lead) == expected


@pytest.mark.parametrize(
    ("title", "lead", "kind", "expected"),
    [
        ("Sơ kết thi đua 6 tháng đầu năm 2024", "", "so_ket", "6 tháng đầu năm 2024"),
        ("Tổng kết năm học 2023 - 2024", "", "tong_ket", "năm học 2023 - 2024"),
        ("Đại hội thi đua giai đoạn 2020 - 2025", "", "dai_hoi", "giai đoạn 2020 - 2025"),
        ("Tổng kết công tác năm 2023 và triển khai nhiệm vụ năm 2024", "", "tong_ket", "năm 2023"),
        ("Sơ kết 9 tháng đầu năm 2023", "", "so_ket", "9 tháng đầu năm 2023"),
        ("Đón nhận Huân chương Lao động hạng Ba năm 2023", "", "trao_tang", None),
        (
            "Hội nghị tổng kết",
            "Sáng 5/1, Sở Tư pháp tổng kết công tác năm 2023.",
            "tong_ket",
            "năm 2023",
        ),
    ],
)
def test_event_period(title: str, lead: str, kind: str, expected: str | None) -> None:
    assert event_period(title, lead, kind) == expected


@pytest.mark.parametrize(
    ("title", "kind", "published_year", "expected"),
    [
        # A school year that has just begun is not reviewed at its opening ceremony
        (
            "Trường THCS Lê Lợi khai giảng năm học 2024 - 2025 và đón nhận Huân chương",
            "trao_tang",
            2024,
            None,
        ),
        ("Tổng kết năm học 2023 - 2024", "tong_ket", 2024, "năm học 2023 - 2024"),
        # A term of several years is reviewed as it closes, even the year before it ends
        (
            "Đại hội Thi đua yêu nước giai đoạn 2020 - 2025",
            "dai_hoi",
            2024,
            "giai đoạn 2020 - 2025",
        ),
        ("Tổng kết 5 năm thi đua nhiệm kỳ 2021-2026", "tong_ket", 2025, "nhiệm kỳ 2021-2026"),
        (
            "Đại hội thi đua giai đoạn 5 năm (2020 – 2025)",
            "dai_hoi",
            2024,
            "giai đoạn 5 năm (2020 – 2025)",
        ),
        ("Đại hội thi đua thời kỳ 2025 - 2030", "dai_hoi", 2025, None),
        # A launch names the period ahead
        ("Phát động thi đua giai đoạn 2026 - 2030", "phat_dong", 2025, "giai đoạn 2026 - 2030"),
        # A council's session year is no reviewed period; a stated span for a ceremony is
        ("Hội đồng Thi đua - Khen thưởng họp phiên cuối năm 2024", "other", 2024, None),
        (
            "Tuyên dương điển hình tiên tiến giai đoạn 2020 - 2025",
            "trao_tang",
            2025,
            "giai đoạn 2020 - 2025",
        ),
    ],
)
def test_event_period_against_publication(
    title: str, kind: str, published_year: int, expected: str | None
) -> None:
    assert event_period(title, "", kind, published_year) == expected


@pytest.mark.parametrize(
    ("title", "lead", "body", "expected"),
    [
        # A congress reviews a term: a bare span is its period, and the body may state it
        ("Đại hội Thi đua yêu nước huyện Ý Yên lần thứ V (2020 - 2025)", "", "", "2020 - 2025"),
        (
            "Huyện Giao Thủy tổ chức Đại hội Thi đua yêu nước lần thứ V",
            "Sáng 5/12, 250 đại biểu dự đại hội; năm 2024 huyện về đích nông thôn mới.",
            "Năm 2024, huyện có 12 tập thể được khen.\n\nGiai đoạn 2020-2025, phong trào lan tỏa.",
            "Giai đoạn 2020-2025",
        ),
        # ... the next term, launched there, is not the one reviewed
        (
            "Đại hội Thi đua yêu nước tỉnh lần thứ VI",
            "",
            "Đại hội phát động thi đua giai đoạn 2025 - 2030.\n\nNhiệm kỳ 2020 - 2025 đã qua.",
            "Nhiệm kỳ 2020 - 2025",
        ),
        # A ceremony's span is an anniversary, not a period
        ("Kỷ niệm 30 năm thành lập trường (1994 - 2024)", "", "", None),
    ],
)
def test_event_period_of_a_term(title: str, lead: str, body: str, expected: str | None) -> None:
    kind = event_type(title, lead) or "trao_tang"
    assert event_period(title, lead, kind, 2024, body) == expected


def test_default_type_when_no_word_names_the_event() -> None:
    title, lead = "Ấm áp ngày hội ở bản Phiêng Luông", "Sáng 2/9, bản tổ chức ngày hội."
    assert extract_event(title, lead, "", "2024-09-02") is None
    event = extract_event(title, lead, "", "2024-09-02", default_type="trao_tang")
    assert event is not None
    assert (event.type, event.date) == ("trao_tang", "2024-09-02")


def test_extract_event_reads_every_field() -> None:
    event = extract_event(
        "Sở Tư pháp tổng kết công tác thi đua, khen thưởng năm 2023",
        "Sáng 9/1, Sở Tư pháp tỉnh Cà Mau tổ chức hội nghị tổng kết công tác thi đua năm 2023.",
        "Năm 2023, ngành Tư pháp hoàn thành tốt nhiệm vụ.",
        "2024-01-09T15:00:00+07:00",
    )
    assert event is not None
    assert (event.type, event.period, event.year, event.date, event.organizer) == (
        "tong_ket",
        "năm 2023",
        2023,
        "2024-01-09",
        "Sở Tư pháp tỉnh Cà Mau",
    )


def test_no_event_named_gives_none() -> None:
    assert extract_event("Giá cà phê tăng mạnh", "Sáng nay giá tăng.", "", "2024-01-01") is None
