"""The package runs when installed: fresh venv, `pip install .`, gunicorn, pages and /readyz.

Slow (it installs every dependency into a new virtual environment); marked `slow`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="runs once, in the SQLite pass of the suite"
)
def test_an_installed_package_serves_every_page(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(ROOT)], check=True, cwd=tmp_path, timeout=900)
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "installed-package-smoke-test-" + "k" * 40,
    }
    # Run outside the repository: nothing can come from the source tree.
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import aanbodplatform, sys; print(aanbodplatform.__file__)"],  # fmt: skip
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(venv) in probe.stdout
    flask = [str(venv / "bin" / "flask"), "--app", "aanbodplatform:create_app"]
    setup = subprocess.run(
        [*flask, "setup"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "Search index built" in setup.stdout
    port = _free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "aanbodplatform.wsgi:app"],  # fmt: skip
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, page = _get(f"{base}/nl/")
        assert status == 200 and 'lang="nl"' in page
        status, page = _get(f"{base}/fr/search?near=9000")
        assert status == 200 and 'lang="fr"' in page
        assert "Rechercher" in page or "recherche" in page.lower()  # compiled catalogs ship
        assert _get(f"{base}/static/css/site.css")[0] == 200
        assert _get(f"{base}/api/v1/offers?near=9000")[0] == 200
        status, body = _get(f"{base}/readyz")
        assert status == 200, body
    finally:
        server.terminate()
        server.wait(timeout=30)
