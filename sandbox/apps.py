from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """A fake Contífico API for tests, the demo and benchmarks (no models)."""

    name = "sandbox"
    verbose_name = "Sandbox de Contífico"
