"""The committed bundle in static/dist is what esbuild builds from static/src today."""

import filecmp
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_the_committed_bundle_is_up_to_date(tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed to check the bundle (the test script installs it)"
    assert (ROOT / "node_modules" / "esbuild").exists(), "run `npm ci` first (the test script does)"
    out = tmp_path / "dist"
    subprocess.run([node, str(ROOT / "static" / "build.mjs"), str(out)], check=True, cwd=ROOT, timeout=120)
    committed, built = ROOT / "static" / "dist", out
    assert files_under(committed) == files_under(built), "static/dist is stale: run `npm run build` and commit"
    stale = [name for name in files_under(built) if not filecmp.cmp(committed / name, built / name, shallow=False)]
    assert stale == [], f"static/dist is stale ({stale}): run `npm run build` and commit"


def test_every_page_entry_is_in_the_bundle():
    entries = {p.name for p in (ROOT / "static" / "src").glob("*.js")}
    assert {"drafting.js", "delegate.js", "console.js"} <= entries
    assert entries <= {p.name for p in (ROOT / "static" / "dist").glob("*.js")}
