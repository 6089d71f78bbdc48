"""Scrapy settings: a polite, identifiable crawler that archives into khenthuong's SQLite file."""

from crawler import writer_process

BOT_NAME = "khenthuong"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Say who we are and how to reach us; newspapers' webmasters should never have to guess.
USER_AGENT = (
    "khenthuong/0.1 (+https://github.com/khenthuong/khenthuong; contact: archive@example.org)"
)
ROBOTSTXT_OBEY = True

# Politeness: at most two requests at a time per site, paced by the site's own latency.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Provincial sites are slow rather than absent: wait, retry a little, then move on.
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
# A 429 or 503 asking to come back later is waited for up to this many seconds, then retried;
# longer, the page is left for the next night (crawler.middlewares.RetryAfterMiddleware).
RETRY_AFTER_MAX = 120
COOKIES_ENABLED = False
# Everything fetched is kept in the archive's pages table; a second cache would only go stale.
HTTPCACHE_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# Bounded downloads: an article page weighs ~100-500 KB; a response (or a compressed body once
# decompressed: gzip, deflate, br and zstd bombs) beyond DOWNLOAD_MAXSIZE is refused and logged.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Requests to loopback addresses are refused unless this is on (tests and the demo only):
# crawler.safety refuses private, link-local and other non-public addresses always.
KHENTHUONG_ALLOW_LOOPBACK = False

DOWNLOADER_MIDDLEWARES = {
    # In place of Scrapy's OffsiteMiddleware, which logs at DEBUG and lets dont_filter requests
    # through: only the source's domains at public addresses, for every request (redirects and
    # robots.txt included), each refusal logged as a warning.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.safety.SafeDestinationMiddleware": 50,
    # Same place as Scrapy's own (100), fixed so that concurrent first requests obey robots.txt.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SharedRobotsTxtMiddleware": 100,
    # A redirect (baoquangnam.vn -> baodanang.vn) comes back through the downloader middlewares
    # as a new request; this one drops it when its target is already archived.
    "crawler.middlewares.SkipArchivedRedirectMiddleware": 650,
    # Responses pass middlewares from high numbers to low: both see a response before
    # RedirectMiddleware (600) and RetryMiddleware (550) act on it.
    "crawler.middlewares.RedirectLoopMiddleware": 610,
    "crawler.middlewares.RetryAfterMiddleware": 560,
}
# Scrapy starts this many tasks for every response that gives any output; a response gives at
# most one page item here (listings and sitemaps give requests, queued at once), and Scrapy's
# default of 100 cost more CPU than the rest of the spider (profiled: 100 tasks a response).
CONCURRENT_ITEMS = 4
ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 300,
}

# The archive file the pipeline writes (khenthuong crawl --db overrides it).
KHENTHUONG_DB = "archive.db"
# The program that parses and writes the fetched pages, fed by the pipeline: the archive file
# is appended to it (crawler.writer_process). Fault-injection trials wrap it.
KHENTHUONG_WRITER_COMMAND = list(writer_process.WRITER_COMMAND)

# Planned revisits: an archived article is fetched again this many days after its publication,
# to record later edits (article_versions); otherwise it is never fetched again.
KHENTHUONG_REVISIT_DAYS = [1, 7]
# The crawl's clock (ISO 8601); unset means the real time. Tests and replays fix it.
KHENTHUONG_NOW = None
