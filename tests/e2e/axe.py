"""axe-core, run inside a Playwright page: ``violations(page)`` lists what it finds, open shadow roots included.

axe-core is the npm package pinned in package.json (``make test`` installs it with ``npm ci``): the engine itself,
at the version Deque published, with no wrapper between it and the page. Run in the page, axe walks open shadow
roots, which is where the explorers (components v2) render; a node there has a target of several selectors, the
last inside the shadow root of the element the one before it selects.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0–2.2 at levels A and AA, and Deque's best practices (landmarks, heading order, region).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = ("serious", "critical")

_RUN = """async ([context, tags]) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(context ?? document, options);
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One rule broken at one node; ``target`` is a chain of selectors across shadow roots."""

    rule: str
    impact: str
    help: str
    target: tuple[str, ...]
    html: str
    summary: str

    @property
    def in_shadow_root(self) -> bool:
        return len(self.target) > 1

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {' >>> '.join(self.target)}: {self.summary}"


@functools.cache
def axe_source() -> str:
    """axe.min.js; the test is skipped where it is missing, and fails in CI, where ``make test`` installs it."""
    if not AXE_JS.is_file():
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            raise FileNotFoundError(f"{AXE_JS} is missing: run `make browser` (npm ci)")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


def violations(page, *, context: str | None = None, tags: list[str] = TAGS) -> list[Violation]:
    """Run axe-core on ``page`` (or the part the CSS selector ``context`` selects); one Violation per node."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    found = page.evaluate(_RUN, [context, tags])
    return [
        Violation(v["rule"], v["impact"], v["help"], tuple(_flat(n["target"])), n["html"], n["summary"])
        for v in found
        for n in v["nodes"]
    ]


def _flat(target: list) -> list[str]:
    """axe's target has one entry per frame (this app has none inside its page), each a selector or, for a node in
    a shadow root, the list of selectors down to it."""
    return [selector for frame in target for selector in ([frame] if isinstance(frame, str) else frame)]


def serious(found: list[Violation]) -> list[str]:
    """The serious and critical violations, one readable line each (an empty list is a pass)."""
    return [str(v) for v in found if v.impact in SERIOUS]
