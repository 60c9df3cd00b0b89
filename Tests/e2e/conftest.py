"""Shared helpers for the end-to-end tests: they run the built gd binary as a user would."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def gd_binary():
    path = os.environ.get("GD_BINARY")
    if not path:
        path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip() + "/gd"
    return os.path.abspath(path)


class GD:
    def __init__(self, path):
        self.path = path

    def __call__(self, *args, stdin="", cwd=None):
        return subprocess.run([self.path, *args], input=stdin, capture_output=True, text=True,
                              cwd=cwd or ROOT, timeout=60)

    def json(self, *args, stdin=""):
        """Runs with --json and returns (exit status, list of objects)."""
        r = self("--json", *args, stdin=stdin)
        return r.returncode, [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gd():
    return GD(gd_binary())
