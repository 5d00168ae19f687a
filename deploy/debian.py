"""Debian packages the project runs (Chromium for browser tests, nginx for replicas), installed where missing."""

from __future__ import annotations

import os
import shutil
import subprocess


def apt_install(package: str) -> bool:
    """``apt-get install package`` (as root, or through sudo); False where there is no apt-get or it fails."""
    if not shutil.which("apt-get"):
        return False
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False)
    return subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], check=False).returncode == 0
