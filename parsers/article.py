"""Extract an article's text and metadata from a Vietnamese newspaper page.

One function per field, each a cascade: structured data (JSON-LD), then meta tags,
then markup heuristics from `parsers.xpaths`; a per-site `Selectors` value from the
source registry overrides the heuristics when it matches.
"""

import codecs
import contextlib
import copy
import json
import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

import lxml.html
from cssselect import HTMLTranslator
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash
from cssselect.parser import parse as cssselect_parse
from lxml import etree
from lxml.cssselect import CSSSelector

from parsers import xpaths
from parsers.dates import ParsedDate, parse_date
from parsers.text import fold, normalize_space

HtmlElement = lxml.html.HtmlElement
MetaIndex = dict[tuple[str, str], list[str]]


@dataclass(frozen=True)
class Selectors:
    """Per-site CSS help from the source registry; every field is optional."""

    title: str | None = None
    sapo: str | None = None
    body: str | None = None
    author: str | None = None
    published: str | None = None
    tags: str | None = None
    category: str | None = None
    drop: tuple[str, ...] = ()


@dataclass
class Article:
    """What a newspaper article says and when, as clean text."""

    url: str
    title: str
    sapo: str
    sapo_prefix: str | None
    body: list[str]
    image_captions: list[str]
    author: str | None
    tags: list[str]
    category: str | None
    published: str | None
    published_from: str | None


class ParseError(ValueError):
    """The page is not an article we can read; the message says why."""


def parse_article(html: str | bytes, url: str, selectors: Selectors | None = None) -> Article:
    """Parse one article page fetched from `url`.

    Raises ParseError when the page has no title or no body text.
    """
    page = Page.from_html(html, url)
    selectors = selectors or Selectors()
    title, title_node = extract_title(page, selectors)
    if not title:
        raise ParseError(f"no title: {url}")
    container = find_body(page, selectors)
    if container is None:
        raise ParseError(f"no article body container: {url}")
    if title_node is not None:
        scope = _common_ancestor(container, title_node)
    else:
        scope = container.getparent() if container.getparent() is not None else container
    sapo_node = _first(scope, _chain(selectors.sapo, xpaths.SAPO))
    content = extract_content(container, selectors, skip=(title_node, sapo_node))
    sapo, sapo_prefix, body = extract_sapo(page, sapo_node, content.paragraphs)
    if not body:
        raise ParseError(f"empty body: {url}")
    published = extract_published(page, scope, selectors)
    return Article(
        url=extract_url(page),
        title=title,
        sapo=sapo,
        sapo_prefix=sapo_prefix,
        body=body,
        image_captions=content.captions,
        author=extract_author(page, scope, selectors, content.credit),
        tags=extract_tags(page, scope, selectors),
        category=extract_category(page, selectors),
        published=published[0].isoformat() if published else None,
        published_from=published[1] if published else None,
    )


