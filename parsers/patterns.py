"""Every Vietnamese word list the award parsers use, kept as data in one place.

Phrases are written here with their diacritics, as a reader would; the parsers match most of them on
folded, lower-cased text (see `folded`), so a page that drops a diacritic or writes "Uỷ" for "Ủy"
still matches. Number words are the exception: folded, "sáu" (six) reads as "sau" (after).
"""

import json
import re
from functools import cache
from importlib import resources

from parsers.text import fold


def folded(phrase: str) -> str:
    """The form every phrase is compared in: no diacritics, đ as d, lower case, single spaces."""
    return " ".join(fold(phrase).lower().split())


# --- Award vocabulary ----------------------------------------------------------------------------

# "hạng Nhất/Nhì/Ba" classes are also written with Roman numerals and digits.
CLASS_SPELLINGS = {
    "Nhất": ("Nhất", "I", "1"),
    "Nhì": ("Nhì", "II", "2"),
    "Ba": ("Ba", "III", "3"),
}
# Titles given to a person: "4 Nhà giáo ưu tú" counts four people, not four documents.
INDIVIDUAL_TITLES = (
    "Bà mẹ Việt Nam anh hùng",
    "Nhà giáo nhân dân",
    "Nhà giáo ưu tú",
    "Thầy thuốc nhân dân",
    "Thầy thuốc ưu tú",
    "Nghệ sĩ nhân dân",
    "Nghệ sĩ ưu tú",
    "Nghệ nhân nhân dân",
    "Nghệ nhân ưu tú",
    "Chiến sĩ thi đua toàn quốc",
    "Chiến sĩ thi đua cấp bộ, ngành, tỉnh",
    "Chiến sĩ thi đua cơ sở",
    "Lao động tiên tiến",
    "Chiến sĩ tiên tiến",
)
# Titles given to a unit: "9 Đơn vị quyết thắng" counts nine units.
COLLECTIVE_TITLES = (
    "Tập thể lao động xuất sắc",
    "Tập thể lao động tiên tiến",
    "Đơn vị quyết thắng",
    "Đơn vị tiên tiến",
)
# Awards called "danh hiệu": a bare "danh hiệu" later in the sentence stands for the last of them.
TITLES = frozenset(
    INDIVIDUAL_TITLES
    + COLLECTIVE_TITLES
    + ("Anh hùng Lực lượng vũ trang nhân dân", "Anh hùng Lao động")
)
# Extra spellings seen in the news beyond the vocabulary file's aliases. Aliases that carry a
# conferrer ("Cờ thi đua của Chính phủ") are left out: "của X" is read as the conferrer instead.
EXTRA_ALIASES = {
    "Chiến sĩ thi đua cấp bộ, ngành, tỉnh": (
        "Chiến sĩ thi đua cấp Bộ",
        "Chiến sĩ thi đua cấp ngành",
    ),
    "Anh hùng Lực lượng vũ trang nhân dân": ("Anh hùng LLVT nhân dân", "Anh hùng LLVTND"),
    "Cờ thi đua": ("Cờ thi đua xuất sắc", "Cờ thi đua cấp tỉnh"),
    "Kỷ niệm chương": ("Kỉ niệm chương",),
    "Giấy khen": ("giấy khen",),
}
# A class standing for the award named just before it: "hạng Nhất cho 1 tập thể, hạng Nhì cho 3"
# (after a comma, a colon, "và" or a clause start, so "được xếp hạng I" is no award).
# Also after a giving or receiving verb and a breakdown's opener: "9 người nhận hạng Nhì", "trong
# đó hạng Nhất 6", "(hạng Nhất: 5; ...)".
CLASS_PHRASE = r"hang\s+(nhat|nhi|ba|iii|ii|i|1|2|3)"
ELLIPTIC_CLASS = re.compile(
    r"(?:^|,|;|:|\(|(?<!\w)(?:va|nhan|tang|trao|duoc|gom|trong do|cu the))"
    r"\s*(" + CLASS_PHRASE + r")(?!\w)"
)
# After a class, the other classes of the same medal with "hạng" left out: "hạng Nhất, Nhì, Ba
# lần lượt cho ...". Only before a list mark or "cho", so "hạng Nhì và ba cá nhân" counts three.
BARE_CLASS = re.compile(
    r"\s*(?:,|va)\s*(nhat|nhi|ba|iii|ii|i)(?=\s*(?:,|;|:|va\s|lan luot|cho\s|$))"
)
# "lần lượt" (respectively): the awards listed before it take the counts after it in order.
RESPECTIVELY = "lần lượt"
# "Huy hiệu 30 năm tuổi Đảng" and any other anniversary, also written "Huy hiệu 65 năm" or
# "Huy hiệu Đảng 70 năm"; "Huy hiệu 50 năm thành lập Hội" celebrates an anniversary instead.
PARTY_BADGE = re.compile(
    r"huy hieu (?:dang )?\d{2} nam(?: tuoi dang)?(?!\w)(?! (?:thanh lap|ngay|truyen thong))"
)
PARTY_BADGE_AWARD = "Huy hiệu Đảng"
# Several years sharing one "năm": "Huy hiệu 65, 60 và 55 năm tuổi Đảng lần lượt cho 3, 4 và 7
# đồng chí" names one badge per year.
PARTY_BADGE_YEARS = re.compile(r"huy hieu (?:dang )?(\d{2}(?:\s*(?:,|va|,\s*va)\s*\d{2})+) nam")
BADGE_YEAR = re.compile(r"\d{2}")
# After a Party badge, its other years with "Huy hiệu" left out, as list items: "Huy hiệu 70 năm
# tuổi Đảng cho 3 đồng chí, 65 năm tuổi Đảng cho 4 đồng chí; 60 năm: 7 đồng chí".
# Also after a count of people: "số còn lại gồm 3 đồng chí 60 năm tuổi Đảng, 4 đồng chí 50 năm".
ELLIPTIC_BADGE = re.compile(
    r"(?:^|,|;|:|(?<!\w)va|(?<!\w)(?:dong chi|dang vien|nguoi))\s*(\d{2} nam(?: tuoi dang)?)"
    r"(?=\s*(?::|,|\.|$|(?:cho|co|gom|va)\s))"
)
# The unnamed form: "được khen thưởng", "khen thưởng cấp Nhà nước".
GENERIC_AWARD = "Khen thưởng"
GENERIC_AWARD_WORD = "khen thưởng"
# Where "khen thưởng" names the field of work, not an award given: "công tác thi đua, khen thưởng",
# "Hội đồng Thi đua - Khen thưởng", "Luật Thi đua, khen thưởng".
# "hình thức khen thưởng" (forms of award) names the kind of award, not one given.
GENERIC_AWARD_NOT_AFTER = (
    "thi đua",
    "thi đua -",
    "thi đua,",
    "công tác",
    "biểu dương,",
    "xét",
    "hình thức",
)
GENERIC_AWARD_NOT_BEFORE = ("cuối năm", "kịp thời", "như sau")
# A bare "danh hiệu" stands for the title named before it ("... Bà mẹ Việt Nam anh hùng; danh hiệu
# cho 14 mẹ") only before a list mark or one of these words: before any other word it heads a
# name of its own ("danh hiệu thi đua", "danh hiệu Lá cờ đầu", a title outside the vocabulary).
TITLE_ANAPHOR_FOLLOWERS = (
    "cho",
    "tặng",
    "trao",
    "được",
    "và",
    "của",
    "cũng",
    "đã",
    "lần lượt",
    "đều",
)
# Beside the award names, the words every other award mention starts with: the unnamed form and
# "Huy hiệu 30 năm tuổi Đảng". A sentence with none of them names no award.
AWARD_TRIGGER_WORDS = (GENERIC_AWARD_WORD, "huy hiệu")


