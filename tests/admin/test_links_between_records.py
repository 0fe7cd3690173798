"""Foreign ids link to the record they name; an id that names nothing says so."""

import pytest

from accounting.models import JournalEntry, LedgerAccount, Person, Sale
from inventory.models import Category, Product
from tests.admin.support import sample, store, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return store(Category, sample("inventory.Category", id="cat-1", nombre="HOGAR", padre_id=None))[0]


def test_a_product_links_to_its_category_on_the_list_and_the_detail(admin_client, category):
    product = store(Product, sample("inventory.Product", categoria_id="cat-1"))[0]
    link = f'<a href="{url(Category, "change", "cat-1")}">HOGAR</a>'

    assert link in admin_client.get(url(Product, "changelist")).text
    assert link in admin_client.get(url(Product, "change", product.pk)).text


def test_an_unresolved_id_is_shown_as_such_never_as_a_broken_link(admin_client):
    product = store(Product, sample("inventory.Product", categoria_id="nowhere-123"))[0]

    for page in (url(Product, "changelist"), url(Product, "change", product.pk)):
        text = admin_client.get(page).text
        assert "nowhere-123 · sin registro" in text
        assert url(Category, "change", "nowhere-123") not in text


def test_a_category_counts_the_products_that_reference_it_and_links_to_them(admin_client, category):
    store(
        Product,
        sample("inventory.Product", id="a", categoria_id="cat-1"),
        sample("inventory.Product", id="b", categoria_id="cat-1"),
        sample("inventory.Product", id="c", categoria_id="other"),
    )

    detail = admin_client.get(url(Category, "change", "cat-1")).text
    assert f'<a href="{url(Product, "changelist")}?categoria_id=cat-1">productos</a>: 2' in detail

    listed = admin_client.get(url(Product, "changelist"), {"categoria_id": "cat-1"})
    assert sorted(row.pk for row in listed.context["cl"].result_list) == ["a", "b"]


def test_a_sale_links_to_its_customer(admin_client):
    person = store(Person, sample("accounting.Person"))[0]
    sale = store(Sale, sample("accounting.Sale", persona_id=person.pk))[0]

    text = admin_client.get(url(Sale, "change", sale.pk)).text

    assert f'<a href="{url(Person, "change", person.pk)}">{person.razon_social}</a>' in text
    assert (
        f"{url(Sale, 'changelist')}?persona_id={person.pk}"
        in admin_client.get(url(Person, "change", person.pk)).text
    )


def test_a_journal_entry_lists_its_lines_with_links_to_the_accounts(admin_client):
    store(
        LedgerAccount,
        sample("accounting.LedgerAccount", id="6x01dNXK8QfMaX7W", codigo="1.1.01", nombre="CAJA"),
    )
    entry = store(JournalEntry, sample("accounting.JournalEntry"))[0]

    text = admin_client.get(url(JournalEntry, "change", entry.pk)).text

    assert f'<a href="{url(LedgerAccount, "change", "6x01dNXK8QfMaX7W")}">1.1.01 CAJA</a>' in text
    assert "PxBleXq5MKUMarYq · sin registro" in text
    assert "$100.00" in text and "Debe" in text and "Haber" in text