@dataclass
class Page:
    """A parsed page with its structured data read once."""

    root: HtmlElement
    url: str  # where the page was fetched from
    base_url: str  # what its relative links resolve against (<base href> or url)
    json_ld: list[dict[str, Any]]  # the JSON-LD objects that describe the article
    site_names: set[str]  # folded, lower-cased names of the publisher, never an author
    metas: MetaIndex  # meta tag contents as written by (attribute, lower-cased value): see _meta

    @classmethod
    def from_html(cls, html: str | bytes, url: str) -> "Page":
        # `data`: the same text as UTF-8 bytes, which libxml2 reads fastest (see _UTF8_PARSER).
        html, data = _decode(html) if isinstance(html, bytes) else (html, None)
        # lxml refuses str input that carries an XML encoding declaration.
        html, declarations = _XML_DECLARATION.subn("", html)
        if data is None or declarations:
            data = _utf8(html)
        # Control characters parse into text that lxml then refuses to write back (a tail
        # rejoined when a node is dropped): a corrupt byte must not make the page unreadable.
        if data is None or _holds_not_xml(data):
            data = None
            html = _NOT_XML_CHARS.sub("", html)
        if not html.strip():
            raise ParseError(f"empty page: {url}")
        try:
            root = _document(html) if data is None else _document_utf8(data)
        except etree.ParserError as error:  # only markup-less debris, e.g. "<!DO"
            raise ParseError(f"empty page: {url}: {error}") from None
        # Links are resolved one by one when read: rewriting every link up front cost
        # three quarters of the parse time on a real 150 KiB page.
        base = next((b.get("href") for b in root.iter("base") if b.get("href") is not None), "")
        base = base.strip()
        base_url = urljoin(url, base) if base else url
        # One walk finds what is dropped, and the JSON-LD scripts among it (root.iter skips
        # the walk for a tag the document lacks; a "//script[...]" XPath visits every node).
        dropped = list(root.iter(*_DROPPED))
        json_ld, site_names = _read_json_ld(
            node for node in dropped if node.tag == "script" and node.get("type") == _LD_JSON
        )
        metas = _meta_index(root)
        site_names |= {fold(name).lower() for name in _meta(metas, ("property", "og:site_name"))}
        # The site's name may come from any meta tag; the fields read those left after this.
        metas_dropped = any(next(node.iter("meta"), None) is not None for node in dropped)
        # As drop_tree on each (the tail text stays), in one C call: a real page has sixty.
        etree.strip_elements(root, *_DROPPED, with_tail=False)
        if metas_dropped:
            metas = _meta_index(root)
        # <br> separates words visually; without a space, text_content() glues them.
        for br in root.iter("br"):
            br.tail = " " + (br.tail or "")
        return cls(root, url, base_url, json_ld, site_names, metas)

    def absolute(self, href: str | None) -> str | None:
        """The absolute http(s) URL a link points to, or None (javascript:, mailto:, empty)."""
        href = (href or "").strip()
        if not href or href.startswith("#"):
            return None
        try:
            absolute = urljoin(self.base_url, href)
        except ValueError:
            return None  # malformed, e.g. an unclosed IPv6 bracket
        return absolute if absolute.startswith(("http://", "https://")) else None

    def ld_values(self, key: str) -> Iterator[Any]:
        for item in self.json_ld:
            if item.get(key) not in (None, "", []):
                yield item[key]

    def meta(self, *keys: tuple[str, str]) -> Iterator[str]:
        yield from _meta(self.metas, *keys)


def extract_url(page: Page) -> str:
    """Canonical URL: <link rel=canonical>, then og:url, then the URL it was fetched from."""
    for link in page.root.iter("link"):
        href = link.get("href") if link.get("rel") == "canonical" else None
        if href is not None and href.strip():
            return page.absolute(href) or page.url
    for content in page.meta(("property", "og:url")):
        return page.absolute(content) or page.url
    return page.url


def extract_title(page: Page, selectors: Selectors) -> tuple[str, HtmlElement | None]:
    """Title: site selector, JSON-LD headline, og:title, the article h1, then <title>.

    Also returns the visible title element, which anchors the article's region.
    """
    nodes = list(select(page.root, _chain(selectors.title, xpaths.TITLE)))
    candidates = [element_text(node) for node in nodes]
    title = ""
    if selectors.title:
        title = next((text for text in candidates if text), "")
    for value in (*page.ld_values("headline"), *page.ld_values("name")):
        if title:
            break
        if isinstance(value, str):
            title = normalize_space(value)
    if not title:
        title = next(page.meta(("property", "og:title")), "")
    if not title:
        title = next((text for text in candidates if text), "")
    if not title:
        title = _strip_site_name(element_text(page.root.find(".//title")))
    # The visible headline: the same text, or one containing the other (og:title may add
    # or drop a few words). A logo <h1> in the page header would anchor the wrong region.
    pairs = [(n, text) for n, text in zip(nodes, candidates, strict=True) if text]
    pairs = [(n, text) for n, text in pairs if not _inside_boilerplate(n)]
    node = next((n for n, text in pairs if text == title), None)
    if node is None:
        node = next((n for n, text in pairs if text in title or title in text), None)
    return title, node


def find_body(page: Page, selectors: Selectors) -> HtmlElement | None:
    """Article container: site selector, known containers, else the densest <p> block.

    The fallback only accepts an element with three or more direct text paragraphs
    outside menus and sidebars, so an error page yields nothing rather than its footer.
    """
    node = _first(page.root, _chain(selectors.body, xpaths.BODY))
    if node is not None:
        return node
    best, best_size = None, 0
    for parent in {p.getparent() for p in page.root.iter("p")}:
        if parent is None or _inside_boilerplate(parent):
            continue
        texts = [element_text(p) for p in parent.iterchildren("p")]
        texts = [t for t in texts if len(t) > 40]
        size = sum(len(t) for t in texts)
        if len(texts) >= 3 and size > best_size:
            best, best_size = parent, size
    return best


