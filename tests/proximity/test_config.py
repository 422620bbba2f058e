"""The proximity config: one object, loadable from TOML, refusing what would break the model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graphsvc.errors import BadRequest
from graphsvc.proximity import ProximityConfig
from graphsvc.proximity.config import resolve_config


def test_defaults_are_documented_values() -> None:
    cfg = ProximityConfig()
    assert cfg.as_of is None
    assert cfg.weights.model_dump() == dict.fromkeys(
        ("directness", "continuity", "multiplexity", "parity", "commonality"), 1.0
    )
    assert cfg.directness.in_person == 1.0 > cfg.directness.message
    assert cfg.parity.gatekeeper_roles == ("social_worker", "gp")


def test_as_of_defaults_to_today_and_can_be_fixed() -> None:
    assert ProximityConfig().reference_date() == date.today()
    assert ProximityConfig(as_of=date(2020, 1, 2)).reference_date() == date(2020, 1, 2)


def test_toml_file_sets_nested_values(tmp_path: Path) -> None:
    path = tmp_path / "proximity.toml"
    path.write_text(
        "as_of = 2024-06-30\n[weights]\nparity = 2.0\n[continuity]\nyears_tau = 5\n"
        '[parity]\ngatekeeper_roles = ["social_worker"]\n'
    )
    cfg = ProximityConfig.load(path)
    assert cfg.as_of == date(2024, 6, 30)
    assert cfg.weights.parity == 2.0 and cfg.weights.directness == 1.0
    assert cfg.continuity.years_tau == 5.0
    assert cfg.parity.gatekeeper_roles == ("social_worker",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[continuity]\nyear_tau = 3", "year_tau"),  # a typo is refused, not ignored
        ("[weights]\nparity = -1", "weights.parity"),
        ('[directness]\nmessage = 1.0', "message (1.0) may not be more direct than phone"),
        ("[parity]\ngatekeeper = 0.9", "gatekeeper may not have more parity"),
        ("[profile]\ninner = 0.3\nmiddle = 0.5", "middle ring"),
        ("[weights]\ndirectness = 0\ncontinuity = 0\nmultiplexity = 0\nparity = 0\n"
         "commonality = 0", "at least one weight"),
        ("as_of = [", "not valid TOML"),
    ],
)  # fmt: skip
def test_bad_configs_are_refused_with_the_field(text: str, words: str) -> None:
    with pytest.raises(BadRequest, match="proximity config") as err:
        ProximityConfig.from_toml(text)
    assert words in str(err.value)


def test_missing_file_is_a_bad_request(tmp_path: Path) -> None:
    with pytest.raises(BadRequest, match="cannot read"):
        ProximityConfig.load(tmp_path / "nope.toml")


def test_resolve_accepts_config_mapping_or_none_only() -> None:
    assert resolve_config(None) == ProximityConfig()
    assert resolve_config({"weights": {"parity": 3}}).weights.parity == 3.0
    cfg = ProximityConfig(as_of=date(2024, 1, 1))
    assert resolve_config(cfg) is cfg
    with pytest.raises(BadRequest, match="config must be"):
        resolve_config("proximity.toml")  # type: ignore[arg-type]


def test_config_is_immutable() -> None:
    cfg = ProximityConfig()
    with pytest.raises(Exception, match="frozen"):
        cfg.weights.parity = 2.0  # type: ignore[misc]