@cache
def award_vocabulary() -> dict:
    """The canonical award names and aliases of the Law on Emulation and Commendation 2022."""
    path = resources.files("parsers") / "data" / "award_vocabulary.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def award_spellings() -> tuple[tuple[str, str], ...]:
    """(folded spelling, canonical name) pairs, longest first: "hạng Nhất" before a shorter name."""
    vocabulary = award_vocabulary()
    names = vocabulary["commendation_forms"] + vocabulary["emulation_titles"]
    pairs: dict[str, str] = {}
    for name in names:
        if name == GENERIC_AWARD:  # found by its own rule, which skips "công tác khen thưởng"
            continue
        pairs[folded(name)] = name
        for written, spellings in CLASS_SPELLINGS.items():
            suffix = f" hạng {written}"
            if name.endswith(suffix):
                for spelling in spellings:
                    pairs[folded(name[: -len(suffix)] + f" hạng {spelling}")] = name
    aliases = dict(vocabulary["aliases"])
    for name, extra in EXTRA_ALIASES.items():
        aliases[name] = [*aliases.get(name, []), *extra]
    for name, spellings in aliases.items():
        if name == GENERIC_AWARD:
            continue
        for spelling in spellings:
            if " của " not in spelling:
                pairs[folded(spelling)] = name
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


# --- Numbers -------------------------------------------------------------------------------------

