"""The search box finds records the way people type: any word, part of a code, no accents, no dashes.

Runs on whichever database the suite runs on (scripts/test runs both): FTS5 trigram on SQLite,
pg_trgm on PostgreSQL.
"""

import pytest
from django.utils import timezone

from accounting.models import Document, Person, Sale
from inventory.models import Product
from sync.search import normalise, search_text
from tests.admin.support import sample, store, url

pytestmark = pytest.mark.django_db

PRODUCTS = [
    ("p1", "P00001", "ALMOHADA NEGRO NOGAL"),
    ("p2", "P00007", "Lámpara azul Cotopaxi"),
    ("p3", "P00012", "CAMISETA EDICIÓN 2024 ANDINA"),
    ("p4", "P10000", "ALMOHADA BLANCO PACÍFICO"),
    ("p5", "X-77", "Té verde Ñandú"),
]


@pytest.fixture
def products():
    store(
        Product,
        *(
            sample("inventory.Product", id=pk, codigo=code, nombre=name, codigo_barra="")
            for pk, code, name in PRODUCTS
        ),
    )


def _found(client, model, query):
    response = client.get(url(model, "changelist"), {"q": query})
    assert response.status_code == 200
    return sorted(row.pk for row in response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nogal", ["p1"]),  # a word inside a name
        ("ALMOHADA NEGRO", ["p1"]),  # every word must appear
        ("almohada", ["p1", "p4"]),
        ("P0000", ["p1", "p2"]),  # part of a code
        ("p00007", ["p2"]),  # lower case
        ("edicion", ["p3"]),  # no accent typed, "EDICIÓN" stored
        ("EDICIÓN 2024", ["p3"]),
        ("lampara", ["p2"]),  # an accented name, unaccented and lower-cased
        ("LÁMPARA", ["p2"]),
        ("nandu", ["p5"]),  # ñ found as n
        ("x7", ["p5"]),  # a word shorter than a trigram still searches
        ("x-77", ["p5"]),
        ("pacifico almohada", ["p4"]),  # words in any order
        ("nada-de-esto", []),
    ],
)
def test_product_search_finds_its_record(admin_client, products, query, expected):
    assert _found(admin_client, Product, query) == expected


def test_the_exact_id_still_finds_a_product(admin_client, products):
    assert _found(admin_client, Product, "p4") == ["p4"]


@pytest.mark.parametrize("model", [Document, Sale])
@pytest.mark.parametrize(
    "query", ["001-001-000000251", "001001000000251", "000000251", "0922054", "comercial andina"]
)
def test_documents_are_found_by_number_with_or_without_dashes_and_by_ruc_prefix(admin_client, model, query):
    label = f"accounting.{model.__name__}"
    party = {"id": "pKBe1Eqk8f6zeXyO", "ruc": "0922054366001", "razon_social": "COMERCIAL ANDINA S.A."}
    other = {"id": "qLCf2Frl9g7afYzP", "ruc": "1790012345001", "razon_social": "OTRA S.A."}
    store(
        model,
        sample(label, id="wanted", documento="001-001-000000251", persona=party),
        sample(label, id="other", documento="001-002-000000999", persona=other),
    )

    assert _found(admin_client, model, query) == ["wanted"]


def test_persons_are_found_by_ruc_prefix_and_any_word_of_the_name(admin_client):
    store(
        Person,
        sample("accounting.Person", id="a", razon_social="MUÑOZ PEÑA JOSÉ", ruc="1712345678001", cedula=""),
        sample(
            "accounting.Person", id="b", razon_social="GÓMEZ ANDRADE MARÍA", ruc="0990001112001", cedula=""
        ),
    )

    assert _found(admin_client, Person, "17123") == ["a"]
    assert _found(admin_client, Person, "jose munoz") == ["a"]
    assert _found(admin_client, Person, "andrade") == ["b"]


def test_a_renamed_record_is_found_by_its_new_name_only(admin_client, products):
    store(
        Product, sample("inventory.Product", id="p1", codigo="P00001", nombre="COLCHÓN ROJO", codigo_barra="")
    )

    assert _found(admin_client, Product, "nogal") == []
    assert _found(admin_client, Product, "colchon") == ["p1"]


def test_a_deleted_row_leaves_the_search(admin_client, products):
    Product.objects.filter(pk="p1").delete()

    assert _found(admin_client, Product, "nogal") == []
    assert _found(admin_client, Product, "almohada") == ["p4"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "' OR 1=1 --",
        "a%b",
        "_",
        "\\",
        "NEAR(x y)",
        "nogal*",
        "x" * 5000,
        "uno dos tres cuatro cinco seis siete",
    ],
)
def test_odd_queries_answer_200(admin_client, products, query):
    assert admin_client.get(url(Product, "changelist"), {"q": query}).status_code == 200


