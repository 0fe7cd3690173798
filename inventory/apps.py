from django.apps import AppConfig


class InventoryConfig(AppConfig):
    """Stock-side catalogues: categories, brands, variants, products, warehouses, movements, guides."""

    name = "inventory"
    verbose_name = "Inventario"
