"""Make sure the browser tests have a Chromium: Debian's package where apt exists, else Playwright's own."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from deploy.debian import apt_install

DEBIAN_CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    if os.path.exists(DEBIAN_CHROMIUM):
        return 0
    if apt_install("chromium"):
        return 0
    # Elsewhere (macOS, other Linux): Playwright's own build of Chromium.
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    if result.returncode != 0:
        print("No Chromium could be installed; the browser tests will be skipped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
