"""Make sure the browser tests have a Chromium: Debian's package where apt exists, else Playwright's own."""

import os
import shutil
import subprocess
import sys

DEBIAN_CHROMIUM = "/usr/bin/chromium"


def apt_install(package: str) -> bool:
    """Install Debian's ``package`` with apt-get (as root, else with sudo); whether that worked."""
    if not shutil.which("apt-get"):
        return False
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False)
    return subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], check=False).returncode == 0


def main() -> int:
    if os.path.exists(DEBIAN_CHROMIUM) or apt_install("chromium"):
        return 0
    # Elsewhere (macOS, other Linux): Playwright's own build of Chromium.
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    if result.returncode != 0:
        print("No Chromium could be installed; the browser tests will be skipped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