@dataclass
class Content:
    """The body container split into what it holds."""

    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credit: str | None = None  # author named by a credit line or trailing byline


def extract_content(
    container: HtmlElement, selectors: Selectors, skip: Iterable[HtmlElement | None] = ()
) -> Content:
    """Text paragraphs, image captions and the credit line of the body container.

    Works on a copy so the page stays whole for the other fields.
    """
    # The skipped nodes inside the container, found from their side: walking every element
    # of a real paper's body to compare it costs more than the few ancestors of each.
    marked = [
        node
        for node in skip
        if node is not None
        and (node is container or any(a is container for a in node.iterancestors()))
    ]
    for node in marked:
        node.set("data-khenthuong-skip", "1")
    container = _copy(container)
    for node in marked:
        # pop: the title and the sapo may be one node (found by fuzzing), marked twice.
        node.attrib.pop("data-khenthuong-skip", None)
    # All found before any is dropped, as select's matches are (a site's drop selector may
    # depend on siblings); the order they are dropped in leaves the same tree.
    dropped = [*container.iter(*_DROP_TAGS), *select(container, (*_DROP_OTHERS, *selectors.drop))]
    drop(container, dropped)
    drop(container, _SKIPPED(container))

    content = Content()
    paragraphs: list[str] = []
    after_image = False  # an uncaptioned image is waiting for its caption paragraph
    for kind, node, text in _blocks(container):
        if kind == "figure":
            captions = _figure_captions(node)
            content.captions.extend(captions)
            after_image = not captions
        elif kind == "image":
            after_image = True
        elif kind == "caption" or (after_image and _looks_like_caption(node, text)):
            content.captions.append(element_text(node) if text is None else text)
            after_image = False
        else:
            paragraphs.append(text or "")
            after_image = False

    for index, text in enumerate(paragraphs):
        credit = xpaths.CREDIT_LINE.match(text)
        if credit:
            content.credit = content.credit or normalize_space(credit["name"])
            continue
        is_last = index == len(paragraphs) - 1
        if is_last and index > 0 and _looks_like_byline(text):
            content.credit = content.credit or _clean_author(text)
            continue
        content.paragraphs.append(text)
    return content


def extract_sapo(
    page: Page, node: HtmlElement | None, paragraphs: list[str]
) -> tuple[str, str | None, list[str]]:
    """Lead, its "(QNO) - " prefix, and the body without the lead.

    The lead is its own element on most platforms; Báo Cần Thơ prints it as the first
    body paragraph, recognised by the prefix. The meta description is the last resort.
    """
    body = list(paragraphs)
    sapo = element_text(node) if node is not None else ""
    if not sapo and body and xpaths.SAPO_PREFIX.match(body[0]):
        sapo = body.pop(0)
    if not sapo:
        sapo = next(page.meta(*xpaths.META_DESCRIPTION), "")
    prefix_match = xpaths.SAPO_PREFIX.match(sapo)
    prefix = prefix_match.group(0) if prefix_match else None
    lead = sapo[len(prefix) :] if prefix else sapo
    if body and lead and _strip_prefix(body[0]) == lead:
        body.pop(0)  # the lead repeated as the first paragraph
    return lead, prefix, body


def extract_author(
    page: Page, scope: HtmlElement, selectors: Selectors, credit: str | None
) -> str | None:
    """Author: site selector, JSON-LD author, meta author, byline markup, then the credit line.

    A value that names the paper itself ("Báo Lào Cai điện tử") is not an author.
    """
    if selectors.author:
        for node in select(scope, (selectors.author,)):
            name = _clean_author(element_text(node))
            if name:
                return name
    for value in page.ld_values("author"):
        for person in value if isinstance(value, list) else [value]:
            name = person.get("name") if isinstance(person, dict) else person
            if isinstance(name, str) and _is_person(page, name):
                return _clean_author(name)
    for value in page.meta(*xpaths.META_AUTHOR):
        if _is_person(page, value) and not value.startswith("http"):
            return _clean_author(value)
    for node in select(scope, xpaths.AUTHOR):
        name = _clean_author(element_text(node))
        if name and _is_person(page, name):
            return name
    return credit


