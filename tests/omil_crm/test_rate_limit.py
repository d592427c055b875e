"""The attempt counter lets `limit` attempts through per window and subject, then refuses."""

from omil_crm.base import rate_limit


def test_attempts_beyond_the_limit_are_refused():
    answers = [rate_limit.allow("prueba", "ana@bodegas.cl", limit=3, window=600) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_subjects_and_scopes_are_counted_apart():
    for _ in range(3):
        rate_limit.allow("enlaces", "ana@bodegas.cl", limit=3, window=600)

    assert not rate_limit.allow("enlaces", "ana@bodegas.cl", limit=3, window=600)
    assert rate_limit.allow("enlaces", "rvaldes@envapac.cl", limit=3, window=600)
    assert rate_limit.allow("solicitudes", "ana@bodegas.cl", limit=3, window=600)


def test_an_address_counts_the_same_whatever_its_case_or_spaces():
    for _ in range(2):
        rate_limit.allow("enlaces", "Ana@Bodegas.cl ", limit=2, window=600)

    assert not rate_limit.allow("enlaces", "ana@bodegas.cl", limit=2, window=600)
