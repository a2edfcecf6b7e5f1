"""The committed bundle in static/dist is what static/build.mjs makes from static/src today."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "static" / "dist"


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_bundle_matches_a_fresh_build(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed to check the bundle"
    subprocess.run([node, str(ROOT / "static" / "build.mjs"), str(tmp_path)], cwd=ROOT, check=True, timeout=120)
    fresh, committed = files_under(tmp_path), files_under(DIST)
    assert sorted(fresh) == sorted(committed), "static/dist is stale: run `node static/build.mjs`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"static/dist is stale ({', '.join(stale)}): run `node static/build.mjs`"


def test_every_page_entry_is_built():
    entries = {p.name for p in (ROOT / "static" / "src").glob("*.js")}
    assert entries <= {p.name for p in DIST.glob("*.js")}
    assert "drafting.js" in entries
