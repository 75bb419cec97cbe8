"""The `negotiation-tracker/2` interchange format (and version 1): read, check, import, export.

`load_document` parses, `validate_document` lists every problem, `check_file` lists them for
a document file read as a stream (memory bounded by its largest entry), `plan_import` says
what an import would change, `import_document` writes a document atomically and `export_document`
writes negotiations back out. docs/interchange.md describes the format and the rules.
"""

from .export import export_document, export_json_bytes
from .importer import import_document, plan_import
from .load import load_document
from .plan import Counts, ImportPlan, NegotiationPlan
from .validate import (
    FORMAT_NAME,
    FORMAT_V1,
    FORMAT_V2,
    InterchangeError,
    Problem,
    validate_document,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_V1",
    "FORMAT_V2",
    "Counts",
    "ImportPlan",
    "InterchangeError",
    "NegotiationPlan",
    "Problem",
    "export_document",
    "export_json_bytes",
    "import_document",
    "load_document",
    "plan_import",
    "validate_document",
]
