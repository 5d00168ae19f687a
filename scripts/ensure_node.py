"""Make sure the browser tests have node and the npm packages they pin (axe-core, package-lock.json): Debian's
nodejs (and npm, where it comes apart) where apt exists, then ``npm ci`` unless node_modules already matches."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from deploy.debian import apt_install

ROOT = Path(__file__).resolve().parent.parent


def installed_as_locked() -> bool:
    """Every package in package-lock.json is in node_modules at the locked version."""
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for path, entry in locked.items():
        manifest = ROOT / path / "package.json"
        if path and (not manifest.is_file() or json.loads(manifest.read_text())["version"] != entry["version"]):
            return False
    return True


def main() -> int:
    if not (shutil.which("node") or shutil.which("nodejs") or apt_install("nodejs")):
        print("node could not be installed; the JavaScript tests will be skipped.", file=sys.stderr)
        return 0
    if installed_as_locked():
        return 0
    if not (shutil.which("npm") or apt_install("npm")):
        print("npm could not be installed; the axe-core tests will be skipped.", file=sys.stderr)
        return 0
    ci = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=False)
    if ci.returncode != 0:
        print("npm ci failed; the axe-core tests will be skipped (and fail in CI).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
