"""parse_article: saved ONECMS fixtures (web-poet style) and each field's cascade."""

import dataclasses
import json
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree
from lxml.cssselect import CSSSelector

from parsers import xpaths
from parsers.article import (
    Article,
    ParseError,
    Selectors,
    _is_caption_element,
    _text,
    parse_article,
    select,
)

FIXTURES = Path(__file__).parent / "fixtures" / "onecms"
FIXTURE_NAMES = sorted(path.stem for path in FIXTURES.glob("*.html"))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture(name: str) -> None:
    """Each <name>.html must produce <name>.json: every Article field, or the parse error."""
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    html = (FIXTURES / f"{name}.html").read_bytes()
    if "parse_error" in expected:
        with pytest.raises(ParseError, match=expected["parse_error"]):
            parse_article(html, expected["url"])
        return
    assert dataclasses.asdict(parse_article(html, expected["url"])) == expected


def test_every_fixture_has_its_expected_output() -> None:
    assert FIXTURE_NAMES
    for name in FIXTURE_NAMES:
        assert (FIXTURES / f"{name}.json").is_file(), name


def page(head: str = "", header: str = "", entry: str = "", tail: str = "") -> str:
    """A minimal ONECMS article page with the parts a test cares about."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>
    <header class="c-header">{header}<nav class="c-menu"><a href="/xa-hoi">Xã hội</a></nav></header>
    <div class="b-maincontent"><div class="sc-longform-header">
    <h1 class="sc-longform-header-title">Xã Tam Anh Bắc trao thưởng học sinh giỏi</h1>{tail}</div>
    <div class="entry">{entry or "<p>Xã trao 40 suất học bổng cho học sinh vượt khó.</p>"}</div>
    </div><footer class="c-footer">POWERED BY ONECMS</footer></body></html>"""


