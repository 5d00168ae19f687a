"""Make sure the tests of the explorers' JavaScript have node: Debian's nodejs where apt exists."""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from deploy.debian import apt_install


def main() -> int:
    if not (shutil.which("node") or shutil.which("nodejs") or apt_install("nodejs")):
        print("node could not be installed; the JavaScript tests will be skipped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
