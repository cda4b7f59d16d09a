"""Admin endpoints for a key's plan, budgets and policies; the key's own view of its limits."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import Gateway


def test_policy_round_trip(gateway: Gateway) -> None:
    key, key_id = gateway.new_key("policy")
    with gateway.admin() as admin:
        default = admin.get(f"/v1/keys/{key_id}/policy").json()
        assert default["plan"] == "free" and not default["plan_set"] and default["budget_daily"] is None
        assert default["safety"] == {"action": "black", "threshold": 0.8, "allow_disable": False}
        changed = admin.patch(
            f"/v1/keys/{key_id}/policy",
            json={"plan": "burst", "budget_daily": 1.5, "safety": {"action": "blur", "threshold": 0.5}},
        ).json()
        assert changed["plan"] == "burst" and changed["plan_set"] and changed["limits"]["requests_per_minute"] == 5
        assert changed["budget_daily"] == 1.5 and changed["safety"]["action"] == "blur"
        partial = admin.patch(f"/v1/keys/{key_id}/policy", json={"budget_monthly": 20}).json()
        assert partial["plan"] == "burst" and partial["budget_daily"] == 1.5 and partial["budget_monthly"] == 20
        cleared = admin.patch(f"/v1/keys/{key_id}/policy", json={"plan": None, "budget_daily": None}).json()
        assert cleared["plan"] == "free" and cleared["budget_daily"] is None and cleared["budget_monthly"] == 20
    with gateway.client(key) as client:
        limits = client.get("/v1/limits").json()
        assert limits["plan"] == "free" and limits["timezone"] == "Asia/Tokyo"
        assert limits["budgets"][1]["budget"] == 20 and limits["quota"]["images_per_day"] == 100


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"plan": "platinum"}, "plan"),
        ({"budget_daily": -1}, "budget_daily"),
        ({"budget_monthly": "lots"}, "budget_monthly"),
        ({"safety": {"action": "erase"}}, "safety.action"),
        ({"safety": {"threshold": 1.5}}, "safety.threshold"),
        ({"alert_webhook": "gopher://127.0.0.1/"}, "alert_webhook"),
        ({"alert_webhook": "http://192.168.1.5/alerts"}, "alert_webhook"),
        ({"rate": 5}, "rate"),
    ],
)
def test_bad_policy_input_names_the_field(gateway: Gateway, body: dict, field: str) -> None:
    _, key_id = gateway.new_key("bad-policy")
    with gateway.admin() as admin:
        response = admin.patch(f"/v1/keys/{key_id}/policy", json=body)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field
        assert admin.get(f"/v1/keys/{key_id}/policy").json()["updated_at"] is None  # nothing half-written


def test_policy_endpoints_need_admin_and_a_real_key(gateway: Gateway) -> None:
    key, key_id = gateway.new_key("not-admin")
    with gateway.client(key) as client:
        assert client.patch(f"/v1/keys/{key_id}/policy", json={"plan": "unlimited"}).status_code == 403
        assert client.post(f"/v1/keys/{key_id}/webhook-secret").status_code == 403
        assert client.get(f"/v1/keys/{key_id}/policy").status_code == 403
    with gateway.admin() as admin:
        for response in (
            admin.get("/v1/keys/key_nope/policy"),
            admin.patch("/v1/keys/key_nope/policy", json={"plan": "free"}),
            admin.post("/v1/keys/key_nope/webhook-secret"),
        ):
            assert response.status_code == 404 and response.json()["code"] == "key_not_found"
