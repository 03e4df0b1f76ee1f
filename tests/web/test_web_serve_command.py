"""``detente serve``: binds to loopback by default and warns before exposing the explorer."""

from __future__ import annotations

import uvicorn
from typer.testing import CliRunner

from detente.cli.main import app


def test_serve_binds_loopback_by_default(monkeypatch):
    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.update(kw))
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert (calls["host"], calls["port"]) == ("127.0.0.1", 8000)
    assert "http://127.0.0.1:8000/" in result.output


def test_serve_warns_when_binding_elsewhere(monkeypatch):
    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.update(kw))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0
    assert calls["host"] == "0.0.0.0" and calls["port"] == 8123
    assert "no login" in result.output


def test_serve_rejects_bad_port():
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
