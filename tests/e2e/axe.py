"""axe-core on every page the end-to-end tests open (issue 10.16): no serious or critical violation.

Use it through the ``shot`` helpers (screenshot + check) or the ``axe_check``
fixture: ``axe_check(page, "monitoring/01-todo")``. Each check writes the
page's full axe result to ``test-output/axe/<name>.json`` and fails the test
on any violation of impact ``serious`` or ``critical``, listing rule, help and
the elements, so the failure says what to fix. axe-core comes from the
``axe-playwright-python`` package (its bundled ``axe.min.js``); no network.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Impacts that fail a test. Minor and moderate findings are written to the report only.
FAILING_IMPACTS = ("serious", "critical")


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def check_page(page, name: str, output_dir: Path) -> list[dict]:
    """Run axe-core on the page as it is now; write the result; raise on serious or critical violations."""
    results = _axe().run(page, options={"resultTypes": ["violations"]})
    violations = results.response.get("violations", [])
    folder = output_dir / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    safe = name.replace("/", "__")
    (folder / f"{safe}.json").write_text(
        json.dumps({"url": page.url, "violations": violations}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    if failing:
        lines = [f"axe-core on {page.url} ({name}):"]
        for v in failing:
            targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} -> {targets}")
        raise AssertionError("\n".join(lines))
    return violations