def extract_published(
    page: Page, scope: HtmlElement, selectors: Selectors
) -> tuple[ParsedDate, str] | None:
    """Publication time and where it came from.

    Cascade: site selector; JSON-LD datePublished; meta tags; the visible byline; a date
    in the URL. A date-only structured value yields to a byline that gives a time on the
    same day. Body text is never read: the year a report covers is not its date.
    """
    if selectors.published:
        found = _first_date(select(scope, (selectors.published,)))
        if found:
            return found, "selector"
    structured: list[tuple[ParsedDate, str]] = []
    for value in page.ld_values("datePublished"):
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed:
            structured.append((parsed, "json-ld"))
    for value in page.meta(*xpaths.META_PUBLISHED):
        parsed = parse_date(value)
        if parsed:
            structured.append((parsed, "meta"))
    best = next((item for item in structured if item[0].has_time), None)
    if best:
        return best
    # The page header often prints today's date: that is the crawl time, never the article's.
    byline = _first_date(n for n in select(scope, xpaths.PUBLISHED) if not _inside_boilerplate(n))
    if structured:
        date_only = structured[0]
        if byline and byline.has_time and byline.value.date() == date_only[0].value.date():
            return byline, "byline"
        return date_only
    if byline:
        return byline, "byline"
    match = re.search(r"/(20\d{2})/(\d{1,2})/(\d{1,2})/", page.url)
    if match:
        parsed = parse_date("-".join(match.groups()))
        if parsed:
            return parsed, "url"
    return None


def extract_tags(page: Page, scope: HtmlElement, selectors: Selectors) -> list[str]:
    """Tags as displayed in the article's tag box, else JSON-LD keywords, else meta keywords."""
    nodes = select(scope, _chain(selectors.tags, xpaths.TAGS))
    tags = _unique(element_text(node).lstrip("#").strip() for node in nodes)
    if tags:
        return tags
    for value in page.ld_values("keywords"):
        values = value if isinstance(value, list) else str(value).split(",")
        tags = _unique(normalize_space(str(v)) for v in values)
        if tags:
            return tags
    for value in page.meta(*xpaths.META_TAGS):
        tags = _unique(normalize_space(v) for v in value.split(","))
        if tags:
            return tags
    return []


def extract_category(page: Page, selectors: Selectors) -> str | None:
    """Section: site selector, JSON-LD articleSection, meta article:section, the breadcrumb."""
    if selectors.category:
        node = _first(page.root, (selectors.category,))
        if node is not None and element_text(node):
            return element_text(node)
    for value in page.ld_values("articleSection"):
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, str) and normalize_space(value):
            return normalize_space(value)
    for value in page.meta(*xpaths.META_SECTION):
        return value
    crumbs = [element_text(node) for node in select(page.root, xpaths.CATEGORY)]
    crumbs = [c for c in crumbs if c and c.lower() not in xpaths.NOT_A_CATEGORY]
    return crumbs[-1] if crumbs else None


# --- helpers -------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _css(selector: str) -> etree.XPath:
    return etree.XPath(_by_attribute(CSSSelector(selector, translator="html").path))


# A step "*[@class and contains(@class, 'x') ...]" makes libxml2 evaluate the predicate on every
# element, building a node-set of its class attributes each time (most have none); the same
# step written "*/@class[contains(., 'x') ...]/.." visits only the elements' class attributes,
# then goes back to their element: the same elements, in the same order, three to six times
# faster on a whole page. The predicates cssselect writes for a class, an attribute value and
# a substring of one test nothing but that attribute and never a position, so filtering the
# attribute instead of its element changes nothing. A step naming a tag is left as it is: it
# tests only that tag's elements, and gains nothing.
_LITERAL = r"'[^']*'"
_ATTRIBUTE_STEP = re.compile(
    r"(?:(?<=::)|(?<=/))\*\[@(?P<name>[\w-]+)"
    rf"(?: = (?P<equals>{_LITERAL})"
    rf"| and (?P<function>contains|starts-with)\(@(?P=name), (?P<part>{_LITERAL})\)"
    r"(?: and contains\(concat\(' ', normalize-space\(@(?P=name)\), ' '\), "
    rf"(?P<word>{_LITERAL})\))?)"
    r"\](?!\[)"
)


def _attribute_step(match: re.Match[str]) -> str:
    if match["equals"] is not None:
        condition = f". = {match['equals']}"
    else:
        condition = f"{match['function']}(., {match['part']})"
        if match["word"] is not None:
            condition += f" and contains(concat(' ', normalize-space(.), ' '), {match['word']})"
    return f"*/@{match['name']}[{condition}]/.."


_XPATH_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")