NUMBER_WORD_VALUES = {
    "không": 0,
    "linh": 0,
    "lẻ": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
NUMBER_WORD_UNITS = {"mười": 10, "mươi": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000}
# Amounts too vague to count: "nhiều tập thể", "hàng trăm cá nhân".
VAGUE_AMOUNTS = ("nhiều", "hàng trăm", "hàng nghìn", "hàng chục", "các", "những", "một số")
# Words that make the number after them approximate: "hàng trăm", "vài chục", "gần 100".
VAGUE_BEFORE_NUMBER = ("hàng", "vài", "mấy", "dăm")
# A number after "từ" (from) is an origin: "hồ sơ chuyển từ ba địa phương" counts no recipient.
ORIGIN_BEFORE_NUMBER = ("từ",)

# --- Who receives --------------------------------------------------------------------------------

# Nouns that follow a count of recipients. Longest first matters: "công đoàn cơ sở" before "công".
COLLECTIVE_NOUNS = (
    "tập thể",
    "đơn vị",
    "cơ quan",
    "tổ chức",
    "trường",
    "trường học",
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "địa phương",
    "doanh nghiệp",
    "công ty",
    "phân xưởng",
    "công đoàn cơ sở",
    "chi bộ",
    "đảng bộ",
    "chi hội",
    "hợp tác xã",
    "khu dân cư",
    "thôn",
    "bản",
    "khối phố",
    "tổ dân phố",
    "gia đình",
    "hộ gia đình",
    "phòng",
    "khoa",
    "đội",
    "đồn",
    "đại đội",
    "tiểu đoàn",
    "trung đoàn",
    "bệnh viện",
    "trung tâm",
    "cụm thi đua",
    "hộ",
    "khối thi đua",
    "đoàn thể",
    "cơ sở",
    "ấp",
    "buôn",
    "xóm",
    "chi đoàn",
    "lớp",
    # units inside agencies, companies and the forces: "5 tổ chuyên môn", "4 ban, ngành"
    "tổ",
    "tổ sản xuất",
    "tổ hợp tác",
    "hội",
    "hội cơ sở",
    "ban",
    "ngành",
    "bộ phận",
    "chi nhánh",
    "nhà máy",
    "xí nghiệp",
    "trạm",
    "trạm y tế",
    "làng",
    "khu phố",
    "liên đội",
    "câu lạc bộ",
    "nhóm",
    "công an xã",
    "công an phường",
    "công an huyện",
    "tiểu đội",
    "trung đội",
    "hải đội",
    "lữ đoàn",
    "sư đoàn",
    "quận",
    "thị xã",
    "thành phố",
)
INDIVIDUAL_NOUNS = (
    "cá nhân",
    "người",
    "đồng chí",
    "ông",
    "bà",
    "mẹ",
    "cán bộ",
    "công chức",
    "viên chức",
    "người lao động",
    "công nhân",
    "đảng viên",
    "đoàn viên",
    "hội viên",
    "nhà giáo",
    "giáo viên",
    "học sinh",
    "sinh viên",
    "bác sĩ",
    "y bác sĩ",
    "nghệ sĩ",
    "nghệ nhân",
    "chiến sĩ",
    "cán bộ, chiến sĩ",
    "nhân viên",
    "y, bác sĩ",
    "y sĩ",
    "dược sĩ",
    "điều dưỡng",
    "thầy cô giáo",
    "kỹ sư",
    "liệt sĩ",
    "bà mẹ",
    "thương binh",
    "tình nguyện viên",
    "đội viên",
    "người dân",
    "em",
    "học viên",
    "thầy cô",
    "thầy cô giáo",
    "giảng viên",
    "phóng viên",
    "doanh nhân",
    "người có uy tín",
    "già làng",
    "quân nhân",
    "sĩ quan",
    "cựu chiến binh",
    "thanh niên",
    "nông dân",
    "điển hình",
    "gương",
    # "1.870 lao động", "12 công an viên", "8 hòa giải viên", "5 nhà khoa học"
    "lao động",
    "công an viên",
    "dân quân",
    "hạ sĩ quan",
    "binh sĩ",
    "trí thức",
    "nhà khoa học",
    "văn nghệ sĩ",
    "tác giả",
    "nhà báo",
    "biên tập viên",
    "thẩm phán",
    "kiểm sát viên",
    "luật sư",
    "hòa giải viên",
    "cộng tác viên",
    "tuyên truyền viên",
    "báo cáo viên",
    "kiểm lâm viên",
    "y tá",
    "nữ",
    "phụ nữ",
    "cô giáo",
    "thầy giáo",
    "người cao tuổi",
    "thanh niên xung phong",
    # a delegation's members: "cho 6 thành viên của Đoàn", "6 vị lãnh đạo"
    "thành viên",
    "lãnh đạo",
    "vị",
)
# Counted things that are never recipients, even beside an award ("38 lượt đoàn", "29 sự kiện").
NON_AWARD_COUNT_NOUNS = (
    "văn bản",
    "sự kiện",
    "đoàn",
    "lượt đoàn",
    "vụ án",
    "vụ",
    "việc",
    "đối tượng",
    "dự án",
    "công trình",
    "phiên tòa",
    "sáng kiến",
    "mô hình",
    "suất quà",
    "suất",
    "phần quà",
    "triệu đồng",
    "tỷ đồng",
    "đồng",
    "năm",
    "tháng",
    "ngày",
    "giải",
    "người nghiện",
    "người tử vong",
    "người bị thương",
    # meetings and courses begin with a unit's word: "3 hội nghị", "2 lớp tập huấn"
    "hội nghị",
    "hội thảo",
    "hội thi",
    "hội diễn",
    "hội chợ",
    "lớp tập huấn",
    "lớp bồi dưỡng",
    "buổi",
)
# "lượt tập thể": a count of commendations rather than of units, still a count (GUIDELINES).
# "khen thưởng cấp Nhà nước 64 lượt": "lượt" alone before a list mark counts commendations.
TIMES_WORD = "lượt"
# People are named after a title or role, which `recipient` leaves out ("Đại tá Lường Văn Hiếu").
HONORIFICS = (
    "ông",
    "bà",
    "anh",
    "chị",
    "em",
    "cô giáo",
    "thầy giáo",
    "cô",
    "thầy",
    "mẹ",
    "cụ",
    "đồng chí",
    "nhà giáo",
    "bác sĩ",
    "BS",
    "dược sĩ",
    "điều dưỡng",
    "kỹ sư",
    "nhà báo",
    "nghệ sĩ",
    "nghệ nhân",
    "liệt sĩ",
    "GS",
    "PGS",
    "TS",
    "ThS",
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đại úy",
    "Thượng úy",
    "Trung úy",
    "Thiếu úy",
    "Đại uý",
    "Thượng uý",
    "Trung uý",
    "Thiếu uý",
)
# First words of a named unit: "Trường THPT Trần Phú", "Công an tỉnh", "Đồn Biên phòng ...".
COLLECTIVE_NAME_HEADS = (
    "trường",
    "công ty",
    "tổng công ty",
    "xí nghiệp",
    "kho bạc",
    "cảng",
    "chi nhánh",
    "viện",
    "học viện",
    "văn phòng",
    "tổng cục",
    "hải quan",
    "đảng ủy",
    "đảng uỷ",
    "tỉnh ủy",
    "huyện ủy",
    "thành ủy",
    "tỉnh đoàn",
    "huyện đoàn",
    "mặt trận",
    "khối",
    "cụm",
    "tổ",
    "nhóm",
    "câu lạc bộ",
    "clb",
    "tập đoàn",
    "ngân hàng",
    "đồn",
    "phân xưởng",
    "công an",
    "bộ chỉ huy",
    "ban chỉ huy",
    "bch",
    "bộ đội",
    "tand",
    "vksnd",
    "tòa án",
    "viện kiểm sát",
    "ubnd",
    "hđnd",
    "ủy ban",
    "uỷ ban",
    "sở",
    "ban",
    "phòng",
    "hội",
    "liên đoàn",
    "lđlđ",
    "đoàn",
    "chi cục",
    "cục",
    "trung tâm",
    "bệnh viện",
    "nhà máy",
    "hợp tác xã",
    "htx",
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "thị xã",
    "thành phố",
    "tp",
    "đảng bộ",
    "chi bộ",
    "đội",
    "đại đội",
    "tiểu đoàn",
    "trung đoàn",
    "sư đoàn",
    "lữ đoàn",
    "hải đội",
    "trạm",
    "khoa",
    "báo",
    "đài",
    "thư viện",
    "bảo tàng",
    "nhân dân",
    "lực lượng",
    "gia đình",
    "thôn",
    "bản",
    "khu phố",
    # "Công đoàn Công ty", "Liên minh Hợp tác xã tỉnh", "Điện lực Tân Uyên"
    "công đoàn",
    "chi đoàn",
    "chi hội",
    "liên minh",
    "liên hiệp",
    "hiệp hội",
    "doanh nghiệp",
    "điện lực",
    "bưu điện",
    "nông trường",
    "lâm trường",
    "trại giam",
    "nhà văn hóa",
    "ký túc xá",
    # "Thanh tra tỉnh", "Kiểm toán Nhà nước khu vực", "Bảo hiểm xã hội huyện", "Đại học Y"
    "thanh tra",
    "kiểm toán",
    "bảo hiểm xã hội",
    "quỹ",
    "nhà xuất bản",
    "tạp chí",
    "hạt kiểm lâm",
    "vườn quốc gia",
    "ban quản lý",
    "bộ tư lệnh",
    "quân đoàn",
    "binh đoàn",
    "hải đoàn",
    "vùng",
    "đại học",
    "cao đẳng",
)
# After an award, where it goes: "cho X", "tặng X", pinned "lên lá cờ truyền thống của X".
RECIPIENT_OBJECT_CUES = (
    "cho",
    "trao cho",
    "tặng cho",
    "trao tặng cho",
    "tặng",
    "lên lá cờ truyền thống của",
    "lên cờ truyền thống của",
    "vào lá cờ truyền thống của",
    "vào cờ truyền thống của",
    "lên lá cờ của",
    "lên cờ của",
)

# --- Who confers ---------------------------------------------------------------------------------

# Verbs of giving, longest first: "trao tặng" before "trao" and "tặng".
# "gắn Huân chương lên ngực áo" pins the medal on.
GIVING_VERBS = (
    "quyết định tặng",
    "tặng thưởng",
    "trao tặng",
    "truy tặng",
    "phong tặng",
    "trao quyết định phong tặng",
    "tặng",
    "trao",
    "công nhận",
    "khen thưởng",
    "khen",
    "gắn",
)
# Verbs of asking a higher level to give: the award is only proposed.
PROPOSAL_VERBS = ("xét đề nghị", "đề nghị", "đề xuất", "kiến nghị", "trình", "xét, đề nghị")
# Openers of a fronted phrase: a proposal inside one was granted by the verb after the comma.
SUBORDINATE_OPENERS = ("sau khi", "theo", "trên cơ sở", "căn cứ", "thực hiện", "được", "qua")
# Passive and receiving cues: the count or name before them receives.
# "đạt danh hiệu" attains a title ("236 cá nhân đạt danh hiệu Lao động tiên tiến").
RECEIVING_CUES = ("được", "nhận", "đón nhận", "vinh dự nhận", "đạt")
# "công nhận" (recognise) confers; its "nhận" is no receiving.
RECEIVING_NOT_AFTER = ("công",)
# Whoever signs a delegation confers: "Thừa ủy quyền của Chủ tịch nước, lãnh đạo tỉnh trao ...".
DELEGATION_CUES = (
    "thừa ủy quyền của",
    "thừa uỷ quyền của",
    "thừa ủy quyền",
    "thừa uỷ quyền",
    "được sự ủy quyền của",
    "được sự uỷ quyền của",
    "được ủy quyền của",
    "được uỷ quyền của",
)
# A decision named for the whole sentence: "Theo Quyết định của Ban Thường vụ Tỉnh ủy, ...".
DECISION_CUES = ("theo quyết định của", "theo quyết định khen thưởng của", "quyết định của")
# Level phrases standing for the conferrer: "khen thưởng cấp Nhà nước", "được các cấp khen thưởng".
LEVEL_PHRASES = (
    "cấp Nhà nước",
    "các cấp",
    "cấp Bộ",
    "cấp bộ, ngành",
    "cấp tỉnh",
    "cấp huyện",
    "cấp cơ sở",
    "cấp trên",
    "Trung ương",
)
# Words around a subject that are not part of the conferrer's name.
CONFERRER_TRIM_WORDS = (
    "đã",
    "cũng",
    "vừa",
    "sẽ",
    "đồng thời",
    "còn",
    "lại",
    "tiếp tục",
    "và",
    "thì",
    "đại diện",
    "thay mặt",
    "đã quyết định",
    "quyết định",
    "ký quyết định",
    "đã ký",
    "ký",
    "ban hành",
    "ban hành quyết định",
    "vinh dự",
    "xét",
    "xem xét",
)
# Places and sectors listed after a conferrer's head: "UBND các huyện, thị xã, thành phố" is one
# conferrer, its commas no boundary.
CONFERRER_LIST_NOUNS = (
    "quận",
    "huyện",
    "thị xã",
    "thành phố",
    "xã",
    "phường",
    "thị trấn",
    "sở",
    "ban",
    "ngành",
    "đoàn thể",
    "địa phương",
)
# Offices that head a conferrer's name beside the units of COLLECTIVE_NAME_HEADS: conferrers
# listed with commas before one verb ("Ủy ban MTTQ tỉnh, LĐLĐ tỉnh, Tỉnh đoàn tặng ...") stay
# one conferrer when every listed part starts with one of them.
CONFERRER_OFFICE_HEADS = (
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "bộ trưởng",
    "thủ tướng",
    "bộ",
    "tư lệnh",
    "chánh án",
    "viện trưởng",
    "bí thư",
    "hiệu trưởng",
    "thường trực",
    "ban thường vụ",
    "trung ương",
    "tổng liên đoàn",
    "mttq",
    "chính phủ",
)

# Discourse words before a recipient's name: "Riêng Trường THPT X được ...".
RECIPIENT_LEAD_WORDS = (
    "riêng",
    "trong đó",
    "đặc biệt",
    "ngoài ra",
    "đồng thời",
    "bên cạnh đó",
    "cùng với đó",
    "còn",
    "và",
    # "cho tập thể Bệnh viện Đa khoa tỉnh": the unit is named after its kind
    "tập thể",
    "đơn vị",
)
# Words between a recipient and its receiving verb: "X cũng vinh dự được nhận ...".
SUBJECT_TAIL_WORDS = ("vinh dự", "đã", "cũng", "đều", "vừa", "được", "rất", "lần thứ hai")
# Words that may stand before a count opening its clause as the subject: "Đã có 9 cá nhân tiêu
# biểu, xuất sắc được tặng ...", "Toàn huyện có 12 tập thể ... được khen thưởng".
SUBJECT_COUNT_LEAD_WORDS = (
    "đã",
    "có",
    "cũng",
    "còn",
    "với",
    "tổng cộng",
    "tổng số",
    "toàn tỉnh",
    "toàn huyện",
    "toàn xã",
    "toàn ngành",
    "toàn lực lượng",
)
# Holding an event is not giving its awards: "Công an tỉnh tổ chức lễ trao Huân chương ...".
EVENT_HOLDING = (
    "tổ chức lễ",
    "tổ chức hội nghị",
    "tổ chức buổi",
    "tổ chức gặp mặt",
    "tổ chức họp mặt",
    "tổ chức đại hội",
    "tổ chức chương trình",
    "long trọng tổ chức",
)
# Words opening a chunk that is no conferrer: an earlier award's recipient ("cho Xí nghiệp X và
# tặng ..."), a topic ("Về hình thức khen thưởng: ...", "Đối với danh hiệu ...").
NOT_CONFERRER_OPENERS = ("cho", "về", "đối với")
# A subject that hands awards over for someone else is not the conferrer.
HANDING_OVER_SUBJECTS = ("lãnh đạo", "đại diện", "thay mặt", "đồng chí", "ông", "bà", "đại tá")

# Words opening a clause that breaks the award of the clause before down by its own numbers:
# "tặng Bằng khen cho 15 tập thể; trong đó 9 tập thể là doanh nghiệp".
BREAKDOWN_OPENERS = ("trong đó", "trong số đó", "trong số này", "riêng", "gồm", "cụ thể", "bao gồm")

# --- Whether a fact is news ----------------------------------------------------------------------

# Cumulative tallies and past honours ("đến nay có 120 Bà mẹ", "từng được tặng").
PAST_CUES = (
    "từng",
    "đến nay",
    "tính đến",
    "tính từ",
    "trước đây",
    "lũy kế",
    "luỹ kế",
    "qua các thời kỳ",
    # "Tính cả hai đợt trước, toàn tỉnh hiện có 27 Nghệ nhân ưu tú": a running total
    "hiện có",
    "tính cả",
    "đợt trước",
    "nâng tổng số",
    "nâng số",
    "nâng lên",
)
# "từng" is also "each" ("thành tích của từng tập thể"), and before a post or a role it recalls
# the person's career, not an honour: "đồng chí từng giữ cương vị chủ tịch UBND huyện".
PAST_CUE_EACH_OR_ROLE = ("giữ", "là", "làm", "tham gia", "công tác", "đảm nhiệm", "phụ trách")
# "từ đầu năm đến nay" runs over the period under review, so its tally is news; "từ đầu nhiệm kỳ
# đến nay" spans a five-year term, a cumulative tally like any other "đến nay".
CURRENT_PERIOD_STARTS = ("năm", "năm học", "đợt", "quý", "tháng")
# Plans and intentions ("UBND tỉnh sẽ tặng Cờ thi đua cho 5 huyện") report no award yet.
FUTURE_CUES = ("sẽ", "dự kiến", "dự định", "theo kế hoạch")
# What follows these gives the reason for an award, not its date: "vì thành tích từ năm 2018".
REASON_CUES = ("vì", "ghi nhận", "do có thành tích")
# Nor does a year in a person's life story told beside the name: "liệt sĩ A, hy sinh năm 1972,
# được truy tặng ...", "đồng chí B, vào Đảng năm 1954, nhận Huy hiệu 70 năm tuổi Đảng".
BIOGRAPHY_CUES = (
    "hy sinh",
    "sinh năm",
    "sinh ra",
    "nhập ngũ",
    "vào Đảng",
    "kết nạp Đảng",
    "được kết nạp",
    "tham gia cách mạng",
    "thoát ly",
    "qua đời",
    "tốt nghiệp",
)
# A sentence spelling out a contest's results gives prizes, not awards.
CONTEST_CUES = ("giải nhất", "giải nhì", "giải ba", "giải khuyến khích", "hội thi", "cuộc thi")

# --- Sentences -----------------------------------------------------------------------------------

# Abbreviations ending in a dot that do not end a sentence ("TP. Hồ Chí Minh", "ThS. Lê Văn A").
DOTTED_ABBREVIATIONS = (
    "TP",
    "Tp",
    "ThS",
    "TS",
    "PGS",
    "GS",
    "BS",
    "CN",
    "KS",
    "Th.S",
    "P",
    "Q",
    "St",
)
# Common abbreviations of organisations; they appear as written in `conferrer` and `recipient`.
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "LĐLĐ": "Liên đoàn Lao động",
    "VKSND": "Viện Kiểm sát nhân dân",
    "TAND": "Tòa án nhân dân",
    "BĐBP": "Bộ đội Biên phòng",
    "BCH": "Ban Chỉ huy",
    "BCHQS": "Ban Chỉ huy Quân sự",
    "LLVT": "Lực lượng vũ trang",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "VH-TT&DL": "Văn hóa, Thể thao và Du lịch",
    "TNCS": "Thanh niên Cộng sản",
    "CCB": "Cựu chiến binh",
    "THPT": "Trung học phổ thông",
    "THCS": "Trung học cơ sở",
}
# A photo caption ends with its credit ("Ảnh: Thu Trang"); it repeats the body, so gives no fact.
CAPTION_CREDIT = re.compile(r"(?:Ảnh|Ảnh minh họa|Nguồn)\s*:\s*[^.]{0,60}\.?$")

