"""The Scrapy side of khenthuong: one generic spider driven by sources.toml."""