def _by_attribute(path: str) -> str:
    """`path` with each element step that only tests one attribute written as a walk of that
    attribute (see _ATTRIBUTE_STEP)."""
    # Only a literal holding one of these could hold text that looks like a step: such rare
    # paths are left alone rather than parsed.
    if any(set(literal.group()) & set("[]*/:") for literal in _XPATH_LITERAL.finditer(path)):
        return path
    return _ATTRIBUTE_STEP.sub(_attribute_step, path)


@dataclass(frozen=True)
class _Needs:
    """Strings a selector's match must carry: in some class attribute, in some id attribute."""

    classes: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()


@lru_cache(maxsize=512)
def _needs(selector: str) -> tuple[_Needs, ...]:
    """What the document must hold for `selector` to match: one _Needs per alternative of a
    group ("a, b" matches where either does).

    Only classes (.x, [class*=x]) and ids (#x, [id*=x]) on the path to the match count; an
    alternative with any other part (pseudo-classes, :not) claims nothing, so it always may.
    """
    return tuple(_alternative_needs(tree.parsed_tree) for tree in cssselect_parse(selector))


def _alternative_needs(tree: object) -> _Needs:
    classes: list[str] = []
    ids: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CombinedSelector):
            stack += [node.selector, node.subselector]
        elif isinstance(node, Class):
            classes.append(node.class_name)
            stack.append(node.selector)
        elif isinstance(node, Hash):
            ids.append(node.id)
            stack.append(node.selector)
        elif isinstance(node, Attrib):
            value = node.value.value if node.value is not None else None
            if node.operator in ("*=", "=", "~=", "^=", "$=") and value:
                if node.attrib == "class":
                    classes.append(value)
                elif node.attrib == "id":
                    ids.append(value)
            stack.append(node.selector)
        elif not isinstance(node, Element):  # a tag name needs nothing; libxml2 tests it fast
            return _Needs()
    return _Needs(tuple(classes), tuple(ids))


@dataclass
class _Present:
    """A document's class and id attribute values, joined."""

    classes: str
    # Read when a selector first names an id: most pages match their body before the selectors
    # that do, and the walk costs half the class one.
    ids: str | None = None

    def may_match(self, alternatives: tuple[_Needs, ...], document: HtmlElement) -> bool:
        # Plain loops: a page asks this of fifty selectors, and all() of a generator costs
        # more than the test it runs.
        for needs in alternatives:
            for name in needs.classes:
                if name not in self.classes:
                    break
            else:
                if not needs.ids:
                    return True
                if self.ids is None:
                    self.ids = "\n".join(_IDS(document))
                for name in needs.ids:
                    if name not in self.ids:
                        break
                else:
                    return True
        return False


# A selector naming a class or id absent from the document cannot match, so it is not
# run: each one walks the whole tree in libxml2, testing every element's class as a string.
# On a real 150 KiB page the selector chains of xpaths.py cost five times the parse itself,
# and most of them name what the page lacks.
_CLASSES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)
_IDS = etree.XPath("descendant-or-self::*/@id", smart_strings=False)
# Kept per document while its root lives. Trees are only pruned after parsing (drop_tree),
# so what was read once contains what is left: the condition stays a necessary one.
_PRESENT: "weakref.WeakKeyDictionary[HtmlElement, _Present]" = weakref.WeakKeyDictionary()


def select(root: HtmlElement, selectors: Iterable[str]) -> Iterator[HtmlElement]:
    """Matches of each CSS selector in turn, in document order within a selector."""
    document = root.getroottree().getroot()
    present = _PRESENT.get(document)
    if present is None:
        present = _PRESENT[document] = _Present("\n".join(_CLASSES(document)))
    for selector in selectors:
        if present.may_match(_needs(selector), document):
            yield from _css(selector)(root)


def _first(root: HtmlElement, selectors: Iterable[str]) -> HtmlElement | None:
    """The first match that has text, trying selectors in priority order."""
    # Whether there is any text, without normalising all of it (a whole body, for BODY).
    return next((node for node in select(root, selectors) if _text(node).strip()), None)


def drop(root: HtmlElement, nodes: Iterable[HtmlElement]) -> None:
    """Remove nodes (keeping their tail text) from under root; each at most once."""
    for node in list(nodes):
        # Two selectors can match one node, and a dropped node has no parent left.
        if node is not root and node.getparent() is not None:
            node.drop_tree()


