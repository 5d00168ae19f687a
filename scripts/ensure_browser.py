"""Make sure the browser tests have a Chromium: Debian's package where apt exists, else Playwright's own."""

import os
import shutil
import subprocess
import sys

DEBIAN_CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    if os.path.exists(DEBIAN_CHROMIUM):
        return 0
    if shutil.which("apt-get"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False)
        if subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "chromium"], check=False).returncode == 0:
            return 0
    # Elsewhere (macOS, other Linux): Playwright's own build of Chromium.
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    if result.returncode != 0:
        print("No Chromium could be installed; the browser tests will be skipped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