def json_ld(data: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


URL = "https://baoquangnam.vn/xa-tam-anh-bac-trao-thuong-3100777.html"


def parse(html: str | bytes, selectors: Selectors | None = None) -> Article:
    return parse_article(html, URL, selectors)


def test_url_falls_back_to_the_fetched_url_and_resolves_relative_canonicals() -> None:
    assert parse(page()).url == URL
    relative = page(head='<link rel="canonical" href="/ban-chinh-3100777.html">')
    assert parse(relative).url == "https://baoquangnam.vn/ban-chinh-3100777.html"


def test_title_comes_from_the_h1_when_there_is_no_structured_data() -> None:
    assert parse(page()).title == "Xã Tam Anh Bắc trao thưởng học sinh giỏi"


def test_title_falls_back_to_the_title_element_without_the_site_name() -> None:
    html = """<html><head><title>Hội Nông dân trao bằng khen | Báo Quảng Nam</title></head>
    <body><div class="entry"><p>Hội trao bằng khen cho 9 hội viên.</p></div></body></html>"""
    assert parse(html).title == "Hội Nông dân trao bằng khen"


def test_date_only_json_ld_loses_to_a_byline_time_on_the_same_day() -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2024-03-05"})
    same_day = parse(
        page(head=head, tail='<span class="block-sc-publish-time">05/03/2024 09:10</span>')
    )
    assert (same_day.published, same_day.published_from) == ("2024-03-05T09:10:00+07:00", "byline")


def test_date_only_json_ld_wins_over_a_byline_on_another_day() -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2024-03-05"})
    other_day = parse(
        page(head=head, tail='<span class="block-sc-publish-time">06/03/2024 09:10</span>')
    )
    assert (other_day.published, other_day.published_from) == ("2024-03-05", "json-ld")


def test_json_ld_time_is_converted_to_vietnam_time() -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2024-03-05T02:10:00Z"})
    article = parse(page(head=head))
    assert (article.published, article.published_from) == ("2024-03-05T09:10:00+07:00", "json-ld")


def test_meta_published_time_is_used_without_json_ld() -> None:
    head = '<meta property="article:published_time" content="2023-07-18T17:25:00+07:00">'
    article = parse(page(head=head))
    assert (article.published, article.published_from) == ("2023-07-18T17:25:00+07:00", "meta")


def test_published_never_comes_from_the_header_date_or_the_body() -> None:
    """The header prints today's date (crawl time); the body names the year it reports on."""
    article = parse(
        page(
            header='<div class="c-header__date">Thứ Hai, 05/08/2024 08:00</div>',
            entry="<p>Ngày 5 tháng 3 năm 2022, xã được tặng Bằng khen; khen thưởng năm 2023.</p>",
        )
    )
    assert article.published is None and article.published_from is None


def test_a_logo_h1_and_header_date_do_not_anchor_the_article() -> None:
    html = """<html><head><meta property="og:title" content="Xã trao học bổng"></head><body>
    <header><h1 class="logo">Báo Quảng Nam</h1><span class="date">05/08/2024 08:00</span></header>
    <div class="wrap"><div class="entry"><p>Xã trao 40 suất học bổng.</p></div></div>
    </body></html>"""
    article = parse(html)
    assert article.title == "Xã trao học bổng"
    assert article.published is None


def test_published_from_a_date_in_the_url() -> None:
    article = parse_article(page(), "https://baodanang.vn/2024/03/05/tin-khen-thuong-99999.html")
    assert (article.published, article.published_from) == ("2024-03-05", "url")


def test_byline_with_author_and_time_in_one_element() -> None:
    tail = '<div class="sc-longform-header-meta">MINH THÔNG 15/03/2017 17:15</div>'
    article = parse(page(tail=tail))
    assert article.published == "2017-03-15T17:15:00+07:00"


@pytest.mark.parametrize(
    ("author_html", "author"),
    [
        ('<span class="block-sc-author">MINH THÔNG</span>', "MINH THÔNG"),
        ('<span class="block-sc-author">MINH THÔNG 15/03/2017 17:15</span>', "MINH THÔNG"),
        ('<span class="block-sc-author">Tin, ảnh: P.Y</span>', "P.Y"),
        ('<span class="block-sc-author">Theo Văn Nam</span>', "Văn Nam"),
    ],
)
def test_author_markup_is_cleaned(author_html: str, author: str) -> None:
    assert parse(page(tail=author_html)).author == author


@pytest.mark.parametrize(
    ("last_paragraph", "author"),
    [
        ('<p style="text-align:right"><strong>Tin, ảnh: P.Y</strong></p>', "P.Y"),
        ("<p>Bài và ảnh: HOÀNG LIÊN</p>", "HOÀNG LIÊN"),
        ("<p>Ảnh: N.Đ</p>", "N.Đ"),
        ('<div class="t1"><span class="t2">Anh Dũng</span></div>', "Anh Dũng"),
        ("<p><strong>NGUYỄN VĂN A - TRẦN B</strong></p>", "NGUYỄN VĂN A - TRẦN B"),
        ("<p>N.Đ.</p>", "N.Đ."),
        ("<p>Bảo Anh</p>", "Bảo Anh"),  # a name, not "Báo" (a paper)
    ],
)
def test_credit_line_and_trailing_byline_give_the_author(last_paragraph: str, author: str) -> None:
    entry = "<p>Xã trao 40 suất học bổng cho học sinh vượt khó.</p>" + last_paragraph
    article = parse(page(entry=entry))
    assert article.author == author
    assert article.body == ["Xã trao 40 suất học bổng cho học sinh vượt khó."]


@pytest.mark.parametrize(
    "last",
    [
        "Buổi lễ kết thúc lúc 11 giờ.",
        "Đoàn đến thăm",
        "Hà Nội Mới Đẹp.",
    ],
)
def test_a_short_last_paragraph_that_is_not_a_name_stays_in_the_body(last: str) -> None:
    article = parse(page(entry=f"<p>Xã trao 40 suất học bổng.</p><p>{last}</p>"))
    assert article.author is None
    assert article.body[-1] == last


def test_site_name_is_not_an_author() -> None:
    head = (
        '<meta property="og:site_name" content="Báo Lào Cai điện tử">'
        '<meta name="author" content="Báo Lào Cai điện tử">'
        + json_ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": ""}})
    )
    assert parse(page(head=head)).author is None


def test_sapo_prefix_is_split_from_the_first_paragraph() -> None:
    entry = (
        "<p><strong>(CTO)</strong> - Sáng 8-1, phường trao giấy khen.</p><p>Có 12 hộ được khen.</p>"
    )
    article = parse(page(entry=entry))
    assert (article.sapo_prefix, article.sapo) == ("(CTO) - ", "Sáng 8-1, phường trao giấy khen.")
    assert article.body == ["Có 12 hộ được khen."]


@pytest.mark.parametrize(
    ("sapo", "prefix", "lead"),
    [
        ("(QNO) - Chiều 18/7, hội nghị diễn ra.", "(QNO) - ", "Chiều 18/7, hội nghị diễn ra."),
        (
            "(Baonghean.vn) - Sáng nay, tỉnh khen thưởng.",
            "(Baonghean.vn) - ",
            "Sáng nay, tỉnh khen thưởng.",
        ),
        (
            "(Báo Quảng Ngãi)- Tỉnh trao 20 bằng khen.",
            "(Báo Quảng Ngãi)- ",
            "Tỉnh trao 20 bằng khen.",
        ),
        ("(QNO) – Tối 2/9, lễ kỷ niệm diễn ra.", "(QNO) – ", "Tối 2/9, lễ kỷ niệm diễn ra."),
        ("Hội nghị có 200 đại biểu (ảnh) - dự.", None, "Hội nghị có 200 đại biểu (ảnh) - dự."),
        ("(2024) - Năm bản lề.", None, "(2024) - Năm bản lề."),
    ],
)
def test_sapo_prefixes(sapo: str, prefix: str | None, lead: str) -> None:
    article = parse(page(tail=f'<p class="block-sc-sapo">{sapo}</p>'))
    assert (article.sapo_prefix, article.sapo) == (prefix, lead)


def test_sapo_falls_back_to_the_meta_description_and_is_not_repeated_in_the_body() -> None:
    head = '<meta name="description" content="(QNO) - Xã trao 40 suất học bổng.">'
    entry = "<p>Xã trao 40 suất học bổng.</p><p>Mỗi suất trị giá 2 triệu đồng.</p>"
    article = parse(page(head=head, entry=entry))
    assert (article.sapo_prefix, article.sapo) == ("(QNO) - ", "Xã trao 40 suất học bổng.")
    assert article.body == ["Mỗi suất trị giá 2 triệu đồng."]


def test_body_drops_boxes_ads_and_keeps_text_divs_and_lists() -> None:
    entry = """<p>Đoạn một của bài viết.</p>
    <div class="box-related"><a href="/khac-3100001.html">Tin khác</a></div>
    <div class="c-share">Chia sẻ bài viết</div><div class="ads"><p>Quảng cáo</p></div>
    <div>Đoạn hai viết trong thẻ div<br>có xuống dòng.</div>
    <ul><li>Ý thứ nhất;</li><li>Ý thứ hai.</li></ul>
    <script>var x = "không phải chữ";</script><p>   </p>"""
    assert parse(page(entry=entry)).body == [
        "Đoạn một của bài viết.",
        "Đoạn hai viết trong thẻ div có xuống dòng.",
        "Ý thứ nhất;",
        "Ý thứ hai.",
    ]


def test_image_table_caption_goes_to_captions() -> None:
    entry = """<p>Đoạn một.</p><table class="picture"><tr><td><img src="/a.jpg"></td></tr>
    <tr><td class="image_desc">Quang cảnh buổi lễ. Ảnh: T.H</td></tr></table><p>Đoạn hai.</p>"""
    article = parse(page(entry=entry))
    assert article.image_captions == ["Quang cảnh buổi lễ. Ảnh: T.H"]
    assert article.body == ["Đoạn một.", "Đoạn hai."]


def test_site_selectors_override_the_heuristics() -> None:
    html = """<html><head><title>Trang tin</title></head><body>
    <div class="khung"><div class="tieu-de">Tỉnh khen thưởng 15 doanh nghiệp</div>
    <div class="tom-tat">Tỉnh vừa khen thưởng 15 doanh nghiệp nộp thuế tốt.</div>
    <div class="ngay">Đăng lúc 09:30 ngày 02/01/2024</div><span class="tg">Q.Anh</span>
    <div class="noi-dung"><p>Buổi lễ diễn ra tại hội trường tỉnh.</p>
    <div class="cung-muc">Tin cùng mục</div>
    <p>Các doanh nghiệp nhận bằng khen của UBND tỉnh.</p></div>
    <div class="the"><a href="/t/doanh-nghiep">Doanh nghiệp</a></div>
    <div class="muc">Kinh tế</div></div></body></html>"""
    selectors = Selectors(
        title=".tieu-de",
        sapo=".tom-tat",
        body=".noi-dung",
        author=".tg",
        published=".ngay",
        tags=".the a",
        category=".muc",
        drop=(".cung-muc",),
    )
    article = parse(html, selectors)
    assert article.title == "Tỉnh khen thưởng 15 doanh nghiệp"
    assert article.sapo == "Tỉnh vừa khen thưởng 15 doanh nghiệp nộp thuế tốt."
    assert article.body == [
        "Buổi lễ diễn ra tại hội trường tỉnh.",
        "Các doanh nghiệp nhận bằng khen của UBND tỉnh.",
    ]
    assert article.author == "Q.Anh"
    assert (article.published, article.published_from) == ("2024-01-02T09:30:00+07:00", "selector")
    assert article.tags == ["Doanh nghiệp"]
    assert article.category == "Kinh tế"


def test_bytes_are_decoded_with_the_declared_charset() -> None:
    html = page().replace('charset="utf-8"', 'charset="windows-1258"')
    encoded = b"".join(_cp1258(char) for char in html)
    assert parse(encoded).title == "Xã Tam Anh Bắc trao thưởng học sinh giỏi"


def _cp1258(char: str) -> bytes:
    """windows-1258 has â, ơ, ư... but writes tone marks as combining characters."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        return base.encode("cp1258") + tones.encode("cp1258")


def test_utf8_bytes_with_a_bom() -> None:
    assert parse(b"\xef\xbb\xbf" + page().encode()).title.startswith("Xã Tam Anh")


@pytest.mark.parametrize(
    ("paragraph", "read"),
    [
        ("Xã trao 40 suất học bổng.", "Xã trao 40 suất học bổng."),
        # Control characters and the non-characters \ufffe, \uffff are dropped;
        # \ufffd and \ufff0 (encoded with the same two first bytes) are text.
        ("Xã trao\x01 40\x1f suất\ufffe học\uffff bổng.", "Xã trao 40 suất học bổng."),
        ("Xã trao 40 \ufffd suất \ufff0 học bổng.", "Xã trao 40 \ufffd suất \ufff0 học bổng."),
    ],
)
def test_str_and_bytes_of_every_encoding_parse_alike(paragraph: str, read: str) -> None:
    """UTF-8 text takes a faster way into lxml than other text; both must read the same."""
    html = page(entry=f"<p>{paragraph}</p>")
    declared = html.replace('charset="utf-8"', 'charset="utf8"')
    inputs: list[str | bytes] = [
        html,
        html.encode(),
        b"\xef\xbb\xbf" + html.encode(),
        declared.encode(),
        '<?xml version="1.0" encoding="utf-8"?>\n' + html,
        ('<?xml version="1.0" encoding="utf-8"?>\n' + html).encode(),
        # Not UTF-8 though declared so: the broken byte is read as a replacement character.
        html.encode().replace("Bắc".encode(), b"B\xe1c"),
    ]
    articles = [parse(value) for value in inputs]
    assert [a.body for a in articles] == [[read]] * len(inputs)
    titles = {a.title for a in articles}
    assert titles == {
        "Xã Tam Anh Bắc trao thưởng học sinh giỏi",
        "Xã Tam Anh B\ufffdc trao thưởng học sinh giỏi",
    }


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty page"),
        ("<html><body><div class='entry'><p>Chữ.</p></div></body></html>", "no title"),
        (
            page(entry="<p>   </p><div class='box-related'><a href='/a-1234567.html'>x</a></div>"),
            "empty body",
        ),
        (page().replace('class="entry"', 'class="khac"'), "no article body"),
    ],
)
def test_parse_errors_say_why(html: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(html)


DEMO = Path(__file__).resolve().parents[1] / "demo"


def demo_expected() -> dict[str, Any]:
    path = DEMO / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


DEMO_ARTICLES = sorted(k for k, v in demo_expected().items() if "body_paragraphs" in v)


@pytest.mark.parametrize(
    "path",
    DEMO_ARTICLES
    or [pytest.param("", marks=pytest.mark.skip(reason="demo/expected.json not built yet"))],
)
def test_demo_article(path: str) -> None:
    """Every article of the bundled demo site gives every value in demo/expected.json."""
    expected = demo_expected()[path]
    article = parse_article((DEMO / "site" / path).read_bytes(), expected["url"])
    for name in ("url", "title", "author", "sapo_prefix", "sapo", "tags", "category"):
        assert getattr(article, name) == expected[name], name
    assert article.image_captions == expected["image_captions"]
    published = datetime.fromisoformat(article.published)
    assert published.replace(second=0) == datetime.fromisoformat(expected["published"])
    assert len(article.body) == expected["body_paragraphs"]
    for sentence in expected["body_must_contain"]:
        assert sum(sentence in paragraph for paragraph in article.body) == 1, sentence
    everything = " ".join([article.title, article.sapo, *article.body])
    for text in expected["body_must_not_contain"]:
        assert text not in everything, text


def test_demo_broken_page_raises() -> None:
    broken = demo_expected().get("_broken")
    if not broken:
        pytest.skip("demo/expected.json not built yet")
    with pytest.raises(ParseError, match="no article body"):
        parse_article((DEMO / "site" / broken["path"]).read_bytes(), broken["url"])


def test_selectors_match_what_cssselect_matches_from_every_element() -> None:
    """select() runs steps that test one attribute as walks of that attribute (faster); the
    matches, and their order, must be cssselect's own."""
    html = """<html><body><div id="content" class="b-maincontent  wrap">
    <header class="c-header"><a rel="author" href="/a">A</a><div class="sapo">S</div></header>
    <div class="entry x" itemprop="articleBody" data-field="body"><p class="sapo lead">L</p>
    <div class="advert-top entry"><span class="pubdate time">1/2/2024</span></div>
    <div title="a/*[@b = 1]" lang="vi" class="tags"><a rel="tag">t</a><a class="tag_item">u</a>
    </div><article class="entry"><h1 class="title">T</h1><div id="banner-1">B</div></article>
    </div><div class="entryx">not an entry</div><div class="x entry">E</div></div></body></html>"""
    root = lxml.html.document_fromstring(html)
    selectors = [
        *xpaths.BODY,
        *xpaths.DROP,
        *xpaths.TITLE,
        *xpaths.SAPO,
        *xpaths.AUTHOR,
        *xpaths.PUBLISHED,
        *xpaths.TAGS,
        ".x > [lang=vi]",
        ".entry ~ .entry",
        "[title='a/*[@b = 1]']",
        '[data-x="it\'s"]',
        "div.b-maincontent .entry, [class^=advert]",
    ]
    for selector in selectors:
        expected = CSSSelector(selector, translator="html")
        for node in root.iter(etree.Element):
            assert list(select(node, [selector])) == expected(node), (selector, node.tag)


def test_the_caption_test_in_python_agrees_with_the_caption_selectors() -> None:
    """The body walk tests caption classes in Python; it must match what the CSS selects."""
    html = """<html><body><div><p class="a\tcaption">x</p><p class="captionx">y</p>
    <span class="image_desc\n">z</span><div class="PhotoCMS_Caption b"></div>
    <i class="photocms_caption"></i><figcaption></figcaption><FIGCAPTION class=q></FIGCAPTION>
    <p class="x\u00a0caption">n</p><p class=" caption ">m</p><table class="image-caption">
    <tr><td class="image_desc">t</td></tr></table><p>plain</p></div></body></html>"""
    root = lxml.html.document_fromstring(html)
    expected = CSSSelector(", ".join(xpaths.CAPTION), translator="html")(root)
    found = [node for node in root.iter(etree.Element) if _is_caption_element(node)]
    assert found == expected
    assert len(found) == 8


def test_element_text_reads_what_text_content_reads() -> None:
    """Text is read by serialising it (faster than text_content's XPath): the same text."""
    html = """<html><body><div class="entry"><p>Xã<!-- ghi chú --> trao<br>40 suất
    <b>học&nbsp;bổng</b>&amp; <i>quà</i><?pi x?>.</p><p><![CDATA[a < b]]> c</p>
    <table><tr><td>Ô 1</td><td>Ô&#32;2</td></tr></table></div>tail</body></html>"""
    root = lxml.html.document_fromstring(html)
    for node in root.iter(etree.Element):
        assert _text(node) == node.text_content(), node.tag
    assert _text(root.find(".//p")) == "Xã trao40 suất\n    học\xa0bổng& quà."