def _chain(site: str | None, defaults: tuple[str, ...]) -> tuple[str, ...]:
    return (site, *defaults) if site else defaults


def element_text(node: HtmlElement | None) -> str:
    """An element's visible text, whitespace collapsed."""
    return normalize_space(_text(node)) if node is not None else ""


def _text(node: HtmlElement) -> str:
    """node.text_content(), the text of every text node below it, three times faster: libxml2
    reads the same node content for both, but text_content() runs an XPath string() call."""
    return etree.tostring(node, method="text", encoding="unicode", with_tail=False)


def _meta_index(root: HtmlElement) -> MetaIndex:
    """Meta contents as written (see _meta) by (attribute, lower-cased value), in document order.

    Read once per page: the fields ask for meta tags a dozen times. The contents are normalised
    when read: the fields read a few of the dozens a page has.
    """
    index: MetaIndex = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attribute, value in meta.items():
            if attribute != "content":
                index.setdefault((attribute, value.lower()), []).append(content)
    return index


def _meta(index: MetaIndex, *keys: tuple[str, str]) -> Iterator[str]:
    """Non-empty meta contents, whitespace normalised, for (attribute, value) keys, matched
    case-insensitively."""
    for attribute, value in keys:
        for content in index.get((attribute, value.lower()), ()):
            content = normalize_space(content)
            if content:
                yield content


_LD_JSON = "application/ld+json"
# Never text: dropped from the page as soon as it is parsed.
_DROPPED = (etree.Comment, "script", "style", "noscript", "template")


def _read_json_ld(
    scripts: Iterable[HtmlElement],
) -> tuple[list[dict[str, Any]], set[str]]:
    """Article objects from the JSON-LD scripts, and the organisation names they mention."""
    articles: list[dict[str, Any]] = []
    names: set[str] = set()
    for script in scripts:
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the other cascade steps still work
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            kinds = item.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & xpaths.ARTICLE_TYPES:
                articles.append(item)
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                    names.add(fold(publisher["name"]).lower())
            is_site = kinds & {"Organization", "NewsMediaOrganization", "WebSite"}
            if is_site and isinstance(item.get("name"), str):
                names.add(fold(item["name"]).lower())
            if "@graph" in item:
                stack.append(item["@graph"])
    return articles, names


def _html_parser(**options: Any) -> etree.HTMLParser:
    """lxml.html's parser, its elements all HtmlElement, the class chosen in C.

    lxml.html's own parser asks a Python function for the class of every element Python
    touches (a tenth of the parse of a demo page, profiled), only to give forms and their
    fields classes of their own, which nothing here uses.
    """
    parser = etree.HTMLParser(**options)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


_STR_PARSER = _html_parser()


def _document(html: str) -> HtmlElement:
    try:
        return lxml.html.document_fromstring(html, parser=_STR_PARSER)
    except ValueError:
        # An XML declaration that the strip above missed (a broken byte before it, found by
        # fuzzing): lxml refuses it in a str, and reads the same text given as bytes.
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_STR_PARSER)


