"""Every variable the settings read is in the README's Configuration table and in ``.env.example``."""

import re

from django.conf import settings

from tests.config.support import ROOT


def documented_in_readme():
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for line in table for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])}


def named_in_env_example():
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))


def test_every_variable_read_is_in_the_readme_configuration_table():
    assert settings.CONFIG.names - documented_in_readme() == set()


def test_every_variable_read_is_in_the_env_example():
    assert settings.CONFIG.names - named_in_env_example() == set()

