from datetime import date

import pytest

from msp_assistant import clock
from msp_assistant.settings import PROJECT_ROOT, load_settings


def test_defaults_are_the_documented_ones() -> None:
    settings = load_settings({})
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (5005, 5055, 8080)
    assert settings.database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'msp.db'}"
    assert settings.action_server_url == "http://127.0.0.1:5055/webhook"
    assert settings.bind_host == "127.0.0.1"
    assert settings.rasa_api_token is None


def test_environment_overrides_every_setting() -> None:
    settings = load_settings({
        "RASA_PORT": "6005", "ACTION_PORT": "6055", "WEB_PORT": "9090",
        "MSP_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/msp",
        "MSP_RASA_API_TOKEN": "secret", "MSP_BIND_HOST": "0.0.0.0",
    })
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (6005, 6055, 9090)
    assert settings.database_url == "postgresql://postgres@127.0.0.1:5432/msp"
    assert settings.action_server_url == "http://127.0.0.1:6055/webhook"
    assert settings.rasa_api_token == "secret"
    assert settings.server_environment()["MSP_DATABASE_URL"] == settings.database_url


def test_action_server_url_can_be_given_whole() -> None:
    settings = load_settings({"ACTION_SERVER_URL": "http://actions.internal:5055/webhook"})
    assert settings.action_server_url == "http://actions.internal:5055/webhook"


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1", "80.5"])
def test_a_bad_port_is_refused_plainly(value: str) -> None:
    with pytest.raises(ValueError, match="RASA_PORT must be a port number"):
        load_settings({"RASA_PORT": value})


def test_msp_today_pins_the_clock() -> None:
    assert clock.today({"MSP_TODAY": "2025-05-01"}) == date(2025, 5, 1)


def test_without_msp_today_the_clock_is_the_system_date() -> None:
    before = date.today()
    assert before <= clock.today({}) <= date.today()


@pytest.mark.parametrize("value", ["05/01/2025", "2025-13-01", "tomorrow"])
def test_a_malformed_msp_today_stops_start_up(value: str) -> None:
    with pytest.raises(ValueError, match="MSP_TODAY must be a date written YYYY-MM-DD"):
        load_settings({"MSP_TODAY": value})


def test_without_redis_the_lock_store_is_in_memory() -> None:
    environment = load_settings({}).server_environment()
    assert environment["MSP_LOCK_STORE"] == "in_memory"


def test_redis_url_selects_the_redis_lock_store() -> None:
    environment = load_settings({"MSP_REDIS_URL": "redis://cache.internal:6380/2"}).server_environment()
    assert (environment["MSP_LOCK_STORE"], environment["MSP_REDIS_HOST"], environment["MSP_REDIS_PORT"],
            environment["MSP_REDIS_DB"]) == ("msp_assistant.lock_store.AtomicRedisLockStore", "cache.internal", "6380", "2")
    assert load_settings({"MSP_REDIS_URL": "redis://localhost"}).server_environment()["MSP_REDIS_DB"] == "1"


@pytest.mark.parametrize("url", ["http://localhost:6379/1", "redis:///1", "redis://localhost:6379/x"])
def test_a_malformed_redis_url_stops_start_up(url: str) -> None:
    with pytest.raises(ValueError, match="MSP_REDIS_URL"):
        load_settings({"MSP_REDIS_URL": url})