_NOT_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# _NOT_XML_CHARS in UTF-8: single bytes, and \ufffe and \uffff, whose three bytes start with one
# rare in Vietnamese text (that of \uf000 to \uffff).
_NOT_XML_BYTES = [bytes([byte]) for byte in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
_NOT_XML_LEAD = b"\xef"
_NOT_XML_SEQUENCES = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
# libxml2 reads a str from lxml as UCS-2 or UCS-4 and converts it, which on a real 150 KiB page
# costs two thirds again the parse itself; the same text given as UTF-8 bytes with the encoding
# stated is read directly, into the same tree. lxml serialises a parser's use across threads.
_UTF8_PARSER = _html_parser(encoding="utf-8")


def _utf8(html: str) -> bytes | None:
    try:
        return html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the str path deals with it
        return None


def _holds_not_xml(data: bytes) -> bool:
    """Whether UTF-8 `data` holds any of _NOT_XML_CHARS.

    Checked on the bytes: looking for each single byte (memchr) and for the rare lead byte of
    the others takes a fifth of the time the regular expression takes to scan the str, and a
    page nearly never holds any. Searching for the three bytes at once is slower: "ế" ends in
    the same byte.
    """
    if any(byte in data for byte in _NOT_XML_BYTES):
        return True
    return _NOT_XML_LEAD in data and any(sequence in data for sequence in _NOT_XML_SEQUENCES)


def _document_utf8(data: bytes) -> HtmlElement:
    return lxml.html.document_fromstring(data, parser=_UTF8_PARSER)


def _decode(html: bytes) -> tuple[str, bytes | None]:
    """Decode with the page's declared charset (BOM, then meta), else UTF-8.

    Also returns the bytes read as UTF-8 when they are valid UTF-8, else None.
    """
    codec = "utf-8"
    if html.startswith(b"\xef\xbb\xbf"):
        html = html[3:]
    else:
        declared = re.search(rb"""charset=["']?([\w.:-]+)""", html[:4096], re.IGNORECASE)
        if declared:
            with contextlib.suppress(LookupError):  # an unknown name: read as UTF-8
                codec = codecs.lookup(declared.group(1).decode("ascii")).name
    if codec == "utf-8":
        try:
            return html.decode("utf-8"), html
        except UnicodeDecodeError:
            pass
    try:
        return html.decode(codec, errors="replace"), None
    except LookupError:  # a codec that is no text encoding, such as base64
        return html.decode("utf-8", errors="replace"), None


def _copy(node: HtmlElement) -> HtmlElement:
    copied = copy.deepcopy(node)
    copied.tail = None
    return copied


def _common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement:
    # Compare by identity while every proxy is held: lxml reuses a live proxy per node.
    ancestors = [a, *a.iterancestors()]
    for node in (b, *b.iterancestors()):
        if any(node is ancestor for ancestor in ancestors):
            return node
    return a


def _inside_boilerplate(node: HtmlElement) -> bool:
    """Inside the page's menus, sidebars or footer (a <header> within <article> is fine)."""
    ancestors = [node, *node.iterancestors()]
    in_article = any(a.tag == "article" for a in ancestors)
    return any(
        a.tag in ("footer", "nav", "aside") or (a.tag == "header" and not in_article)
        for a in ancestors
    )


def _blocks(container: HtmlElement) -> Iterator[tuple[str, HtmlElement, str | None]]:
    """Yield (kind, element, text) for each block: "text", "image", "caption" or "figure".

    A block element holding only inline content is one paragraph; one holding other
    blocks is walked into. Figures and image tables are kept whole for their captions.
    The text is the element's (element_text) where it was read to tell the kind, else None;
    always for "text".
    """
    for child in container.iterchildren(etree.Element):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "figure" or (tag == "table" and _has_image(child)):
            yield "figure", child, None
        elif tag in xpaths.BLOCK_TAGS and _has_block_child(child):
            yield from _blocks(child)
        elif _is_caption_element(child):
            yield "caption", child, None
        elif not (text := element_text(child)):
            if _has_image(child) or tag == "img":
                yield "image", child, text
        elif _has_image(child):
            yield "caption", child, text  # an image with words beside it: they describe it
        else:
            yield "text", child, text


def _has_image(node: HtmlElement) -> bool:
    """Whether an <img> is below the node (as find(".//img"), without ElementPath's setup)."""
    return next(node.iterdescendants("img"), None) is not None


def _has_block_child(node: HtmlElement) -> bool:
    return any(
        isinstance(child.tag, str) and child.tag in xpaths.BLOCK_TAGS
        for child in node.iterchildren(etree.Element)
    )


# The DROP selectors that name a bare tag are found in one walk of the body's copy (which
# iter, like "descendant-or-self::tag", starts with): one XPath call each cost more, a dozen
# of them, on the small copy of a body.
_DROP_TAGS = tuple(s for s in xpaths.DROP if re.fullmatch(r"[a-z][a-z0-9]*", s))
_DROP_OTHERS = tuple(s for s in xpaths.DROP if s not in _DROP_TAGS)
# Whether the node itself matches one of the caption selectors, in one XPath call.
_CAPTION_ELEMENT = etree.XPath(
    "boolean(" + HTMLTranslator().css_to_xpath(", ".join(xpaths.CAPTION), prefix="self::") + ")"
)


def _tag_and_class(selector: str) -> tuple[str | None, str | None] | None:
    """(tag, class) of a selector that is a tag, a class or a tag with a class; else None."""
    trees = cssselect_parse(selector)
    if len(trees) != 1 or trees[0].pseudo_element is not None:
        return None
    node = trees[0].parsed_tree
    if isinstance(node, Class) and isinstance(node.selector, Element):
        element = node.selector
        if element.namespace is None:
            return (element.element.lower() if element.element else None), node.class_name
    elif isinstance(node, Element) and node.namespace is None and node.element:
        return node.element.lower(), None
    return None


# The caption selectors as (tag, class), when each is that simple: the body walk tests every
# block, and comparing a tag and a class token in Python costs a fifth of an XPath call.
_CAPTION_PARTS = [_tag_and_class(selector) for selector in xpaths.CAPTION]
_CAPTION_SIMPLE = None if None in _CAPTION_PARTS else [part for part in _CAPTION_PARTS if part]
# What XPath's normalize-space() takes for whitespace, as cssselect's class test uses it.
_XML_SPACES = str.maketrans("\t\n\r", "   ")


def _is_caption_element(node: HtmlElement) -> bool:
    """Whether the node itself matches one of the caption selectors (as _CAPTION_ELEMENT)."""
    if _CAPTION_SIMPLE is None:
        return bool(_CAPTION_ELEMENT(node))
    classes = None
    for tag, class_name in _CAPTION_SIMPLE:
        if tag is not None and node.tag != tag:
            continue
        if class_name is None:
            return True
        if classes is None:
            classes = (node.get("class") or "").translate(_XML_SPACES).split(" ")
        if class_name in classes:
            return True
    return False


# The marked nodes to skip below a container copy ("*/@name/..": see _ATTRIBUTE_STEP).
_SKIPPED = etree.XPath("descendant::*/@data-khenthuong-skip/..")


def _figure_captions(node: HtmlElement) -> list[str]:
    captions = [element_text(n) for n in select(node, xpaths.CAPTION)]
    if not captions and node.tag == "table":
        # Image tables put the caption in the cell without the image.
        captions = [element_text(td) for td in node.iter("td") if not _has_image(td)]
    return _unique(captions)


def _looks_like_caption(node: HtmlElement, text: str | None = None) -> bool:
    """A paragraph right after an image that is centred or wholly in italics.

    `text`: the node's element_text when already read.
    """
    style = (node.get("style") or "").replace(" ", "").lower()
    if "text-align:center" in style or (node.get("align") or "").lower() == "center":
        return True
    emphasis = sum(len(element_text(e)) for e in node.iterchildren("em", "i"))
    return emphasis >= len(element_text(node) if text is None else text) > 0


def _looks_like_byline(text: str) -> bool:
    """A short run of capitalised words with no sentence ending: "Anh Dũng", "P.Y"."""
    name = re.sub(r"^Theo\s+", "", text)
    words = [word for word in xpaths.BYLINE_SEPARATORS.split(name) if word]
    if not words or len(words) > xpaths.BYLINE_MAX_WORDS:
        return False
    # "N.Đ." ends in a dot as initials do; a sentence ends in a dot after a whole word.
    ends_sentence = re.search(r"\w{2,}[.!?:]$", name) is not None
    return not ends_sentence and all(word[0].isupper() for word in words)


_DATE_OR_TIME = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\b\d{1,2}:\d{2}\b")


def _clean_author(text: str) -> str | None:
    """The name alone: without a printed date ("MINH THÔNG 15/03/2017") or credit label."""
    text = normalize_space(text)
    date = _DATE_OR_TIME.search(text)
    if date:
        text = text[: date.start()]
    credit = xpaths.CREDIT_LINE.match(text.strip())
    if credit:
        text = credit["name"]
    text = re.sub(r"^(?:Theo|Tác giả:?)\s+", "", text.strip())
    return text.strip(" -|,:") or None


def _is_person(page: Page, name: str) -> bool:
    name = normalize_space(name)
    # Compared with diacritics: "Bảo Anh" is a person, "Báo Quảng Nam" a paper.
    is_paper = xpaths.PAPER_NAME.match(name) is not None
    return bool(name) and fold(name).lower() not in page.site_names and not is_paper


def _strip_prefix(text: str) -> str:
    match = xpaths.SAPO_PREFIX.match(text)
    return text[match.end() :] if match else text


def _strip_site_name(title: str) -> str:
    """ "Title | Báo Quảng Nam" -> "Title"; only the last separator counts."""
    for separator in (" | ", " - ", " – "):
        if separator in title:
            return title.rsplit(separator, 1)[0].strip()
    return title


def _first_date(nodes: Iterable[HtmlElement]) -> ParsedDate | None:
    for node in nodes:
        parsed = parse_date(element_text(node)) or parse_date(node.get("datetime") or "")
        if parsed:
            return parsed
    return None


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)
