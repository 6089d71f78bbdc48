"""Pure parsers: HTML or text in, dataclasses out. No Scrapy, network or database."""
