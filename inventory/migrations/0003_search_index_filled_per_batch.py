from django.db import migrations

from sync.search import search_index_rebuild_operation


# SQLite: the search index is now filled per batch from a queue of changed rows, and only when the
# search text changed, instead of row by row from triggers (sync.search); remade here and the rows
# already stored reindexed. PostgreSQL: nothing changes.
MODELS = ('Category', 'Brand', 'Variant', 'Product', 'Warehouse', 'InventoryMovement', 'RemissionGuide',)


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0002_search_text_and_admin_indexes'),
    ]

    operations = [
        search_index_rebuild_operation('inventory', MODELS),
    ]
