"""The folders tell the architecture: imports run from `timeline` into `tracker`, never back."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("tracker", "timeline")


def _modules(package):
    return sorted(
        path
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and "management" not in path.parts
    )


def _imported_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _packages():
    return [
        path.parent
        for package in PACKAGES
        for path in (ROOT / package).rglob("__init__.py")
        if path.parent != ROOT / package and "migrations" not in path.parts
    ]


def test_layout_tracker_never_imports_timeline():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules("tracker")
        for name in _imported_names(path)
        if name == "timeline" or name.startswith("timeline.")
    ]
    assert offenders == []


def test_layout_finds_an_import_of_timeline(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from timeline.charts import build_figure\n")
    assert list(_imported_names(module)) == ["timeline.charts"]


@pytest.mark.parametrize("package", PACKAGES)
def test_layout_no_module_repeats_its_packages_prefix(package):
    prefixed = [
        path.relative_to(ROOT).as_posix()
        for folder in [ROOT / package, *_packages()]
        for path in folder.glob("*.py")
        if path.stem.startswith(f"{folder.name}_")
    ]
    sibling_prefixes = {}
    for path in (ROOT / package).glob("*.py"):
        head = path.stem.split("_")[0]
        if "_" in path.stem:
            sibling_prefixes.setdefault(head, []).append(path.stem)
    shared = {head: names for head, names in sibling_prefixes.items() if len(names) > 1}
    assert prefixed == []
    assert shared == {}


def test_layout_readme_map_matches_the_folders():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- `([a-z_/]+)/`", section, flags=re.MULTILINE)
    mapped = {folder for folder in listed if folder.split("/")[0] in PACKAGES}
    folders = {
        path.parent.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("__init__.py")
        if "migrations" not in path.parts
        and "management" not in path.parts
        and "templatetags" not in path.parts
    }
    assert mapped == folders
