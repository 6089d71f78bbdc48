"""Run one crawl described by a JSON job: the process the reliability trials start and kill.

    python -m reliability.crawl_job '{"db": "archive.db", "base_url": "http://127.0.0.1:8765"}'

`base_url` crawls the demo source served there; `registry` names a sources.toml instead.
`settings` are Scrapy setting overrides. The last line printed is the crawl summaries as JSON.
"""

import dataclasses
import json
import sys

from crawler.runner import run_crawl
from crawler.sources import get_source, load_sources


def main(argv: list[str]) -> None:
    job = json.loads(argv[1])
    if job.get("registry"):
        sources = load_sources(job["registry"])
    else:
        sources = [get_source("demo").rebased(job["base_url"])]
    summaries = run_crawl(job["db"], sources, settings_overrides=job.get("settings") or {})
    print(json.dumps([dataclasses.asdict(s) for s in summaries]), flush=True)


if __name__ == "__main__":
    main(sys.argv)
