"""All fifteen sandbox catalogues, by Contífico path (without version or slashes)."""

from .accounting import Asiento, CentroCosto, CuentaContable
from .banking import BancoCuenta, BancoMovimiento
from .documents import Documento, Transaccion
from .inventory import Bodega, Categoria, Guia, Marca, MovimientoInventario, Producto, Variante
from .persons import Persona

CLASSES = (
    Categoria, Marca, Variante, Producto, Bodega, MovimientoInventario, Guia, Documento, Transaccion,
    Persona, CentroCosto, CuentaContable, Asiento, BancoCuenta, BancoMovimiento,
)


def build_registry(dataset):
    """Return {collection name: Catalogue} for one data set."""
    registry = {}
    for cls in CLASSES:
        registry[cls.name] = cls(dataset, registry)
    return registry
