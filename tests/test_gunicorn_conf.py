"""gunicorn's worker count follows the cores the server may use, not the machine's count."""

import os
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_a_server_pinned_to_one_core_starts_three_workers(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert runpy.run_path(str(CONF))["workers"] == 3


def test_web_concurrency_still_wins(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(str(CONF))["workers"] == 7
