"""Award facts read from invented sentences in the style of provincial newspapers."""

import pytest

from parsers.awards import (
    extract_awards,
    is_past_sentence,
    past_sentences,
    sentence_awards,
)
from parsers.patterns import NUMBER_WORD_UNITS, NUMBER_WORD_VALUES, award_spellings

COL, IND, UNS = "collective", "individual", "unspecified"
GIVEN, PROPOSED = "conferred", "proposed"

# (sentence, [(award, recipient_kind, count, status, conferrer, recipient), ...])
CASES = [
    # Lists after "cho": "A tập thể, B cá nhân"
    (
        "Chủ tịch UBND tỉnh Bình Định tặng Bằng khen cho 32 tập thể, 57 cá nhân.",
        [
            ("Bằng khen", COL, 32, GIVEN, "Chủ tịch UBND tỉnh Bình Định", None),
            ("Bằng khen", IND, 57, GIVEN, "Chủ tịch UBND tỉnh Bình Định", None),
        ],
    ),
    (
        "Dịp này, Thủ tướng Chính phủ tặng Bằng khen cho 2 tập thể và 3 cá nhân.",
        [
            ("Bằng khen", COL, 2, GIVEN, "Thủ tướng Chính phủ", None),
            ("Bằng khen", IND, 3, GIVEN, "Thủ tướng Chính phủ", None),
        ],
    ),
    (
        "Giám đốc Sở Nội vụ tặng Giấy khen cho 140 tập thể.",
        [("Giấy khen", COL, 140, GIVEN, "Giám đốc Sở Nội vụ", None)],
    ),
    (
        "UBND tỉnh Kon Tum tặng Cờ thi đua cho 6 đơn vị dẫn đầu.",
        [("Cờ thi đua", COL, 6, GIVEN, "UBND tỉnh Kon Tum", None)],
    ),
    (
        "Bộ trưởng Bộ Quốc phòng tặng Bằng khen 3 tập thể, 4 cá nhân.",
        [
            ("Bằng khen", COL, 3, GIVEN, "Bộ trưởng Bộ Quốc phòng", None),
            ("Bằng khen", IND, 4, GIVEN, "Bộ trưởng Bộ Quốc phòng", None),
        ],
    ),
    # Number words
    (
        "Chủ tịch UBND huyện tặng Giấy khen cho mười hai tập thể và hai mươi mốt cá nhân.",
        [
            ("Giấy khen", COL, 12, GIVEN, "Chủ tịch UBND huyện", None),
            ("Giấy khen", IND, 21, GIVEN, "Chủ tịch UBND huyện", None),
        ],
    ),
    (
        "Ban Thường vụ Huyện đoàn tặng Giấy khen cho một trăm đoàn viên.",
        [("Giấy khen", IND, 100, GIVEN, "Ban Thường vụ Huyện đoàn", None)],
    ),
    (
        "Giám đốc Công an tỉnh tặng Giấy khen cho mười lăm cán bộ, chiến sĩ.",
        [("Giấy khen", IND, 15, GIVEN, "Giám đốc Công an tỉnh", None)],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho ba tập thể, năm cá nhân.",
        [
            ("Bằng khen", COL, 3, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", IND, 5, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    # Thousands with dots, zero padding
    (
        "Hiệu trưởng các trường tặng Giấy khen cho 1.480 học sinh.",
        [("Giấy khen", IND, 1480, GIVEN, "Hiệu trưởng các trường", None)],
    ),
    (
        "Tư lệnh Quân khu 5 tặng Bằng khen cho 05 tập thể, 09 cá nhân.",
        [
            ("Bằng khen", COL, 5, GIVEN, "Tư lệnh Quân khu 5", None),
            ("Bằng khen", IND, 9, GIVEN, "Tư lệnh Quân khu 5", None),
        ],
    ),
    # Award documents counted: unspecified, the receiving unit named
    (
        "Công an huyện Krông Pắc được UBND tỉnh tặng 5 Bằng khen.",
        [("Bằng khen", UNS, 5, GIVEN, "UBND tỉnh", "Công an huyện Krông Pắc")],
    ),
    (
        "Năm qua, Chủ tịch UBND thành phố đã tặng 27 Giấy khen.",
        [("Giấy khen", UNS, 27, GIVEN, "Chủ tịch UBND thành phố", None)],
    ),
    (
        "Trường THCS Lê Lợi được Sở GD&ĐT tặng 2 Giấy khen và 1 Bằng khen.",
        [
            ("Giấy khen", UNS, 2, GIVEN, "Sở GD&ĐT", "Trường THCS Lê Lợi"),
            ("Bằng khen", UNS, 1, GIVEN, "Sở GD&ĐT", "Trường THCS Lê Lợi"),
        ],
    ),
    # "lượt" counts and unnamed commendations by the levels
    (
        "Toàn ngành có 215 lượt tập thể, 640 lượt cá nhân được các cấp khen thưởng.",
        [
            ("Khen thưởng", COL, 215, GIVEN, "các cấp", None),
            ("Khen thưởng", IND, 640, GIVEN, "các cấp", None),
        ],
    ),
    (
        "Bên cạnh đó, 37 lượt cá nhân được khen thưởng đột xuất.",
        [("Khen thưởng", IND, 37, GIVEN, None, None)],
    ),
    (
        "Sở Y tế đề nghị khen thưởng cấp Nhà nước cho 4 tập thể, 11 cá nhân.",
        [
            ("Khen thưởng", COL, 4, PROPOSED, "cấp Nhà nước", None),
            ("Khen thưởng", IND, 11, PROPOSED, "cấp Nhà nước", None),
        ],
    ),
    # One number for both kinds
    (
        "Chủ tịch UBND xã tặng Giấy khen cho 48 tập thể, cá nhân có thành tích.",
        [("Giấy khen", UNS, 48, GIVEN, "Chủ tịch UBND xã", None)],
    ),
    (
        "Hội đồng Thi đua - Khen thưởng tỉnh đề nghị Thủ tướng tặng Bằng khen cho 20 tập thể và "
        "cá nhân.",
        [("Bằng khen", UNS, 20, PROPOSED, "Thủ tướng", None)],
    ),
    # Classes written as Roman numerals or digits
    (
        "Chủ tịch nước tặng Huân chương Lao động hạng II cho 1 tập thể.",
        [("Huân chương Lao động hạng Nhì", COL, 1, GIVEN, "Chủ tịch nước", None)],
    ),
    (
        "Chủ tịch nước tặng Huân chương Chiến công hạng 3 cho 4 cá nhân.",
        [("Huân chương Chiến công hạng Ba", IND, 4, GIVEN, "Chủ tịch nước", None)],
    ),
    (
        "8 chiến sĩ được nhận Huy chương Chiến sĩ vẻ vang hạng I.",
        [("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 8, GIVEN, None, None)],
    ),
    (
        "Chủ tịch nước tặng Huân chương Bảo vệ Tổ quốc hạng III cho 2 tập thể.",
        [("Huân chương Bảo vệ Tổ quốc hạng Ba", COL, 2, GIVEN, "Chủ tịch nước", None)],
    ),
    # Single named recipients
    (
        "Thừa ủy quyền của Chủ tịch nước, Bí thư Tỉnh ủy trao Huân chương Lao động hạng Ba cho "
        "Trường THPT chuyên Lê Quý Đôn.",
        [
            (
                "Huân chương Lao động hạng Ba",
                COL,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Trường THPT chuyên Lê Quý Đôn",
            )
        ],
    ),
    (
        "Bệnh viện Đa khoa tỉnh Phú Thọ được Chủ tịch nước tặng Huân chương Lao động hạng Nhất.",
        [
            (
                "Huân chương Lao động hạng Nhất",
                COL,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Bệnh viện Đa khoa tỉnh Phú Thọ",
            )
        ],
    ),
    (
        "Dịp này, Đại tá Hoàng Minh Khôi, Chỉ huy trưởng Bộ CHQS tỉnh vinh dự được Chủ tịch nước "
        "tặng Huân chương Bảo vệ Tổ quốc hạng Nhì.",
        [
            (
                "Huân chương Bảo vệ Tổ quốc hạng Nhì",
                IND,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Hoàng Minh Khôi",
            )
        ],
    ),
    (
        "Thủ tướng Chính phủ tặng Bằng khen cho bà Lò Thị Mai, Chủ tịch Hội Phụ nữ xã Mường Lống.",
        [("Bằng khen", IND, 1, GIVEN, "Thủ tướng Chính phủ", "Lò Thị Mai")],
    ),
    (
        "Xã Tân Hiệp được nhận Cờ thi đua của UBND tỉnh.",
        [("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Xã Tân Hiệp")],
    ),
    (
        "Lãnh đạo tỉnh trao danh hiệu Bà mẹ Việt Nam anh hùng của Chủ tịch nước cho mẹ Đinh Thị "
        "Lan.",
        [("Bà mẹ Việt Nam anh hùng", IND, 1, GIVEN, "Chủ tịch nước", "Đinh Thị Lan")],
    ),
    # A lower-case unit head before a proper name names a unit
    (
        "Đặc biệt, xã Nậm Pồ vinh dự được Thủ tướng Chính phủ tặng Bằng khen vì thành tích trong "
        "xây dựng nông thôn mới.",
        [("Bằng khen", COL, 1, GIVEN, "Thủ tướng Chính phủ", "xã Nậm Pồ")],
    ),
    # Receiving verbs other than "được" also mark the recipient
    (
        "Cũng tại buổi lễ, dược sĩ chuyên khoa I Nguyễn Thị Hoa, Trưởng khoa Dược, đón nhận danh "
        "hiệu Thầy thuốc ưu tú của Chủ tịch nước.",
        [("Thầy thuốc ưu tú", IND, 1, GIVEN, "Chủ tịch nước", "Nguyễn Thị Hoa")],
    ),
    (
        "Đồn Biên phòng Cà Ná đón nhận Huân chương Bảo vệ Tổ quốc hạng III của Chủ tịch nước vì "
        "thành tích bảo vệ biên giới biển.",
        [
            (
                "Huân chương Bảo vệ Tổ quốc hạng Ba",
                COL,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Đồn Biên phòng Cà Ná",
            )
        ],
    ),
    (
        "Hải đội 2 cũng vinh dự nhận 2 Bằng khen của Bộ Tư lệnh Vùng Cảnh sát biển.",
        [("Bằng khen", UNS, 2, GIVEN, "Bộ Tư lệnh Vùng Cảnh sát biển", "Hải đội 2")],
    ),
    # The host of the ceremony receives, but does not confer
    (
        "Sáng 3/10, Trường Cao đẳng Y tế tỉnh tổ chức lễ kỷ niệm 50 năm thành lập và đón nhận "
        "Huân chương Lao động hạng Nhì.",
        [("Huân chương Lao động hạng Nhì", COL, 1, GIVEN, None, "Trường Cao đẳng Y tế tỉnh")],
    ),
    (
        "Sáng 12/5, Công an huyện tổ chức lễ trao Huân chương Chiến công hạng Nhì của Chủ tịch "
        "nước tặng Đội Cảnh sát giao thông.",
        [
            (
                "Huân chương Chiến công hạng Nhì",
                COL,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Đội Cảnh sát giao thông",
            )
        ],
    ),
    # A person's title never goes to a unit
    (
        "Sáng 26/3, Sở Y tế tổ chức lễ kỷ niệm Ngày Thầy thuốc và đón nhận danh hiệu Thầy thuốc "
        "nhân dân.",
        [],
    ),
    # A named recipient ends before the next verb; the next award keeps the subject's conferrer
    (
        "Giám đốc Sở Giao thông vận tải tặng Cờ thi đua cho Trạm Kiểm soát tải trọng xe số 1 và "
        "tặng Giấy khen cho 4 tập thể.",
        [
            (
                "Cờ thi đua",
                COL,
                1,
                GIVEN,
                "Giám đốc Sở Giao thông vận tải",
                "Trạm Kiểm soát tải trọng xe số 1",
            ),
            ("Giấy khen", COL, 4, GIVEN, "Giám đốc Sở Giao thông vận tải", None),
        ],
    ),
    # Discourse words, roles and appositions around the recipient's name
    (
        "Riêng Trường Tiểu học Kim Đồng được Hội đồng đề nghị công nhận danh hiệu Tập thể lao "
        "động xuất sắc.",
        [("Tập thể lao động xuất sắc", COL, 1, PROPOSED, None, "Trường Tiểu học Kim Đồng")],
    ),
    (
        "Riêng Thiếu tá Đỗ Văn Hùng, Đội trưởng Đội Trinh sát, người trực tiếp bắt giữ đối tượng, "
        "được Giám đốc Công an tỉnh tặng Giấy khen.",
        [("Giấy khen", IND, 1, GIVEN, "Giám đốc Công an tỉnh", "Đỗ Văn Hùng")],
    ),
    # A count inside an apposition ("cứu ba em nhỏ") is not the subject receiving the award
    (
        "Ngoài ra, chị Hà Thị Mơ ở bản Pá Khôm, xã Chiềng Sơn, người đã lao xuống suối cứu ba "
        "học sinh, cũng được Chủ tịch UBND huyện tặng Giấy khen.",
        [("Giấy khen", IND, 1, GIVEN, "Chủ tịch UBND huyện", "Hà Thị Mơ")],
    ),
    (
        "Thừa ủy quyền của Chủ tịch nước, Chủ tịch UBND tỉnh trao danh hiệu Anh hùng Lực lượng vũ "
        "trang nhân dân (truy tặng) cho liệt sĩ, Trung úy Hà Văn Nam.",
        [
            (
                "Anh hùng Lực lượng vũ trang nhân dân",
                IND,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Hà Văn Nam",
            )
        ],
    ),
    # Nouns listed after a count name the same recipients
    (
        "Có 35 cán bộ, viên chức được nhận Kỷ niệm chương của Bộ Y tế.",
        [("Kỷ niệm chương", IND, 35, GIVEN, "Bộ Y tế", None)],
    ),
    (
        "Mười hai y, bác sĩ được Giám đốc Sở Y tế tặng Giấy khen.",
        [("Giấy khen", IND, 12, GIVEN, "Giám đốc Sở Y tế", None)],
    ),
    # "đề nghị xét tặng": who would give is not named
    (
        "Hội đồng cũng đề nghị xét tặng danh hiệu Chiến sĩ thi đua toàn quốc cho 3 cá nhân.",
        [("Chiến sĩ thi đua toàn quốc", IND, 3, PROPOSED, None, None)],
    ),
    # "của X" names the conferrer; whoever hands the award over does not
    (
        "Phó Chủ tịch UBND tỉnh trao Bằng khen của Thủ tướng Chính phủ cho 3 tập thể.",
        [("Bằng khen", COL, 3, GIVEN, "Thủ tướng Chính phủ", None)],
    ),
    (
        "6 cá nhân được nhận Kỷ niệm chương “Vì sự nghiệp giáo dục” của Bộ GD&ĐT.",
        [("Kỷ niệm chương", IND, 6, GIVEN, "Bộ GD&ĐT", None)],
    ),
    (
        "Thượng tá Vũ Đức Long trao Giấy khen của Chỉ huy trưởng BCH Quân sự tỉnh cho 18 cá nhân.",
        [("Giấy khen", IND, 18, GIVEN, "Chỉ huy trưởng BCH Quân sự tỉnh", None)],
    ),
    (
        "Thừa ủy quyền của Chủ tịch nước, lãnh đạo thành phố trao danh hiệu Nhà giáo ưu tú cho 5 "
        "nhà giáo.",
        [("Nhà giáo ưu tú", IND, 5, GIVEN, "Chủ tịch nước", None)],
    ),
    # The counts come first and receive
    (
        "3 tập thể và 7 cá nhân được Bộ trưởng Bộ Công an tặng Bằng khen.",
        [
            ("Bằng khen", COL, 3, GIVEN, "Bộ trưởng Bộ Công an", None),
            ("Bằng khen", IND, 7, GIVEN, "Bộ trưởng Bộ Công an", None),
        ],
    ),
    (
        "Có 12 đảng viên được nhận Huy hiệu 40 năm tuổi Đảng.",
        [("Huy hiệu Đảng", IND, 12, GIVEN, None, None)],
    ),
    (
        "Nhân dịp này, 9 quân nhân được Tư lệnh Quân khu 7 tặng Bằng khen.",
        [("Bằng khen", IND, 9, GIVEN, "Tư lệnh Quân khu 7", None)],
    ),
    # Titles counted by what they name
    (
        "Giám đốc Sở Tư pháp công nhận danh hiệu Lao động tiên tiến cho 96 công chức.",
        [("Lao động tiên tiến", IND, 96, GIVEN, "Giám đốc Sở Tư pháp", None)],
    ),
    (
        "Chánh án TAND tỉnh công nhận danh hiệu Tập thể lao động xuất sắc cho 4 đơn vị.",
        [("Tập thể lao động xuất sắc", COL, 4, GIVEN, "Chánh án TAND tỉnh", None)],
    ),
    (
        "UBND tỉnh công nhận danh hiệu Chiến sĩ thi đua cấp tỉnh cho 19 cá nhân.",
        [("Chiến sĩ thi đua cấp bộ, ngành, tỉnh", IND, 19, GIVEN, "UBND tỉnh", None)],
    ),
    (
        "Viện trưởng VKSND tỉnh công nhận 14 Chiến sĩ thi đua cơ sở.",
        [("Chiến sĩ thi đua cơ sở", IND, 14, GIVEN, "Viện trưởng VKSND tỉnh", None)],
    ),
    # Counts before "đạt danh hiệu" receive the title after them, not the one before
    (
        "Ở cấp huyện, 9 tập thể được công nhận danh hiệu Tập thể lao động xuất sắc, 120 cá nhân "
        "đạt danh hiệu Lao động tiên tiến, 15 cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở.",
        [
            ("Tập thể lao động xuất sắc", COL, 9, GIVEN, None, None),
            ("Lao động tiên tiến", IND, 120, GIVEN, None, None),
            ("Chiến sĩ thi đua cơ sở", IND, 15, GIVEN, None, None),
        ],
    ),
    (
        "Ở cấp cơ sở, 52 cá nhân được công nhận Chiến sĩ thi đua cơ sở; 410 chiến sĩ đạt danh "
        "hiệu Chiến sĩ tiên tiến.",
        [
            ("Chiến sĩ thi đua cơ sở", IND, 52, GIVEN, None, None),
            ("Chiến sĩ tiên tiến", IND, 410, GIVEN, None, None),
        ],
    ),
    # "công nhận" confers: the counts before it belong to the award before
    (
        "Giám đốc Sở Xây dựng tặng Bằng khen cho 6 tập thể, 11 cá nhân và công nhận danh hiệu "
        "Chiến sĩ thi đua cơ sở cho 5 cá nhân.",
        [
            ("Bằng khen", COL, 6, GIVEN, "Giám đốc Sở Xây dựng", None),
            ("Bằng khen", IND, 11, GIVEN, "Giám đốc Sở Xây dựng", None),
            ("Chiến sĩ thi đua cơ sở", IND, 5, GIVEN, "Giám đốc Sở Xây dựng", None),
        ],
    ),
    # A bare class stands for the award named before it
    (
        "Chủ tịch nước tặng Huân chương Lao động hạng Nhì cho 2 tập thể, hạng Ba cho 5 tập thể và "
        "3 cá nhân.",
        [
            ("Huân chương Lao động hạng Nhì", COL, 2, GIVEN, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", COL, 5, GIVEN, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", IND, 3, GIVEN, "Chủ tịch nước", None),
        ],
    ),
    (
        "Chủ tịch nước tặng Huân chương Chiến công hạng Nhất cho 1 đơn vị và hạng III cho 4 cá "
        "nhân.",
        [
            ("Huân chương Chiến công hạng Nhất", COL, 1, GIVEN, "Chủ tịch nước", None),
            ("Huân chương Chiến công hạng Ba", IND, 4, GIVEN, "Chủ tịch nước", None),
        ],
    ),
    (
        "Bệnh viện được tặng Huân chương Lao động hạng Ba cho 1 tập thể và được xếp hạng I.",
        [("Huân chương Lao động hạng Ba", COL, 1, GIVEN, None, None)],
    ),
    # Counts between the verb and the award are its recipients
    (
        "Chủ tịch UBND tỉnh Sóc Trăng trao tặng 12 tập thể, 25 cá nhân Bằng khen vì thành tích "
        "xuất sắc.",
        [
            ("Bằng khen", COL, 12, GIVEN, "Chủ tịch UBND tỉnh Sóc Trăng", None),
            ("Bằng khen", IND, 25, GIVEN, "Chủ tịch UBND tỉnh Sóc Trăng", None),
        ],
    ),
    (
        "Giám đốc Sở Nội vụ tặng 30 công chức Giấy khen.",
        [("Giấy khen", IND, 30, GIVEN, "Giám đốc Sở Nội vụ", None)],
    ),
    # A clause that starts with its verb shares the proposal of the clause before
    (
        "Hội đồng thống nhất đề nghị Chủ tịch nước tặng Huân chương Lao động hạng Nhì cho 1 tập "
        "thể; tặng Huân chương Lao động hạng Ba cho 3 tập thể và 2 cá nhân.",
        [
            ("Huân chương Lao động hạng Nhì", COL, 1, PROPOSED, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", COL, 3, PROPOSED, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", IND, 2, PROPOSED, "Chủ tịch nước", None),
        ],
    ),
    # A bare "danh hiệu" stands for the title named before it in the sentence
    (
        "Chủ tịch nước phong tặng danh hiệu Bà mẹ Việt Nam anh hùng cho 3 mẹ; truy tặng danh hiệu "
        "cho 11 mẹ.",
        [
            ("Bà mẹ Việt Nam anh hùng", IND, 3, GIVEN, "Chủ tịch nước", None),
            ("Bà mẹ Việt Nam anh hùng", IND, 11, GIVEN, "Chủ tịch nước", None),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 5 tập thể; trao danh hiệu cho 2 cá nhân.",
        [("Bằng khen", COL, 5, GIVEN, "Chủ tịch UBND tỉnh", None)],
    ),
    # An unnamed giver in a passive clause is the giver of the clause before
    (
        "Trạm Kiểm soát Biên phòng Cửa khẩu Lào Cai được Bộ Tư lệnh BĐBP tặng Cờ thi đua; 5 tập "
        "thể khác được tặng danh hiệu Đơn vị quyết thắng.",
        [
            (
                "Cờ thi đua",
                COL,
                1,
                GIVEN,
                "Bộ Tư lệnh BĐBP",
                "Trạm Kiểm soát Biên phòng Cửa khẩu Lào Cai",
            ),
            ("Đơn vị quyết thắng", COL, 5, GIVEN, "Bộ Tư lệnh BĐBP", None),
        ],
    ),
    # Several conferrers joined by commas stay one string
    (
        "Đồn Biên phòng Cửa Việt được Bộ Tư lệnh BĐBP, UBND tỉnh tặng 4 Bằng khen.",
        [("Bằng khen", UNS, 4, GIVEN, "Bộ Tư lệnh BĐBP, UBND tỉnh", "Đồn Biên phòng Cửa Việt")],
    ),
    # Clauses joined by semicolons, each with its own conferrer
    (
        "Ban Chấp hành Tổng LĐLĐ Việt Nam tặng Bằng khen cho 5 tập thể; Ban Thường vụ LĐLĐ tỉnh "
        "tặng Bằng khen cho 30 cá nhân.",
        [
            ("Bằng khen", COL, 5, GIVEN, "Ban Chấp hành Tổng LĐLĐ Việt Nam", None),
            ("Bằng khen", IND, 30, GIVEN, "Ban Thường vụ LĐLĐ tỉnh", None),
        ],
    ),
    (
        "Giám đốc Sở Y tế tặng Giấy khen cho 45 tập thể; công nhận danh hiệu Chiến sĩ thi đua cơ "
        "sở cho 60 cá nhân.",
        [
            ("Giấy khen", COL, 45, GIVEN, "Giám đốc Sở Y tế", None),
            ("Chiến sĩ thi đua cơ sở", IND, 60, GIVEN, "Giám đốc Sở Y tế", None),
        ],
    ),
    (
        "Ủy ban Trung ương MTTQ Việt Nam tặng Cờ thi đua cho 2 tập thể, Bằng khen cho 6 tập thể "
        "và 9 cá nhân.",
        [
            ("Cờ thi đua", COL, 2, GIVEN, "Ủy ban Trung ương MTTQ Việt Nam", None),
            ("Bằng khen", COL, 6, GIVEN, "Ủy ban Trung ương MTTQ Việt Nam", None),
            ("Bằng khen", IND, 9, GIVEN, "Ủy ban Trung ương MTTQ Việt Nam", None),
        ],
    ),
    # Colon lists: award, then its counts
    (
        "Kết quả khen thưởng như sau: Cờ thi đua của UBND tỉnh: 7 tập thể; Tập thể lao động xuất "
        "sắc: 52 tập thể; Lao động tiên tiến: 1.105 cá nhân.",
        [
            ("Cờ thi đua", COL, 7, GIVEN, "UBND tỉnh", None),
            ("Tập thể lao động xuất sắc", COL, 52, GIVEN, None, None),
            ("Lao động tiên tiến", IND, 1105, GIVEN, None, None),
        ],
    ),
    # Totals with breakdowns: both are facts
    (
        "Theo Quyết định của Ban Thường vụ Thành ủy, 64 đảng viên được tặng Huy hiệu Đảng, gồm: "
        "3 đồng chí nhận Huy hiệu 60 năm tuổi Đảng; 61 đồng chí nhận Huy hiệu 30 năm tuổi Đảng.",
        [
            ("Huy hiệu Đảng", IND, 64, GIVEN, "Ban Thường vụ Thành ủy", None),
            ("Huy hiệu Đảng", IND, 3, GIVEN, "Ban Thường vụ Thành ủy", None),
            ("Huy hiệu Đảng", IND, 61, GIVEN, "Ban Thường vụ Thành ủy", None),
        ],
    ),
    (
        "Chủ tịch LĐLĐ tỉnh tặng Bằng khen cho 90 cá nhân, trong đó 52 người là công nhân trực "
        "tiếp sản xuất.",
        [
            ("Bằng khen", IND, 90, GIVEN, "Chủ tịch LĐLĐ tỉnh", None),
            ("Bằng khen", IND, 52, GIVEN, "Chủ tịch LĐLĐ tỉnh", None),
        ],
    ),
    # Proposals: đề nghị, đề xuất, trình
    (
        "Hội đồng đã xét, đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 15 tập thể, 22 cá nhân.",
        [
            ("Bằng khen", COL, 15, PROPOSED, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", IND, 22, PROPOSED, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    (
        "Sở Công Thương đề xuất Bộ Công Thương tặng Cờ thi đua cho 2 doanh nghiệp.",
        [("Cờ thi đua", COL, 2, PROPOSED, "Bộ Công Thương", None)],
    ),
    (
        "Hiện, UBND huyện đang hoàn thiện hồ sơ, trình Chủ tịch nước tặng Huân chương Lao động "
        "hạng Ba cho 1 tập thể, 2 cá nhân.",
        [
            ("Huân chương Lao động hạng Ba", COL, 1, PROPOSED, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", IND, 2, PROPOSED, "Chủ tịch nước", None),
        ],
    ),
    (
        "Hội đồng thống nhất đề nghị Bộ Quốc phòng tặng danh hiệu Đơn vị quyết thắng cho 8 đơn "
        "vị và đề nghị Bộ trưởng Bộ Quốc phòng tặng Bằng khen cho 10 cá nhân.",
        [
            ("Đơn vị quyết thắng", COL, 8, PROPOSED, "Bộ Quốc phòng", None),
            ("Bằng khen", IND, 10, PROPOSED, "Bộ trưởng Bộ Quốc phòng", None),
        ],
    ),
    (
        "Đồng thời, xét đề nghị Thủ tướng Chính phủ tặng Cờ thi đua cho 1 đơn vị.",
        [("Cờ thi đua", COL, 1, PROPOSED, "Thủ tướng Chính phủ", None)],
    ),
    (
        "Ban Thi đua - Khen thưởng đề nghị khen thưởng cấp Nhà nước cho 9 tập thể.",
        [("Khen thưởng", COL, 9, PROPOSED, "cấp Nhà nước", None)],
    ),
    # "theo đề nghị của X" is the proposal that was granted, and a fronted phrase's proposal
    # or passive belongs to that phrase: the verb after the comma confers
    (
        "Theo đề nghị của Giám đốc Sở Nội vụ, Chủ tịch UBND tỉnh Cà Mau đã ký quyết định tặng "
        "Bằng khen cho 25 tập thể.",
        [("Bằng khen", COL, 25, GIVEN, "Chủ tịch UBND tỉnh Cà Mau", None)],
    ),
    (
        "Trên cơ sở đề nghị của Ban Thi đua - Khen thưởng, UBND tỉnh tặng Cờ thi đua cho 12 đơn "
        "vị.",
        [("Cờ thi đua", COL, 12, GIVEN, "UBND tỉnh", None)],
    ),
    (
        "Sau khi được Hội đồng đề nghị, Chủ tịch UBND huyện đã tặng Giấy khen cho 5 tập thể.",
        [("Giấy khen", COL, 5, GIVEN, "Chủ tịch UBND huyện", None)],
    ),
    (
        "Qua xem xét, Hội đồng đề nghị Thủ tướng Chính phủ tặng Bằng khen cho 4 tập thể.",
        [("Bằng khen", COL, 4, PROPOSED, "Thủ tướng Chính phủ", None)],
    ),
    # A unit named beside counts, after its kind, or as the direct object of "khen thưởng"
    (
        "Giám đốc Công an tỉnh Gia Lai quyết định khen thưởng Đội Cảnh sát giao thông và 6 cán "
        "bộ, chiến sĩ.",
        [
            (
                "Khen thưởng",
                COL,
                1,
                GIVEN,
                "Giám đốc Công an tỉnh Gia Lai",
                "Đội Cảnh sát giao thông",
            ),
            ("Khen thưởng", IND, 6, GIVEN, "Giám đốc Công an tỉnh Gia Lai", None),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho Trường THPT Nguyễn Huệ và 5 cá nhân.",
        [
            ("Bằng khen", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Trường THPT Nguyễn Huệ"),
            ("Bằng khen", IND, 5, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    (
        "Lãnh đạo tỉnh trao Huân chương Lao động hạng Ba của Chủ tịch nước cho tập thể Bệnh viện "
        "Đa khoa tỉnh.",
        [
            (
                "Huân chương Lao động hạng Ba",
                COL,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Bệnh viện Đa khoa tỉnh",
            )
        ],
    ),
    (
        "UBND tỉnh khen thưởng đột xuất Công an huyện Bảo Thắng vì thành tích phá án.",
        [("Khen thưởng", COL, 1, GIVEN, "UBND tỉnh", "Công an huyện Bảo Thắng")],
    ),
    # Counts of teachers, village elders, hamlets and mass organisations
    (
        "Giám đốc Sở GD&ĐT tặng Giấy khen cho 30 thầy cô giáo và 12 già làng, người có uy tín.",
        [
            ("Giấy khen", IND, 30, GIVEN, "Giám đốc Sở GD&ĐT", None),
            ("Giấy khen", IND, 12, GIVEN, "Giám đốc Sở GD&ĐT", None),
        ],
    ),
    (
        "Chủ tịch UBND huyện Krông Bông tặng Giấy khen cho 9 buôn và 4 đoàn thể.",
        [
            ("Giấy khen", COL, 9, GIVEN, "Chủ tịch UBND huyện Krông Bông", None),
            ("Giấy khen", COL, 4, GIVEN, "Chủ tịch UBND huyện Krông Bông", None),
        ],
    ),
    # Counted children and a "cụm" named as a unit
    (
        "Chủ tịch UBND tỉnh Hà Tĩnh trao Bằng khen cho 10 em học sinh đoạt giải quốc gia.",
        [("Bằng khen", IND, 10, GIVEN, "Chủ tịch UBND tỉnh Hà Tĩnh", None)],
    ),
    (
        "Cụm thi đua các huyện miền núi được UBND tỉnh tặng Cờ thi đua.",
        [("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Cụm thi đua các huyện miền núi")],
    ),
    # Past honours and cumulative tallies are not news
    ("Năm 2015, ông từng được Thủ tướng Chính phủ tặng Bằng khen.", []),
    ("Đến nay, toàn tỉnh có 1.240 Bà mẹ Việt Nam anh hùng được phong tặng.", []),
    ("Trường được tặng Huân chương Lao động hạng Ba năm 1996.", []),
    # A term ("nhiệm kỳ") is longer than the reviewed period: its tally is cumulative
    (
        "Tính từ đầu nhiệm kỳ đến nay, toàn huyện có 14 tập thể được tặng Cờ thi đua của UBND "
        "tỉnh, 2 tập thể được Chủ tịch nước tặng Huân chương Lao động hạng Nhì.",
        [],
    ),
    ("Từ đầu nhiệm kỳ đến nay, Giám đốc Sở Y tế đã tặng Giấy khen cho 230 cá nhân.", []),
    ("Từ năm 2010 đến nay, xã Phú Mỹ có 31 mẹ được phong tặng Bà mẹ Việt Nam anh hùng.", []),
    # ... while "từ đầu năm đến nay" is the period under review
    (
        "Từ đầu năm đến nay, Chủ tịch UBND huyện Mộc Châu đã tặng Giấy khen cho 45 tập thể.",
        [("Giấy khen", COL, 45, GIVEN, "Chủ tịch UBND huyện Mộc Châu", None)],
    ),
    # Plans and intentions are no awards yet
    (
        "Theo kế hoạch, cuối năm UBND huyện sẽ tặng Giấy khen cho 10 xã dẫn đầu phong trào và "
        "tặng Bằng khen cho 3 hợp tác xã.",
        [],
    ),
    ("Ban Chỉ đạo dự kiến tặng Bằng khen cho 12 hộ gia đình tiêu biểu.", []),
    ("Khi tổng kết, Sở Nội vụ sẽ đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 8 tập thể.", []),
    # A promise after the award does not make it a plan
    (
        "Chủ tịch UBND tỉnh Lai Châu tặng Bằng khen cho 7 tập thể, các đơn vị hứa sẽ phấn đấu.",
        [("Bằng khen", COL, 7, GIVEN, "Chủ tịch UBND tỉnh Lai Châu", None)],
    ),
    # Years in the reason for an award date the work, not the award
    (
        "Ông Trần Văn Hải được Chủ tịch nước tặng Huân chương Lao động hạng Ba vì có thành tích "
        "xuất sắc từ năm 2017 đến năm 2022.",
        [("Huân chương Lao động hạng Ba", IND, 1, GIVEN, "Chủ tịch nước", "Trần Văn Hải")],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể vì thành tích trong phong trào năm 2019.",
        [("Bằng khen", COL, 4, GIVEN, "Chủ tịch UBND tỉnh", None)],
    ),
    ("Năm 2018, Hợp tác xã Tân Lập được Thủ tướng Chính phủ tặng Bằng khen.", []),
    # Counts of things that are not recipients
    ("Công an tỉnh ban hành 48 văn bản, bảo vệ an toàn 17 sự kiện và 25 lượt đoàn khách.", []),
    ("Trong năm, lực lượng chức năng khởi tố 312 vụ án, bắt giữ 540 đối tượng.", []),
    # Contest prizes are not awards
    ("Đội tuyển của huyện đoạt 2 giải Nhất, 3 giải Ba tại Hội thi tuyên truyền viên giỏi.", []),
    ("Ban tổ chức trao 1 giải Nhất, 2 giải Nhì cho các đội thi.", []),
    # Vague amounts give no fact
    ("Chủ tịch UBND tỉnh tặng Bằng khen cho nhiều tập thể, cá nhân có thành tích.", []),
    ("Hàng trăm cá nhân được khen thưởng trong phong trào.", []),
    # "khen thưởng" naming the field of work is no award
    ("Hội đồng Thi đua - Khen thưởng huyện họp xét 42 hồ sơ.", []),
    ("Công tác thi đua, khen thưởng có nhiều đổi mới.", []),
    # Not every "trình" proposes: "chương trình" is a programme
    (
        "Theo chương trình, Chủ tịch UBND tỉnh tặng Bằng khen cho 7 tập thể.",
        [("Bằng khen", COL, 7, GIVEN, "Chủ tịch UBND tỉnh", None)],
    ),
    # "phòng" in a conferrer's name is not "phong tặng"
    (
        "Bộ trưởng Bộ Quốc phòng tặng Bằng khen cho 6 quân nhân.",
        [("Bằng khen", IND, 6, GIVEN, "Bộ trưởng Bộ Quốc phòng", None)],
    ),
    # Signing and issuing are not part of the conferrer's name
    (
        "UBND tỉnh vừa ban hành quyết định khen thưởng 25 tập thể, 40 cá nhân.",
        [
            ("Khen thưởng", COL, 25, GIVEN, "UBND tỉnh", None),
            ("Khen thưởng", IND, 40, GIVEN, "UBND tỉnh", None),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh Quảng Bình đã ký quyết định tặng Bằng khen cho 8 tập thể.",
        [("Bằng khen", COL, 8, GIVEN, "Chủ tịch UBND tỉnh Quảng Bình", None)],
    ),
    # Abbreviated conferrers stay as written
    (
        "Chủ tịch HĐND tỉnh tặng Giấy khen cho 11 cá nhân.",
        [("Giấy khen", IND, 11, GIVEN, "Chủ tịch HĐND tỉnh", None)],
    ),
    (
        "Ban Thường trực Ủy ban MTTQ tỉnh tặng Bằng khen cho 14 tập thể.",
        [("Bằng khen", COL, 14, GIVEN, "Ban Thường trực Ủy ban MTTQ tỉnh", None)],
    ),
    (
        "Chánh án TAND tối cao tặng Bằng khen cho 2 tập thể.",
        [("Bằng khen", COL, 2, GIVEN, "Chánh án TAND tối cao", None)],
    ),
    # Verbs of conferring: pinning a medal on, "truy tặng", "phong tặng", "vinh dự nhận"
    (
        "Thừa ủy quyền của Chủ tịch nước, đồng chí Phó Bí thư Tỉnh ủy gắn Huân chương Lao động "
        "hạng Ba lên ngực áo 3 đồng chí nguyên phó chủ tịch UBND tỉnh.",
        [("Huân chương Lao động hạng Ba", IND, 3, GIVEN, "Chủ tịch nước", None)],
    ),
    (
        "Thay mặt Chủ tịch nước, lãnh đạo tỉnh gắn Huân chương Bảo vệ Tổ quốc hạng Nhì cho "
        "5 cán bộ và trao Huân chương Chiến công hạng Ba cho 4 đồng chí từng công tác tại đồn.",
        [
            ("Huân chương Bảo vệ Tổ quốc hạng Nhì", IND, 5, GIVEN, None, None),
            ("Huân chương Chiến công hạng Ba", IND, 4, GIVEN, None, None),
        ],
    ),
    (
        "Xã Tân Lập vinh dự nhận Cờ thi đua của Chính phủ.",
        [("Cờ thi đua", COL, 1, GIVEN, "Chính phủ", "Xã Tân Lập")],
    ),
    (
        "Liệt sĩ Vũ Đình Hòa được Chủ tịch nước truy tặng danh hiệu Anh hùng Lực lượng vũ trang "
        "nhân dân.",
        [("Anh hùng Lực lượng vũ trang nhân dân", IND, 1, GIVEN, "Chủ tịch nước", "Vũ Đình Hòa")],
    ),
    (
        "Chủ tịch UBND tỉnh trao quyết định và Bằng khen cho 9 tập thể có thành tích xuất sắc.",
        [("Bằng khen", COL, 9, GIVEN, "Chủ tịch UBND tỉnh", None)],
    ),
    (
        "Được sự ủy quyền của Chủ tịch nước, ông Trần Văn Bình, Phó Chủ tịch UBND tỉnh trao "
        "danh hiệu Nhà giáo ưu tú cho 4 nhà giáo.",
        [("Nhà giáo ưu tú", IND, 4, GIVEN, "Chủ tịch nước", None)],
    ),
    # "từng" meaning "each", and a person's former post, recall no past honour
    (
        "Sau khi xem xét hồ sơ của từng cá nhân, Hội đồng thống nhất đề nghị Bộ trưởng tặng "
        "Bằng khen cho 7 cá nhân.",
        [("Bằng khen", IND, 7, PROPOSED, "Bộ trưởng", None)],
    ),
    # Several named people in one clause, each with a title: one fact per person
    (
        "Tại buổi lễ, dược sĩ chuyên khoa I Hoàng Thị Lan, Trưởng khoa Dược và bác sĩ chuyên khoa "
        "II Nông Văn Khải, Giám đốc Trung tâm Y tế huyện vinh dự được Chủ tịch nước phong tặng "
        "danh hiệu Thầy thuốc ưu tú.",
        [
            ("Thầy thuốc ưu tú", IND, 1, GIVEN, "Chủ tịch nước", "Hoàng Thị Lan"),
            ("Thầy thuốc ưu tú", IND, 1, GIVEN, "Chủ tịch nước", "Nông Văn Khải"),
        ],
    ),
    (
        "Nhà giáo Đỗ Minh Tâm, Hiệu trưởng Trường THCS Lê Lợi và cô giáo Phan Thị Hạnh được "
        "phong tặng danh hiệu Nhà giáo ưu tú.",
        [
            ("Nhà giáo ưu tú", IND, 1, GIVEN, None, "Đỗ Minh Tâm"),
            ("Nhà giáo ưu tú", IND, 1, GIVEN, None, "Phan Thị Hạnh"),
        ],
    ),
    # A medal named without its class, then each class with its count
    (
        "Dịp này, cán bộ, chiến sĩ Công an huyện được tặng Huy chương Chiến sĩ vẻ vang, cụ thể: "
        "hạng Nhất: 6 đồng chí; hạng Nhì: 11 đồng chí; hạng Ba: 30 đồng chí.",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 6, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 11, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 30, GIVEN, None, None),
        ],
    ),
    # "lần lượt": the classes and the counts pair in order
    (
        "Bộ trưởng Bộ Công an tặng Huy chương Chiến sĩ vẻ vang hạng Nhất, Nhì, Ba lần lượt cho "
        "9, 15 và 42 đồng chí.",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 9, GIVEN, "Bộ trưởng Bộ Công an", None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 15, GIVEN, "Bộ trưởng Bộ Công an", None),
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 42, GIVEN, "Bộ trưởng Bộ Công an", None),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen và Giấy khen lần lượt cho 8 và 20 tập thể.",
        [
            ("Bằng khen", COL, 8, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Giấy khen", COL, 20, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    # A breakdown of an unnamed commendation by level: "N lượt" alone counts commendations
    (
        "Năm qua, toàn ngành có 1.742 lượt tập thể, cá nhân được khen thưởng, trong đó khen thưởng "
        "cấp Nhà nước 21 lượt, khen thưởng của Thủ tướng Chính phủ 15 lượt.",
        [
            ("Khen thưởng", UNS, 1742, GIVEN, None, None),
            ("Khen thưởng", UNS, 21, GIVEN, "cấp Nhà nước", None),
            ("Khen thưởng", UNS, 15, GIVEN, "Thủ tướng Chính phủ", None),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 3 tập thể phục vụ 12.000 lượt khách.",
        [("Bằng khen", COL, 3, GIVEN, "Chủ tịch UBND tỉnh", None)],
    ),
    # A council votes to propose; an elided class keeps the medal and the proposal
    (
        "Các thành viên Hội đồng đã bỏ phiếu, thống nhất đề nghị Chủ tịch nước tặng Huân chương "
        "Lao động hạng Nhì cho 3 tập thể, hạng Ba cho 5 tập thể và 4 cá nhân.",
        [
            ("Huân chương Lao động hạng Nhì", COL, 3, PROPOSED, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", COL, 5, PROPOSED, "Chủ tịch nước", None),
            ("Huân chương Lao động hạng Ba", IND, 4, PROPOSED, "Chủ tịch nước", None),
        ],
    ),
    (
        "Về danh hiệu Chiến sĩ thi đua toàn quốc, Hội đồng đề nghị Thủ tướng Chính phủ xem xét, "
        "tặng cho 2 cá nhân.",
        [("Chiến sĩ thi đua toàn quốc", IND, 2, PROPOSED, "Thủ tướng Chính phủ", None)],
    ),
    (
        "Hội đồng thống nhất trình Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ cho 2 tập "
        "thể và Bằng khen cho 6 tập thể.",
        [
            ("Cờ thi đua", COL, 2, PROPOSED, "Chính phủ", None),
            ("Bằng khen", COL, 6, PROPOSED, "Thủ tướng Chính phủ", None),
        ],
    ),
    # "N tập thể khác" beside a named unit: the unit has its own fact
    (
        "Giám đốc Sở Y tế tặng Giấy khen cho Trạm Y tế xã Hòa Bình và 6 tập thể khác.",
        [
            ("Giấy khen", COL, 1, GIVEN, "Giám đốc Sở Y tế", "Trạm Y tế xã Hòa Bình"),
            ("Giấy khen", COL, 6, GIVEN, "Giám đốc Sở Y tế", None),
        ],
    ),
    (
        "Trung tâm Y tế huyện nhận Cờ thi đua của UBND tỉnh; 5 tập thể khoa, phòng và 8 viên chức "
        "được Giám đốc Sở tặng Giấy khen vì đã phối hợp tốt với 14 trạm y tế xã.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Trung tâm Y tế huyện"),
            ("Giấy khen", COL, 5, GIVEN, "Giám đốc Sở", None),
            ("Giấy khen", IND, 8, GIVEN, "Giám đốc Sở", None),
        ],
    ),
    # A proposal naming several awards keeps each count with its own award; a count inside the
    # named recipient's description is none
    (
        "UBND tỉnh đã trình Thủ tướng Chính phủ tặng Bằng khen cho 4 tập thể, 6 cá nhân và đề nghị "
        "Chủ tịch nước tặng Huân chương Dũng cảm cho anh Lò Văn Thắm, 29 tuổi, ở xã Mường Chiên, "
        "người đã cứu sống 2 người bị nước cuốn.",
        [
            ("Bằng khen", COL, 4, PROPOSED, "Thủ tướng Chính phủ", None),
            ("Bằng khen", IND, 6, PROPOSED, "Thủ tướng Chính phủ", None),
            ("Huân chương Dũng cảm", IND, 1, PROPOSED, "Chủ tịch nước", "Lò Văn Thắm"),
        ],
    ),
    # A running tally since a date is cumulative; a count after "từ" (from) is an origin
    (
        "Từ ngày 1/7/2025 đến nay, Sở Nội vụ đã trình Chủ tịch UBND tỉnh tặng Bằng khen cho "
        "142 tập thể.",
        [],
    ),
    (
        "Sở đã tiếp nhận 96 hồ sơ đề nghị khen thưởng chuyển từ hai địa phương cũ.",
        [],
    ),
    # Several conferrers joined by commas stay one string
    (
        "Trước đó, UBND các quận, huyện, thị xã đã tặng Giấy khen cho 75 tập thể.",
        [("Giấy khen", COL, 75, GIVEN, "UBND các quận, huyện, thị xã", None)],
    ),
    # "hình thức khen thưởng" names the kind of award, not one given
    (
        "Về hình thức khen thưởng: Huân chương Lao động hạng Ba: 4 tập thể.",
        [("Huân chương Lao động hạng Ba", COL, 4, GIVEN, None, None)],
    ),
    (
        "Trước đó, Ban Thường vụ Huyện ủy đã xét, đề nghị khen thưởng cho 85 cá nhân.",
        [("Khen thưởng", IND, 85, PROPOSED, None, None)],
    ),
    # The same readings with other spacing: a tab or two spaces where the words have one.
    (
        "Công tác thi đua,\tkhen thưởng được quan tâm; UBND huyện tặng Giấy khen cho 7 tập thể.",
        [("Giấy khen", COL, 7, GIVEN, "UBND huyện", None)],
    ),
    (
        "Hội đồng Thi đua -  Khen thưởng huyện đề nghị khen thưởng 9 cá nhân.",
        [("Khen thưởng", IND, 9, PROPOSED, None, None)],
    ),
    # Awards counted themselves, straight after the count or after "danh hiệu"
    (
        "Sở Nội vụ tặng 12 danh hiệu Lao động tiên tiến và 3  Bằng khen.",
        [
            ("Lao động tiên tiến", IND, 12, GIVEN, "Sở Nội vụ", None),
            ("Bằng khen", UNS, 3, GIVEN, "Sở Nội vụ", None),
        ],
    ),
    (
        "UBND tỉnh tặng 4 Bằng khen, 2 Cờ thi đua và Giấy khen cho 15 tập thể.",
        [
            ("Bằng khen", UNS, 4, GIVEN, "UBND tỉnh", None),
            ("Cờ thi đua", UNS, 2, GIVEN, "UBND tỉnh", None),
            ("Giấy khen", COL, 15, GIVEN, "UBND tỉnh", None),
        ],
    ),
    # Running totals "hiện có", "tính cả các đợt trước", "nâng tổng số" are no news
    (
        "Tính cả ba đợt trước, toàn tỉnh hiện có 4 Nghệ nhân nhân dân và 35 Nghệ nhân ưu tú.",
        [],
    ),
    ("Như vậy, huyện Điện Bàn hiện có 212 Bà mẹ Việt Nam anh hùng.", []),
    ("Đợt này nâng tổng số Thầy thuốc ưu tú của ngành Y tế Sóc Trăng lên 48 người.", []),
    ("Với 3 Nhà giáo ưu tú mới, số nhà giáo của tỉnh được phong tặng nâng lên 61 người.", []),
    # ... while the tally of the year is news
    (
        "Năm 2024, toàn tỉnh có 36 cá nhân được công nhận danh hiệu Chiến sĩ thi đua cấp tỉnh.",
        [("Chiến sĩ thi đua cấp bộ, ngành, tỉnh", IND, 36, GIVEN, None, None)],
    ),
    # A year in a person's life story told beside the name dates no honour
    (
        "Dịp này, liệt sĩ Y Kông, nguyên Xã đội trưởng xã Đắk Rơ, hy sinh năm 1968, được truy tặng "
        "danh hiệu Anh hùng Lực lượng vũ trang nhân dân.",
        [("Anh hùng Lực lượng vũ trang nhân dân", IND, 1, GIVEN, None, "Y Kông")],
    ),
    (
        "Cũng dịp này, mẹ Trần Thị Lài, quê xã Bình Hòa, có hai con hy sinh năm 1970, được truy "
        "tặng danh hiệu Bà mẹ Việt Nam anh hùng.",
        [("Bà mẹ Việt Nam anh hùng", IND, 1, GIVEN, None, "Trần Thị Lài")],
    ),
    (
        "Ông Nguyễn Văn Tư (sinh năm 1950) được Chủ tịch nước tặng Huân chương Lao động hạng Ba.",
        [("Huân chương Lao động hạng Ba", IND, 1, GIVEN, "Chủ tịch nước", "Nguyễn Văn Tư")],
    ),
    (
        "Đồng chí Hà Văn Sáu, Chi bộ thôn 2, vào Đảng năm 1954, nhận Huy hiệu 70 năm tuổi Đảng.",
        [("Huy hiệu Đảng", IND, 1, GIVEN, None, "Hà Văn Sáu")],
    ),
    # ... while the year of the award still makes it a past honour
    ("Năm 1998, ông Nguyễn Văn Tư được tặng Huân chương Lao động hạng Ba.", []),
    ("Bà Lan, sinh năm 1951, được tặng Huân chương Lao động hạng Ba năm 1999.", []),
    # A title only units (or only people) hold says who its count is
    (
        "Chủ tịch UBND huyện công nhận danh hiệu Tập thể lao động tiên tiến cho 28 tập thể, "
        "cá nhân.",
        [("Tập thể lao động tiên tiến", COL, 28, GIVEN, "Chủ tịch UBND huyện", None)],
    ),
    (
        "Giám đốc Sở tặng danh hiệu Tập thể lao động xuất sắc 7 lượt, Lao động tiên tiến 120 lượt.",
        [
            ("Tập thể lao động xuất sắc", COL, 7, GIVEN, "Giám đốc Sở", None),
            ("Lao động tiên tiến", IND, 120, GIVEN, "Giám đốc Sở", None),
        ],
    ),
    # A clause opening a breakdown counts recipients of the award of the clause before
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 18 tập thể và 40 cá nhân; trong đó 7 tập thể và "
        "12 cá nhân là doanh nghiệp.",
        [
            ("Bằng khen", COL, 18, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", IND, 40, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", COL, 7, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", IND, 12, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    (
        "Giám đốc Sở tặng Giấy khen cho 21 tập thể; riêng khối trường học có 9 tập thể.",
        [
            ("Giấy khen", COL, 21, GIVEN, "Giám đốc Sở", None),
            ("Giấy khen", COL, 9, GIVEN, "Giám đốc Sở", None),
        ],
    ),
    (
        "Hội đồng đề nghị Thủ tướng tặng Bằng khen cho 11 cá nhân; cụ thể: 6 cá nhân ngành Y tế.",
        [
            ("Bằng khen", IND, 11, PROPOSED, "Thủ tướng", None),
            ("Bằng khen", IND, 6, PROPOSED, "Thủ tướng", None),
        ],
    ),
    # ... but a clause with its own verb and no award is no breakdown
    (
        "UBND huyện tặng Giấy khen cho 8 tập thể; 30 hộ dân nhận quà.",
        [("Giấy khen", COL, 8, GIVEN, "UBND huyện", None)],
    ),
    # Party badges by years: "Huy hiệu" left out, years listed, counts before the years
    (
        "Đảng ủy xã trao Huy hiệu 70 năm tuổi Đảng cho 2 đồng chí, 65 năm tuổi Đảng cho 5 đồng "
        "chí; 60 năm: 8 đồng chí; 55 năm có 11 đồng chí.",
        # a list item after a semicolon names no conferrer of its own (as dev annotates)
        [("Huy hiệu Đảng", IND, n, GIVEN, "Đảng ủy xã", None) for n in (2, 5)]
        + [("Huy hiệu Đảng", IND, n, GIVEN, None, None) for n in (8, 11)],
    ),
    (
        "Đồng chí Lê Văn Ba, Chi bộ ấp 3 nhận Huy hiệu 75 năm tuổi Đảng; số còn lại gồm 2 đồng "
        "chí 65 năm tuổi Đảng, 5 đồng chí 55 năm và 12 đồng chí 30 năm tuổi Đảng.",
        [("Huy hiệu Đảng", IND, 1, GIVEN, None, "Lê Văn Ba")]
        + [("Huy hiệu Đảng", IND, n, GIVEN, None, None) for n in (2, 5, 12)],
    ),
    (
        "Huy hiệu 65, 60, 55 và 50 năm tuổi Đảng lần lượt trao cho 3, 4, 7 và 9 đồng chí.",
        [("Huy hiệu Đảng", IND, n, GIVEN, None, None) for n in (3, 4, 7, 9)],
    ),
    (
        "Cũng dịp này, 3 đồng chí nhận Huy hiệu 65 năm, 6 đồng chí nhận Huy hiệu Đảng 40 năm.",
        [("Huy hiệu Đảng", IND, n, GIVEN, None, None) for n in (3, 6)],
    ),
    # A badge of a founding anniversary is no Party badge; a person's Party years are no award
    ("Hội Cựu chiến binh trao Huy hiệu 50 năm thành lập Hội cho 12 hội viên.", []),
    (
        "Đồng chí Trần Văn Hai, 93 tuổi đời, 70 năm tuổi Đảng, được trao Huy hiệu 70 năm tuổi "
        "Đảng.",
        [("Huy hiệu Đảng", IND, 1, GIVEN, None, "Trần Văn Hai")],
    ),
    # Awards listed before "lần lượt" with a comma are no fronted topic
    (
        "Bằng khen, Giấy khen lần lượt trao cho 3 và 4 đồng chí.",
        [("Bằng khen", IND, 3, GIVEN, None, None), ("Giấy khen", IND, 4, GIVEN, None, None)],
    ),
    # An award fronted as the topic goes to the one named after the verb
    (
        "Với danh hiệu Chiến sĩ thi đua toàn quốc, các thành viên nhất trí đề nghị Thủ tướng "
        "Chính phủ xét tặng cho đồng chí Lê Văn Hùng, Giám đốc Sở Tài chính.",
        [
            (
                "Chiến sĩ thi đua toàn quốc",
                IND,
                1,
                PROPOSED,
                "Thủ tướng Chính phủ",
                "Lê Văn Hùng",
            )
        ],
    ),
    (
        "Đối với Huân chương Lao động hạng Ba, Hội đồng đề nghị Chủ tịch nước xem xét tặng cho "
        "Trường THPT Nguyễn Du.",
        [
            (
                "Huân chương Lao động hạng Ba",
                COL,
                1,
                PROPOSED,
                "Chủ tịch nước",
                "Trường THPT Nguyễn Du",
            )
        ],
    ),
    (
        "Về Bằng khen, Chủ tịch UBND tỉnh đã tặng cho ông Phạm Minh Quân, Trưởng thôn Đông.",
        [("Bằng khen", IND, 1, GIVEN, "Chủ tịch UBND tỉnh", "Phạm Minh Quân")],
    ),
    # The giver after the award: "của X được trao cho", "do X trao tặng"
    (
        "Bằng khen của Thủ tướng Chính phủ được trao cho 3 tập thể và 5 cá nhân.",
        [
            ("Bằng khen", COL, 3, GIVEN, "Thủ tướng Chính phủ", None),
            ("Bằng khen", IND, 5, GIVEN, "Thủ tướng Chính phủ", None),
        ],
    ),
    (
        "Cờ thi đua của UBND tỉnh Tây Ninh được trao cho Trường THPT Lê Lợi.",
        [("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh Tây Ninh", "Trường THPT Lê Lợi")],
    ),
    (
        "Bằng khen do Chủ tịch UBND tỉnh trao tặng cho 5 tập thể, 9 cá nhân.",
        [
            ("Bằng khen", COL, 5, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", IND, 9, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    (
        "12 cá nhân nhận Bằng khen do Bộ trưởng Bộ Công an trao tặng.",
        [("Bằng khen", IND, 12, GIVEN, "Bộ trưởng Bộ Công an", None)],
    ),
    # ... "do" before a reason is no giver
    (
        "Xã Tân Phú nhận Bằng khen do có thành tích trong xây dựng nông thôn mới.",
        [("Bằng khen", COL, 1, GIVEN, None, "Xã Tân Phú")],
    ),
    # Units joined by "và" are one recipient each; a unit's own "và" stays
    (
        "Trường THPT Lê Lợi và Trường THCS Kim Đồng được tặng Cờ thi đua của UBND tỉnh.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Trường THPT Lê Lợi"),
            ("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Trường THCS Kim Đồng"),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Cờ thi đua cho Công an huyện Đức Trọng và Trường THPT Bảo Lộc.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Công an huyện Đức Trọng"),
            ("Cờ thi đua", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Trường THPT Bảo Lộc"),
        ],
    ),
    (
        "Sở Giáo dục và Đào tạo đón nhận Cờ thi đua của Chính phủ.",
        [("Cờ thi đua", COL, 1, GIVEN, "Chính phủ", "Sở Giáo dục và Đào tạo")],
    ),
    # "lần lượt" before the awards it pairs
    (
        "Lãnh đạo tỉnh lần lượt trao Bằng khen và Giấy khen cho 6 và 14 tập thể.",
        [("Bằng khen", COL, 6, GIVEN, None, None), ("Giấy khen", COL, 14, GIVEN, None, None)],
    ),
    # Bodies listed with commas before one verb give together
    (
        "Ủy ban MTTQ tỉnh, LĐLĐ tỉnh, Tỉnh đoàn tặng Bằng khen cho 20 cá nhân.",
        [("Bằng khen", IND, 20, GIVEN, "Ủy ban MTTQ tỉnh, LĐLĐ tỉnh, Tỉnh đoàn", None)],
    ),
    (
        "Dịp này, UBND tỉnh, Bộ Chỉ huy Quân sự tỉnh tặng Bằng khen cho 8 tập thể.",
        [("Bằng khen", COL, 8, GIVEN, "UBND tỉnh, Bộ Chỉ huy Quân sự tỉnh", None)],
    ),
    # ... not an opening phrase or the person handing over
    (
        "Tại hội nghị, Giám đốc Sở Nội vụ tặng Giấy khen cho 8 tập thể.",
        [("Giấy khen", COL, 8, GIVEN, "Giám đốc Sở Nội vụ", None)],
    ),
    (
        "Ông Đặng Văn Tâm, Bí thư Huyện ủy tặng Giấy khen cho 3 chi bộ.",
        [("Giấy khen", COL, 3, GIVEN, "Bí thư Huyện ủy", None)],
    ),
    # Unions, alliances and utilities named as receiving units
    (
        "Cũng tại buổi lễ, Công đoàn Công ty đón nhận Cờ thi đua của Tổng Liên đoàn Lao động "
        "Việt Nam.",
        [("Cờ thi đua", COL, 1, GIVEN, "Tổng Liên đoàn Lao động Việt Nam", "Công đoàn Công ty")],
    ),
    (
        "Chi đoàn Bệnh viện Sản Nhi vinh dự nhận Bằng khen của Trung ương Đoàn.",
        [("Bằng khen", COL, 1, GIVEN, "Trung ương Đoàn", "Chi đoàn Bệnh viện Sản Nhi")],
    ),
    (
        "Điện lực Châu Thành được Tổng công ty Điện lực miền Nam tặng Cờ thi đua.",
        [("Cờ thi đua", COL, 1, GIVEN, "Tổng công ty Điện lực miền Nam", "Điện lực Châu Thành")],
    ),
    (
        "Liên minh Hợp tác xã tỉnh Trà Vinh đón nhận Huân chương Lao động hạng Ba.",
        [
            (
                "Huân chương Lao động hạng Ba",
                COL,
                1,
                GIVEN,
                None,
                "Liên minh Hợp tác xã tỉnh Trà Vinh",
            )
        ],
    ),
    # Units and people counted by nouns of their own: a unit's sections, agencies' boards,
    # "hòa giải viên"; a meeting counted before an award is no recipient
    (
        "Giám đốc Sở tặng Giấy khen cho 5 tổ chuyên môn và 8 giáo viên.",
        [
            ("Giấy khen", COL, 5, GIVEN, "Giám đốc Sở", None),
            ("Giấy khen", IND, 8, GIVEN, "Giám đốc Sở", None),
        ],
    ),
    (
        "Chủ tịch UBND huyện tặng Giấy khen cho 4 ban, ngành, 3 chi hội và 10 hội viên.",
        [
            ("Giấy khen", COL, 4, GIVEN, "Chủ tịch UBND huyện", None),
            ("Giấy khen", COL, 3, GIVEN, "Chủ tịch UBND huyện", None),
            ("Giấy khen", IND, 10, GIVEN, "Chủ tịch UBND huyện", None),
        ],
    ),
    (
        "Giám đốc Công an tỉnh tặng Giấy khen cho 7 đội, 4 công an xã và 10 cán bộ, chiến sĩ.",
        [
            ("Giấy khen", COL, 7, GIVEN, "Giám đốc Công an tỉnh", None),
            ("Giấy khen", COL, 4, GIVEN, "Giám đốc Công an tỉnh", None),
            ("Giấy khen", IND, 10, GIVEN, "Giám đốc Công an tỉnh", None),
        ],
    ),
    (
        "Giám đốc công ty tặng Giấy khen cho 12 tổ sản xuất và 1.870 lao động.",
        [
            ("Giấy khen", COL, 12, GIVEN, "Giám đốc công ty", None),
            ("Giấy khen", IND, 1870, GIVEN, "Giám đốc công ty", None),
        ],
    ),
    (
        "Chủ tịch UBND huyện tặng Giấy khen cho 6 hòa giải viên và 2 tổ hòa giải.",
        [
            ("Giấy khen", IND, 6, GIVEN, "Chủ tịch UBND huyện", None),
            ("Giấy khen", COL, 2, GIVEN, "Chủ tịch UBND huyện", None),
        ],
    ),
    (
        "Sở đã tổ chức 3 hội nghị chuyên đề; Chủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể.",
        [("Bằng khen", COL, 4, GIVEN, "Chủ tịch UBND tỉnh", None)],
    ),
    # A bare "danh hiệu" before another word heads a title of its own (outside the vocabulary,
    # or "danh hiệu thi đua" in general): it stands for no title named before it
    (
        "Hội đồng nhất trí đề nghị Thủ tướng Chính phủ xét tặng danh hiệu Chiến sĩ thi đua toàn "
        "quốc cho 2 cá nhân; đề nghị UBND tỉnh tặng danh hiệu Tập thể tiêu biểu cho 1 tập thể.",
        [("Chiến sĩ thi đua toàn quốc", IND, 2, PROPOSED, "Thủ tướng Chính phủ", None)],
    ),
    (
        "Hội đồng đề nghị Thủ tướng Chính phủ xét tặng danh hiệu Chiến sĩ thi đua toàn quốc cho "
        "2 cá nhân và danh hiệu Lá cờ đầu cho 1 đơn vị.",
        [("Chiến sĩ thi đua toàn quốc", IND, 2, PROPOSED, "Thủ tướng Chính phủ", None)],
    ),
    (
        "Hội đồng đề nghị Thủ tướng Chính phủ xét tặng danh hiệu Chiến sĩ thi đua toàn quốc cho "
        "đồng chí Nguyễn Văn An; đề nghị Bộ Công an tặng danh hiệu thi đua cho 1 tập thể.",
        [
            (
                "Chiến sĩ thi đua toàn quốc",
                IND,
                1,
                PROPOSED,
                "Thủ tướng Chính phủ",
                "Nguyễn Văn An",
            )
        ],
    ),
    (
        "Chủ tịch nước phong tặng danh hiệu Bà mẹ Việt Nam anh hùng; danh hiệu cho 4 mẹ còn sống.",
        [("Bà mẹ Việt Nam anh hùng", IND, 4, GIVEN, "Chủ tịch nước", None)],
    ),
    # Classes after a verb or a breakdown's opener, and classes counted by a bare number after
    # them: the number counts the people (or units) counted before it
    (
        "Cũng tại buổi lễ, 12 sĩ quan nhận Huy chương Chiến sĩ vẻ vang hạng Nhất; 9 người nhận "
        "hạng Nhì và 15 người nhận hạng Ba.",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 12, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 9, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 15, GIVEN, None, None),
        ],
    ),
    (
        "Có 14 đồng chí được nhận Huy chương Chiến sĩ vẻ vang hạng Ba, 6 đồng chí nhận hạng Nhì.",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 14, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 6, GIVEN, None, None),
        ],
    ),
    (
        "Dịp này, 30 cán bộ, chiến sĩ được tặng Huy chương Chiến sĩ vẻ vang, trong đó hạng Nhất 6, "
        "hạng Nhì 9, hạng Ba 15.",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 6, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 9, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 15, GIVEN, None, None),
        ],
    ),
    (
        "Bộ Quốc phòng tặng Huy chương Chiến sĩ vẻ vang cho 25 quân nhân, gồm: hạng Nhất 3, "
        "hạng Nhì 10 và hạng Ba 12.",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 3, GIVEN, "Bộ Quốc phòng", None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 10, GIVEN, "Bộ Quốc phòng", None),
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 12, GIVEN, "Bộ Quốc phòng", None),
        ],
    ),
    (
        "Huy chương Chiến sĩ vẻ vang được trao cho 40 quân nhân (hạng Nhất: 5; hạng Nhì: 15; "
        "hạng Ba: 20).",
        [
            ("Huy chương Chiến sĩ vẻ vang hạng Nhất", IND, 5, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Nhì", IND, 15, GIVEN, None, None),
            ("Huy chương Chiến sĩ vẻ vang hạng Ba", IND, 20, GIVEN, None, None),
        ],
    ),
    # A year after an award is no count
    ("Đơn vị được tặng Cờ thi đua 2023, Bằng khen 2024.", []),
    # A named unit or person joined to a counted group by "và" or "cùng" is one fact of its own
    (
        "Đồn Biên phòng Hoa Lư cùng 3 cá nhân nhận Bằng khen của Tư lệnh BĐBP.",
        [
            ("Bằng khen", IND, 3, GIVEN, "Tư lệnh BĐBP", None),
            ("Bằng khen", COL, 1, GIVEN, "Tư lệnh BĐBP", "Đồn Biên phòng Hoa Lư"),
        ],
    ),
    (
        "Dịp này, Công ty Điện lực Bình Phước và 5 cá nhân được Bộ Công Thương tặng Bằng khen.",
        [
            ("Bằng khen", IND, 5, GIVEN, "Bộ Công Thương", None),
            ("Bằng khen", COL, 1, GIVEN, "Bộ Công Thương", "Công ty Điện lực Bình Phước"),
        ],
    ),
    (
        "Dịp này, ông Nguyễn Văn Tư và 5 hội viên được Trung ương Hội tặng Bằng khen.",
        [
            ("Bằng khen", IND, 5, GIVEN, "Trung ương Hội", None),
            ("Bằng khen", IND, 1, GIVEN, "Trung ương Hội", "Nguyễn Văn Tư"),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho Trường THPT Chu Văn An cùng sáu cá nhân.",
        [
            ("Bằng khen", IND, 6, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Trường THPT Chu Văn An"),
        ],
    ),
    # Awards listed after one verb share the named recipient; a name after "cho" ends before
    # the next award
    (
        "Đồn Biên phòng Cà Ròn được Bộ Tư lệnh BĐBP tặng Cờ thi đua vì dẫn đầu phong trào thi "
        "đua năm 2024 và Bằng khen vì thành tích trong đấu tranh phòng, chống ma túy.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "Bộ Tư lệnh BĐBP", "Đồn Biên phòng Cà Ròn"),
            ("Bằng khen", COL, 1, GIVEN, "Bộ Tư lệnh BĐBP", "Đồn Biên phòng Cà Ròn"),
        ],
    ),
    (
        "Trường THPT Lê Lợi vinh dự đón nhận Huân chương Lao động hạng Nhì, Cờ thi đua của "
        "Chính phủ.",
        [
            ("Huân chương Lao động hạng Nhì", COL, 1, GIVEN, None, "Trường THPT Lê Lợi"),
            ("Cờ thi đua", COL, 1, GIVEN, "Chính phủ", "Trường THPT Lê Lợi"),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Cờ thi đua cho Sở Tư pháp và Bằng khen cho 5 cá nhân.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Sở Tư pháp"),
            ("Bằng khen", IND, 5, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    # A medal pinned on a unit's flag goes to the unit
    (
        "Thừa ủy quyền của Chủ tịch nước, đồng chí Bí thư Tỉnh ủy đã gắn Huân chương Độc lập hạng "
        "Ba lên lá cờ truyền thống của Thanh tra tỉnh.",
        [
            (
                "Huân chương Độc lập hạng Ba",
                COL,
                1,
                GIVEN,
                "Chủ tịch nước",
                "Thanh tra tỉnh",
            )
        ],
    ),
    (
        "Bộ trưởng Bộ Y tế gắn Huân chương Lao động hạng Nhì vào lá cờ truyền thống của Sở Y tế.",
        [("Huân chương Lao động hạng Nhì", COL, 1, GIVEN, "Bộ trưởng Bộ Y tế", "Sở Y tế")],
    ),
    # A count opening its clause is the subject of the passive verb after it, however long and
    # comma-broken its description
    (
        "Nhân dịp này, 26 tập thể, cá nhân tiêu biểu trong sắp xếp bộ máy, vận hành chính quyền "
        "hai cấp được Chủ tịch UBND tỉnh tặng Bằng khen; Sở Nội vụ được tặng Cờ thi đua.",
        [
            ("Bằng khen", UNS, 26, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Cờ thi đua", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Sở Nội vụ"),
        ],
    ),
    (
        "Dịp này, 12 tập thể, 30 cá nhân có thành tích xuất sắc trong phong trào thi đua, phòng "
        "chống dịch được Chủ tịch UBND tỉnh tặng Bằng khen.",
        [
            ("Bằng khen", COL, 12, GIVEN, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", IND, 30, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    (
        "Đã có 9 cá nhân tiêu biểu, xuất sắc được Chủ tịch UBND huyện tặng Giấy khen.",
        [("Giấy khen", IND, 9, GIVEN, "Chủ tịch UBND huyện", None)],
    ),
    # A clause opening with its verb after discourse words, or with no verb at all, keeps the
    # giver of the clause before ("Giấy khen" holds "khen" but is no verb)
    (
        "Tổng Giám đốc công ty công nhận 27 cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở; đồng "
        "thời tặng Giấy khen cho 12 tập thể.",
        [
            ("Chiến sĩ thi đua cơ sở", IND, 27, GIVEN, "Tổng Giám đốc công ty", None),
            ("Giấy khen", COL, 12, GIVEN, "Tổng Giám đốc công ty", None),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Cờ thi đua của Chính phủ cho 3 tập thể; Bằng khen cho 12 cá nhân.",
        [
            ("Cờ thi đua", COL, 3, GIVEN, "Chính phủ", None),
            ("Bằng khen", IND, 12, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    (
        "Hội đồng đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua cho 3 đơn vị; đồng thời, đề nghị tặng "
        "Bằng khen cho 12 tập thể.",
        [
            ("Cờ thi đua", COL, 3, PROPOSED, "Chủ tịch UBND tỉnh", None),
            ("Bằng khen", COL, 12, PROPOSED, "Chủ tịch UBND tỉnh", None),
        ],
    ),
    # A noun of one kind is not read as a shorter noun of the other ("hội viên" is no "hội")
    (
        "Trung ương Hội tặng Kỷ niệm chương cho 214 cán bộ, hội viên.",
        [("Kỷ niệm chương", IND, 214, GIVEN, "Trung ương Hội", None)],
    ),
    (
        "Thừa ủy quyền của Trưởng ban Dân vận Trung ương, đồng chí Trưởng ban Dân vận Tỉnh ủy đã "
        "trao Kỷ niệm chương “Vì sự nghiệp Dân vận” cho 6 thành viên của Đoàn.",
        [("Kỷ niệm chương", IND, 6, GIVEN, "Trưởng ban Dân vận Trung ương", None)],
    ),
    # Units listed with commas before "và" are one recipient each
    (
        "Sở Nội vụ, Công an tỉnh và UBND phường Quy Nhơn Nam được tặng Cờ thi đua của UBND tỉnh.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Sở Nội vụ"),
            ("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "Công an tỉnh"),
            ("Cờ thi đua", COL, 1, GIVEN, "UBND tỉnh", "UBND phường Quy Nhơn Nam"),
        ],
    ),
    (
        "Nhân dịp này, Sở Tài chính, Sở Xây dựng và Văn phòng UBND tỉnh được tặng Cờ thi đua.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, None, "Sở Tài chính"),
            ("Cờ thi đua", COL, 1, GIVEN, None, "Sở Xây dựng"),
            ("Cờ thi đua", COL, 1, GIVEN, None, "Văn phòng UBND tỉnh"),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho Trường THPT Chu Văn An, Trường THCS Lê Lợi và "
        "Trường Tiểu học Kim Đồng vì có thành tích xuất sắc.",
        [
            ("Bằng khen", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Trường THPT Chu Văn An"),
            ("Bằng khen", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Trường THCS Lê Lợi"),
            ("Bằng khen", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Trường Tiểu học Kim Đồng"),
        ],
    ),
    (
        "Chủ tịch UBND tỉnh tặng Cờ thi đua cho Sở Nội vụ, đơn vị dẫn đầu khối, và Bằng khen cho "
        "5 cá nhân.",
        [
            ("Cờ thi đua", COL, 1, GIVEN, "Chủ tịch UBND tỉnh", "Sở Nội vụ"),
            ("Bằng khen", IND, 5, GIVEN, "Chủ tịch UBND tỉnh", None),
        ],
    ),
]


def _as_tuples(sentence: str) -> list[tuple]:
    return [
        (f.award, f.recipient_kind, f.count, f.status, f.conferrer, f.recipient)
        for f in sentence_awards(sentence, 2024)
    ]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_sentence_awards(sentence: str, expected: list[tuple]) -> None:
    assert sorted(_as_tuples(sentence), key=repr) == sorted(expected, key=repr)


def test_evidence_is_the_sentence() -> None:
    text = "Mở đầu bài.\n\nChủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể. Câu khác."
    [fact] = extract_awards(text, "2024-05-01")
    assert fact.evidence == "Chủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể."


def test_captions_carry_no_facts() -> None:
    text = "Chủ tịch UBND tỉnh trao Bằng khen cho 5 tập thể. Ảnh: Minh Châu"
    assert extract_awards(text, "2024-05-01") == []


def test_every_class_spelling_reaches_the_canonical_name() -> None:
    spellings = dict(award_spellings())
    assert spellings["huan chuong lao dong hang iii"] == "Huân chương Lao động hạng Ba"
    assert spellings["huan chuong doc lap hang 2"] == "Huân chương Độc lập hạng Nhì"
    assert (
        spellings["huy chuong chien si ve vang hang i"] == "Huy chương Chiến sĩ vẻ vang hạng Nhất"
    )
    # Aliases that carry a conferrer are read through "của X" instead.
    assert "co thi dua cua chinh phu" not in spellings


def test_number_words_are_single_words() -> None:
    # A run of number words is read as "a word, then up to four more" (parsers.awards), which
    # finds the runs "up to four words, then one" does only while no number word holds a space.
    words = [*NUMBER_WORD_VALUES, *NUMBER_WORD_UNITS]
    assert words
    assert [w for w in words if len(w.split()) != 1] == []


PAST_AND_PRESENT = [
    "Năm 1998, ông được tặng Huân chương Lao động hạng Ba.",
    "Đến nay, toàn tỉnh có 120 Bà mẹ Việt Nam anh hùng.",
    "Từ năm 2018 đến năm 2023, đơn vị được tặng 5 Bằng khen.",
    "Ông từng giữ chức Bí thư Huyện ủy.",
    "Chủ tịch UBND tỉnh trao Bằng khen cho 12 tập thể.",
    "Hội nghị tổng kết công tác thi đua năm 2024 diễn ra sáng nay.",
    "Lũy kế 5 năm, tỉnh có 300 điển hình tiên tiến",
]


@pytest.mark.parametrize("year", [None, 2010, 2020, 2024, 2025])
def test_past_sentences_reads_all_sentences_at_once_and_misses_none(year: int | None) -> None:
    """past_sentences looks at all sentences at once and must agree with each one read alone."""
    for size in range(1, len(PAST_AND_PRESENT) + 1):
        for start in range(len(PAST_AND_PRESENT) - size + 1):
            group = PAST_AND_PRESENT[start : start + size]
            assert past_sentences(group, year) == [is_past_sentence(s, year) for s in group]
    # "tính" + "từng": the cue "tính từ" spans the two sentences joined; it must not hide the
    # "từng" that opens the second.
    assert past_sentences(["Ông tính", "Từng được tặng Bằng khen."], year) == [False, True]
    assert past_sentences([], year) == []
