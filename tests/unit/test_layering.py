"""The arrows point one way: domain imports no framework; storage and exports no Qt.

And there is one write path: the interface hands records to services, services hand them to
the repositories, and only the repositories touch the session."""

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]

# A unit of work's session, a commit, or a repository's write called directly
DIRECT_WRITE = re.compile(
    r"\.session\b|\._session\b|\.commit\(|\buow\.\w+\.(add|add_all|update|delete)\("
)


def test_the_import_contracts_in_pyproject_hold():
    lint_imports = shutil.which("lint-imports")
    assert lint_imports, "import-linter is a dev dependency"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _lines(folder: str) -> list[tuple[str, int, str]]:
    """Every line of the package's modules."""
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found.append((str(path.relative_to(ROOT)), number, line))
    return found


def test_services_never_touch_the_session():
    """Services validate and hand records to the repositories; the SQL is the repositories'."""
    offending = [
        f"{path}:{number}: {line.strip()}"
        for path, number, line in _lines("services")
        if re.search(r"\.session\b|\._session\b", line)
    ]
    assert offending == []


def test_the_interface_writes_only_through_services():
    """No dialog or tab adds, changes, deletes or commits anything itself."""
    offending = [
        f"{path}:{number}: {line.strip()}"
        for path, number, line in _lines("ui")
        if DIRECT_WRITE.search(line)
    ]
    assert offending == []
