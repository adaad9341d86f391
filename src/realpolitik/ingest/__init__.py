"""Ingest: paths (files, directories, '-' for stdin) to cleaned `Document`s.

`clean_text` fixes the text every later offset indexes into, so it runs before anything
else; bad input comes back as `IngestError` values with a one-line fix, never as a crash.
"""

from realpolitik.ingest.clean import clean_text
from realpolitik.ingest.dates import normalise_date
from realpolitik.ingest.errors import IngestError
from realpolitik.ingest.frontmatter import parse_front_matter
from realpolitik.ingest.readers import document_from_record, read_documents

__all__ = [
    "IngestError",
    "clean_text",
    "document_from_record",
    "normalise_date",
    "parse_front_matter",
    "read_documents",
]