# --- Relevance ---------------------------------------------------------------------------------

# Phrases that make an article award news, with their weight; the title and lead count double.
RELEVANCE_CUES = {
    "công tác thi đua": 2.0,
    "thi đua - khen thưởng": 2.0,
    "thi đua, khen thưởng": 1.5,
    "thi đua – khen thưởng": 2.0,
    "phong trào thi đua": 1.0,
    "thi đua quyết thắng": 1.5,
    "đại hội thi đua yêu nước": 3.0,
    "phát động phong trào thi đua": 3.0,
    "phát động thi đua": 3.0,
    "lễ trao tặng": 2.0,
    "lễ đón nhận": 2.0,
    "đón nhận huân chương": 3.0,
    "đón nhận danh hiệu": 3.0,
    "đón nhận cờ thi đua": 3.0,
    "phần thưởng cao quý": 2.0,
    "đón nhận phần thưởng": 3.0,
    "lễ truy tặng": 3.0,
    "truy tặng danh hiệu": 3.0,
    "phong tặng danh hiệu": 3.0,
    "lễ tuyên dương": 1.0,
    "tuyên dương điển hình": 1.0,
    "trao huy hiệu đảng": 3.0,
    "huy hiệu đảng": 2.0,
    "quyết định khen thưởng": 2.0,
    "hội đồng thi đua - khen thưởng": 1.0,
    "trao danh hiệu": 2.0,
    "lễ khen thưởng": 2.0,
    "khen thưởng đột xuất": 2.0,
    # Acting for the giver is what a ceremony does: "thừa ủy quyền của Chủ tịch nước, ... trao".
    "thừa ủy quyền": 2.0,
    "thừa uỷ quyền": 2.0,
    "trao kỷ niệm chương": 2.0,
    "trao tặng kỷ niệm chương": 2.0,
}
# Phrases of what is not award news: the law itself, contests, sport, cash, accidents.
IRRELEVANCE_CUES = {
    "luật thi đua": 4.0,
    "dự án luật": 3.0,
    "góp ý": 1.0,
    "hội thi": 3.0,
    "cuộc thi": 3.0,
    "trao giải": 3.0,
    "giải nhất": 2.0,
    "olympic": 4.0,
    "huy chương vàng": 3.0,
    "huy chương bạc": 2.0,
    "vô địch": 3.0,
    "giải bóng đá": 3.0,
    "tiền thưởng": 2.0,
    "thưởng nóng": 2.0,
    "tai nạn": 3.0,
    "va chạm": 3.0,
    "tử vong": 3.0,
    "ma túy": 1.0,
    # Obituaries recall a life's honours; they report no award.
    "từ trần": 3.0,
    "qua đời": 3.0,
    "hưởng thọ": 3.0,
    "lễ viếng": 3.0,
    "lễ truy điệu": 3.0,
}
# "Đại hội thi đua" holds "hội thi" (a contest): these longer phrases are not what the cue means.
IRRELEVANCE_CUE_EXCEPTIONS = ("hội thi đua",)
TITLE_WEIGHT = 2.0
# Cues of other news in the body weigh half: award articles often mention a contest in passing.
BODY_IRRELEVANCE_WEIGHT = 0.5
# Each award fact adds this much, up to a cap: an article listing awards given is award news.
FACT_WEIGHT = 1.0
# The cap lets an article listing many awards outweigh a passing mention of other news ("tai
# nạn", "ma túy" in a police review) even with no event word.
FACT_WEIGHT_CAP = 6.0
RELEVANCE_THRESHOLD = 3.0