def test_the_search_column_is_lower_case_without_accents_and_keeps_numbers_without_dashes():
    assert normalise("  EDICIÓN   Año\x00Ñandú ") == "edicion ano nandu"
    assert search_text("001-001-000000251", None, "", "Comercial Andina") == (
        "001-001-000000251 | 001001000000251 | comercial andina"
    )


@pytest.mark.django_db(transaction=True)
def test_the_sqlite_search_index_survives_a_vacuum(admin_client):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index follows SQLite rowids; PostgreSQL's index lives on the table")
    store(
        Product,
        *(sample("inventory.Product", id=f"v{n}", nombre=f"SILLA {n}", codigo=f"S{n}") for n in range(6)),
    )
    store(Product, sample("inventory.Product", id="last", nombre="MESA DE NOGAL", codigo="M1"))
    Product.objects.filter(pk__in=["v0", "v2", "v4"]).delete()  # gaps in the rowids

    with connection.cursor() as cursor:
        cursor.execute("VACUUM")

    assert _found(admin_client, Product, "nogal") == ["last"]
    assert _found(admin_client, Product, "silla") == ["v1", "v3", "v5"]


def test_digits_that_begin_a_ruc_find_that_partys_documents_and_other_digits_search_inside_numbers(
    admin_client,
):
    store(
        Sale,
        sample("accounting.Sale", id="a", documento="001-001-000000017", persona={"ruc": "1790017001001"}),
        sample("accounting.Sale", id="b", documento="001-001-000555444", persona={"ruc": "0990001112001"}),
        sample("accounting.Sale", id="c", documento="001-001-000000019", persona={"ruc": "1799999999001"}),
    )

    assert _found(admin_client, Sale, "1790017") == ["a"]  # a RUC prefix, not the number holding it
    assert _found(admin_client, Sale, "1799") == ["c"]
    assert _found(admin_client, Sale, "0000000") == ["a", "c"]  # no RUC starts so: inside numbers
    assert _found(admin_client, Sale, "555444") == ["b"]


def test_a_record_changed_outside_the_sync_is_found_by_its_new_name_at_once(admin_client, products):
    # The ORM (or a move between databases) writes without the sync: on SQLite the row waits for
    # the index, and the search tests it as it is meanwhile.
    renamed = search_text("P00001", "COLCHÓN ROJO")
    Product.objects.filter(pk="p1").update(nombre="COLCHÓN ROJO", search_text=renamed)
    Product.objects.create(id="p9", payload={}, payload_hash="x", fetched_at=timezone.now(),
                           nombre="MESA NOGAL", search_text=search_text("P00099", "MESA NOGAL"))

    assert _found(admin_client, Product, "nogal") == ["p9"]
    assert _found(admin_client, Product, "colchon rojo") == ["p1"]
    assert _found(admin_client, Product, "almohada") == ["p4"]

    store(Product, sample("inventory.Product", id="p5", codigo="X-77", nombre="TÉ NEGRO", codigo_barra=""))

    assert _found(admin_client, Product, "nogal") == ["p9"]
    assert _found(admin_client, Product, "negro") == ["p5"]
    assert _sqlite_index_is_sound()


def test_resyncing_records_whose_searchable_values_did_not_change_leaves_the_search_index_untouched(
    admin_client, products
):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index's pages are SQLite's to look at")
    before = _sqlite_index_pages()
    # A new price and stock: the record is rewritten, its name and codes are the same.
    store(Product, sample("inventory.Product", id="p1", codigo="P00001", nombre="ALMOHADA NEGRO NOGAL",
                          codigo_barra="", pvp1="99.99", cantidad_stock="7"))

    assert Product.objects.get(pk="p1").payload["pvp1"] == "99.99"
    assert _sqlite_index_pages() == before
    assert _found(admin_client, Product, "nogal") == ["p1"]


def _sqlite_index_pages():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, block FROM products_search_data ORDER BY id")
        return cursor.fetchall()


def _sqlite_index_is_sound():
    from django.db import connection

    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        # FTS5 checks its index against the catalogue table, and raises if they differ.
        cursor.execute("INSERT INTO products_search(products_search) VALUES ('integrity-check')")
        cursor.execute("SELECT count(*) FROM products_search_pending")
        return cursor.fetchone()[0] == 0
