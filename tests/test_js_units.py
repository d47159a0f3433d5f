"""The pure functions of the ES modules in static/js, tested by Node's built-in runner (static/js/tests/)."""

import shutil
import subprocess
from pathlib import Path

JS_TESTS = Path(__file__).resolve().parents[1] / "static" / "js" / "tests"


def test_javascript_unit_tests_pass():
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is missing: scripts/setup.sh installs Debian's nodejs"
    files = sorted(str(path) for path in JS_TESTS.glob("*.test.mjs"))
    assert files, "no JavaScript tests found"
    result = subprocess.run([node, "--test", *files], check=False, capture_output=True, text=True, timeout=120)
    summary = "\n".join(line for line in result.stdout.splitlines() if line.startswith(("# ", "not ok")))
    assert result.returncode == 0, f"{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    assert "# fail 0" in summary and "# pass 0" not in summary, summary
