"""The house rules: imports point down, no circles between packages, actions named where declared,
nothing points outside the repository. See docs/architecture.md (Layers)."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "workshop"
LOWER = ("collab", "services", "models", "export")
UPPER = ("live", "web")


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
            package = parts
        else:
            package = parts[:-1]
        yield path, ".".join(parts), package


def _imports(path, package):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _node(dotted):
    parts = dotted.split(".")
    if parts[0] != "workshop" or len(parts) < 2:
        return None
    if (PKG / parts[1]).is_dir():
        return parts[1]
    return parts[1] if (PKG / f"{parts[1]}.py").exists() else None


def _arrows():
    for path, _, package in _modules():
        source = _node(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for line, target in _imports(path, package):
            dest = _node(target)
            if dest:
                yield path, line, source, dest


def test_lower_layers_never_import_live_or_web():
    bad = sorted({f"{p.relative_to(ROOT)}:{line}: {src} imports {dest} (lower layer -> live/web)"
                  for p, line, src, dest in _arrows() if src in LOWER and dest in UPPER})
    assert not bad, "\n".join(bad)


def test_no_circle_between_packages():
    graph, where = {}, {}
    for p, line, src, dest in _arrows():
        if src != dest:
            graph.setdefault(src, set()).add(dest)
            where.setdefault((src, dest), f"{p.relative_to(ROOT)}:{line}")
    cycles = []
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    cycle = trail + [start]
                    if min(cycle[:-1]) == start:
                        cycles.append(" -> ".join(cycle) + "  via " + ", ".join(
                            where[(a, b)] for a, b in zip(cycle, cycle[1:], strict=False)))
                elif nxt not in trail and nxt > start:
                    stack.append((nxt, trail + [nxt]))
    assert not cycles, "package circles:\n" + "\n".join(sorted(cycles))


def _named_in_source():
    named = {}
    for path in sorted((PKG / "live").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            calls = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                calls = [d for d in node.decorator_list if isinstance(d, ast.Call)]
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                calls = [node.value]
            for call in calls:
                func = call.func
                name = getattr(func, "id", getattr(func, "attr", ""))
                if name.endswith("action") and call.args and isinstance(call.args[0], ast.Constant) \
                        and isinstance(call.args[0].value, str):
                    named[call.args[0].value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return named


def test_every_action_is_named_where_its_handler_is_declared(app):
    from workshop.extensions import socketio
    registered = set()
    registered |= {entry[0] for entry in getattr(socketio, "handlers", [])
                   if len(entry) > 2 and entry[2] == "/live" and entry[0] not in ("connect", "disconnect")}
    if socketio.server:
        registered |= {name for name in socketio.server.handlers.get("/live", {})
                       if name not in ("connect", "disconnect")}
    try:
        from workshop.live import actions
        registry = next((v for k, v in vars(actions).items()
                         if isinstance(v, dict) and k.upper().startswith(("ACTION", "_ACTION", "REGISTRY", "_REGISTRY", "HANDLERS", "_HANDLERS"))), {})
        registered |= set(registry)
    except ImportError:
        pass
    named = _named_in_source()
    missing = sorted(registered - set(named) - {"y", "message"})
    assert registered, "no action found on /live"
    assert not missing, "actions not named by a string literal in their handler's decorator or factory call:\n" \
        + "\n".join(missing)


SCANNED = ["workshop", "tests", "templates", "static/src", "README.md", "docs"]
OUTSIDE = [(re.compile(r"\.\./shared"), "points to ../shared"),
           (re.compile(r"DESIGN\s*§"), "cites DESIGN § (use docs/architecture.md §n)"),
           (re.compile(r"/work/|/home/|/tmp/bash_jobs|/Users/"), "absolute path of this machine")]


def test_nothing_points_outside_the_repository():
    me = Path(__file__).resolve()
    bad = []
    for entry in SCANNED:
        base = ROOT / entry
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.exists() else []
        for path in files:
            if path == me or path.suffix in (".pyc", ".png", ".jpg", ".woff", ".woff2", ".ico"):
                continue
            try:
                text = path.read_text()
            except (UnicodeDecodeError, OSError):
                continue
            for number, line in enumerate(text.splitlines(), 1):
                for pattern, rule in OUTSIDE:
                    if pattern.search(line):
                        bad.append(f"{path.relative_to(ROOT)}:{number}: {rule}")
    assert not bad, "\n".join(bad)
