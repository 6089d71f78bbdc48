"""khenthuong: an archive of commendation news from Vietnamese provincial papers."""

__version__ = "0.1.0"
