"""Items the spider yields: raw fetched pages, parsed later by khenthuong.ingest."""

from dataclasses import dataclass, field


@dataclass
class RawPage:
    """One fetch of an article page, exactly as received; parsing happens in the pipeline."""

    source: str
    url: str  # after redirects: the URL that actually answered
    status: int
    body: bytes = field(repr=False)  # keeps Scrapy's "Scraped from" log lines short
    encoding: str | None
    fetched: str  # ISO 8601, UTC
    # The response's status line protocol and headers, kept with the body in a WARC record.
    headers: list[tuple[str, str]] = field(default_factory=list, repr=False)
    protocol: str = "HTTP/1.1"
    # Set when the fetch failed (an HTTP error, a timeout, a redirect loop...): the page is kept
    # with this reason and not parsed. status is 0 when no response came at all.
    error: str | None = None
