from tests.test_permissions import perm_world  # noqa: F401  (the two-school world with orders, cases, bases)
