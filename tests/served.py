"""The archive served by Datasette in the test's own process, configured as `khenthuong serve`
configures it (the metadata and DATASETTE_SETTINGS); shared by the Datasette tests."""

import json
from pathlib import Path

from datasette.app import Datasette

from khenthuong.cli import METADATA
from khenthuong.datasette_plugin import DATASETTE_SETTINGS


def serve_archive(db_path: Path) -> Datasette:
    metadata = json.loads(METADATA.read_text("utf-8"))
    return Datasette([str(db_path)], metadata=metadata, settings=DATASETTE_SETTINGS)
