import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from klynge import settings as klynge_settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("helper", "raw"),
    [(klynge_settings.env_bool, "maybe"), (klynge_settings.env_int, "ten")],
)
def test_bad_environment_values_fail_loudly(monkeypatch, helper, raw):
    monkeypatch.setenv("KLYNGE_TEST_VALUE", raw)
    with pytest.raises(ImproperlyConfigured, match="KLYNGE_TEST_VALUE"):
        helper("KLYNGE_TEST_VALUE", 1)


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("KLYNGE_TEST_VALUE", "Yes")
    assert klynge_settings.env_bool("KLYNGE_TEST_VALUE", False) is True
    monkeypatch.setenv("KLYNGE_TEST_VALUE", "0")
    assert klynge_settings.env_bool("KLYNGE_TEST_VALUE", True) is False


def test_every_environment_variable_is_documented_in_the_readme():
    source = (ROOT / "klynge" / "settings.py").read_text()
    names = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    assert len(names) > 10
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"Not documented in README.md: {missing}"


def test_every_command_of_ours_is_documented_in_the_readme():
    commands = {
        path.stem
        for path in (ROOT / "klynge").glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }
    assert {"load-demo", "create-token", "generate-data"} <= commands
    readme = (ROOT / "README.md").read_text()
    assert all(f"klynge {name}" in readme for name in commands), commands


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_english_catalogue_translates_every_string(domain):
    catalogue = (ROOT / "klynge" / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po").read_text()
    entries = catalogue.split("\n\n")[1:]  # the first entry is the header
    untranslated = [
        entry
        for entry in entries
        if re.search(r'\nmsgstr(\[\d\])? ""\n(?!")', entry + "\n") or "#, fuzzy" in entry
    ]
    assert not untranslated, "Run `make messages` and translate:\n" + "\n".join(untranslated[:5])


def test_the_documented_production_settings_pass_the_deploy_check():
    """`klynge check --deploy --fail-level WARNING` with the README's production settings:
    HTTPS redirect and HSTS (with subdomains) behind the TLS proxy, secure cookies."""
    import os
    import subprocess
    import sys

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_COOKIES", "SSL_REDIRECT", "HSTS_SECONDS"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="k" + "7Fq9zXw2Lp4Rt6Yv8Bn0Mc3Hd5Js1Ga-" * 2,
        ALLOWED_HOSTS="klynge.example.dk",
        CSRF_TRUSTED_ORIGINS="https://klynge.example.dk",
        BEHIND_TLS_PROXY="true",
    )
    result = subprocess.run(
        [sys.executable, "-m", "klynge", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    readme = (ROOT / "README.md").read_text()
    assert "BEHIND_TLS_PROXY=true" in readme  # the settings this test uses are the README's