# --- Events --------------------------------------------------------------------------------------

# Event types by the words naming them, tried in order: "Đại hội ... nhằm tổng kết" is a congress.
EVENT_TYPE_CUES = (
    ("dai_hoi", ("đại hội thi đua", "đại hội điển hình tiên tiến")),
    ("phat_dong", ("phát động phong trào thi đua", "phát động thi đua", "lễ phát động phong trào")),
    ("so_ket", ("sơ kết",)),
    ("tong_ket", ("tổng kết",)),
    (
        "other",
        ("hội đồng thi đua - khen thưởng", "hội đồng thi đua, khen thưởng", "hội đồng thi đua"),
    ),
    (
        "trao_tang",
        (
            "lễ trao",
            "trao tặng",
            "trao huy hiệu",
            "trao huân chương",
            "trao bằng khen",
            "đón nhận",
            "truy tặng",
            "phong tặng",
            "tuyên dương",
            "lễ kỷ niệm",
            "trao quyết định",
            "trao danh hiệu",
            "lễ khen thưởng",
            "khen thưởng đột xuất",
        ),
    ),
)
# A ceremony is also named by what it gives: a verb right before an award ("được trao danh hiệu
# Nhà giáo ưu tú", "nhận Huy hiệu Đảng"), with at most these words between.
CEREMONY_VERBS = ("trao", "tặng", "trao tặng", "truy tặng", "phong tặng", "đón nhận", "nhận")
CEREMONY_VERB_GAP = ("danh hiệu", "cao quý")
# Kinds whose period is only one stated beyond a bare year: a ceremony's "năm 2023" is when it
# happened, a council's "phiên họp cuối năm 2024" which session, not a reviewed period.
BARE_YEAR_NOT_PERIOD = ("trao_tang", "other")
# A launch names the period ahead; every other kind reviews one already begun.
FORWARD_PERIOD_KINDS = ("phat_dong",)
# A term of several years is reviewed as it closes: a Đại hội thi đua held in December 2024
# reviews "giai đoạn 2020 - 2025". Such a span may end this many years after publication.
TERM_CLOSING_YEARS_AHEAD = 1
# Kinds that review a term of several years (a Đại hội thi đua yêu nước every five): only a span
# such as "giai đoạn 2020 - 2025" is their period, and the body may state it.
TERM_KINDS = ("dai_hoi",)
# Without a type word, an article reporting awards given is about their ceremony.
DEFAULT_AWARD_EVENT = "trao_tang"
# Periods as written: "6 tháng đầu năm 2023", "năm học 2022 - 2023", "giai đoạn 2020 - 2025".
# Each names a four-digit year: `events.event_period` skips text without one.
PERIOD_PATTERNS = (
    r"(?:\d+|sáu|chín) tháng (?:đầu|cuối) năm(?: học)? \d{4}(?:\s*[-–]\s*\d{4})?",
    r"(?:quý|Quý) (?:I{1,3}|IV|\d)(?: năm)? \d{4}",
    r"(?:giai đoạn|nhiệm kỳ|thời kỳ)(?: \d+ năm)?,? \(?\d{4}\s*[-–—]\s*\d{4}\)?",
    r"năm học \d{4}\s*[-–]\s*\d{4}",
    r"năm \d{4}",
    # A bare span ("Đại hội Thi đua yêu nước lần thứ V (2020 - 2025)"), only for a review
    r"\d{4}\s*[-–—]\s*\d{4}",
)
# Times of day that start the date of an event: "Chiều nay 18/7", "Sáng 5.1", "Ngày 27-12".
TIME_OF_DAY = ("sáng", "chiều", "tối", "trưa", "đêm", "ngày", "hôm")
# Words before a day that make it no event's day: a cut-off, a deadline, a range, a day being
# celebrated ("Tính đến ngày 5/12", "trước ngày 20/12", "chào mừng ngày 20.11").
NOT_EVENT_DAY_CUES = ("đến", "trước", "từ", "sau", "mừng", "kỷ niệm", "hướng tới", "hạn", "kể từ")
# An event is reported soon after it happens: a day resolving to longer before publication is
# another day the text recalls (a founding day, last year's 20.11).
EVENT_DAYS_BEFORE_PUBLISHED = 60
# Relative days, in days before the publication date.
RELATIVE_DAYS = {"nay": 0, "hôm nay": 0, "qua": 1, "hôm qua": 1}
# The verb after the organiser in the lead: "Chiều 12/12, Hội Nông dân tỉnh tổ chức hội nghị ...".
ORGANIZING_VERBS = (
    "tổ chức",
    "long trọng tổ chức",
    "đã tổ chức",
    "tổng kết",
    "sơ kết",
    "phát động",
)
