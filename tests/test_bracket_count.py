"""The editor's bracket count (static/src/drafting/brackets.js) agrees with the server's on any text."""

import json
import random
import shutil
import subprocess
from pathlib import Path

from workshop.brackets import count_open_brackets

ROOT = Path(__file__).resolve().parent.parent
COUNT_IN_NODE = """
import { countBrackets } from "./static/src/drafting/brackets.js";
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => console.log(JSON.stringify(JSON.parse(input).map(countBrackets))));
"""


def test_the_editor_and_the_server_count_the_same_open_brackets():
    node = shutil.which("node")
    assert node, "node is needed to run the editor's code"
    rng = random.Random(7)
    texts = ["", "[a](b)", "a [b] c [d", "[a [b](u) c]", "[a [b] c](url)", "[[a]] [b](c) [d]",
             "The participants [welcomed] the report.", "| [Activity] | [Members] |", "]] [[", "\\[x\\]",
             "![map](m.png) [a", "[a\n\nb] [c]"]
    texts += ["".join(rng.choice("[]()! ab\\\n") for _ in range(rng.randint(0, 40))) for _ in range(300)]
    result = subprocess.run([node, "--input-type=module", "-e", COUNT_IN_NODE], input=json.dumps(texts),
                            capture_output=True, text=True, cwd=ROOT, timeout=60, check=True)
    in_editor = json.loads(result.stdout)
    disagreements = [(t, e, count_open_brackets(t)) for t, e in zip(texts, in_editor, strict=True)
                     if e != count_open_brackets(t)]
    assert disagreements == []
