"""The simulator against Cloudflare's official Python SDK (`cloudflare` >= 5.9.0, generated from Cloudflare's current
OpenAPI document): every operation of the CNI API, driven through the SDK with strict response validation, so every
answer must match the SDK's models (the API as it is today, newer than the OpenAPI extract in ../shared/api).

The SDK takes every CNI answer bare (no `{success, result}` envelope) and lists as `{items, next}` without a paginator,
as ../shared/api/NOTES.md says; an interconnect answer without `virtual_port_reservation_id` fails its validation.
"""

import sys
import uuid
from pathlib import Path

import pytest
import requests

import cloudflare  # tests/requirements-dev.txt: the proof must not skip silently

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'simulator'))
import cni_simulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
TOKEN = 'sim-token'
GCP_KEY = '2e0c5f4c-8d8a-4d5c-9d1b-3a7e44b2f9c1/europe-west4/2'


def sdk_version():
    return tuple(int(part) for part in cloudflare.__version__.split('.')[:2])


@pytest.fixture(name='sim')
def fixture_sim():
    with cni_simulator.Simulator(tokens=[TOKEN], page_size=2) as simulator:
        yield simulator


@pytest.fixture(name='sdk')
def fixture_sdk(sim):
    client = cloudflare.Cloudflare(api_token=TOKEN, base_url=sim.url, max_retries=0, _strict_response_validation=True)
    yield client.network_interconnects
    client.close()


def operations_seen(sim):
    """(operation name, status) of every API request the simulator served."""
    log = requests.get(sim.control_url + '/__sim__/requests', timeout=10).json()['requests']
    return [(cni_simulator.match_route(cni_simulator.ROUTES, entry['method'], entry['path'])[0], entry['status'])
            for entry in log]


def test_the_sdk_is_new_enough():
    assert sdk_version() >= (5, 9)


def test_every_operation_through_the_official_sdk_with_strict_validation(sim, sdk):
    # settings
    assert sdk.settings.get(account_id=ACCOUNT).default_asn == 13335
    assert sdk.settings.update(account_id=ACCOUNT, default_asn=64512).default_asn == 64512
    assert sdk.settings.update(account_id=ACCOUNT, default_asn=13335).default_asn == 13335

    # slots: filters, pages (the simulator caps pages at 2), one slot, one with a ccr_device_name
    page = sdk.slots.list(account_id=ACCOUNT, occupied=False, limit=100)
    assert len(page.items) == 2 and page.next == 2
    following = sdk.slots.list(account_id=ACCOUNT, occupied=False, cursor=page.next)
    assert following.items[0].id not in {slot.id for slot in page.items}
    assert sdk.slots.list(account_id=ACCOUNT, site='lhr01').items[0].ccr_device_name == 'ccr01.lhr01'
    assert sdk.slots.list(account_id=ACCOUNT, address_contains='amsterdam', speed='10G').items
    assert sdk.slots.list(account_id=ACCOUNT, occupied=True).items[0].occupied is True
    slot = sdk.slots.get(page.items[0].id, account_id=ACCOUNT)
    assert slot.id == page.items[0].id and slot.facility.name
    lhr_slot = sdk.slots.list(account_id=ACCOUNT, site='lhr01', occupied=False).items[0]

    # interconnects: both types, every status, LOA with and without a name
    direct = sdk.interconnects.create(account_id=ACCOUNT, account=ACCOUNT, type='direct', slot_id=slot.id)
    assert direct.virtual_port_reservation_id and direct.slot_id == slot.id
    on_lhr = sdk.interconnects.create(account_id=ACCOUNT, account=ACCOUNT, type='direct', slot_id=lhr_slot.id,
                                      speed=lhr_slot.speed)
    assert on_lhr.ccr_device_name == lhr_slot.ccr_device_name
    gcp = sdk.interconnects.create(account_id=ACCOUNT, account=ACCOUNT, type='gcp_partner', bandwidth='1G',
                                   pairing_key=GCP_KEY)
    assert gcp.region == 'europe-west4' and gcp.speed == '1G' and gcp.virtual_port_reservation_id
    names = []
    listing = sdk.interconnects.list(account_id=ACCOUNT)
    while True:
        names.extend(icon.name for icon in listing.items)
        if listing.next is None:
            break
        listing = sdk.interconnects.list(account_id=ACCOUNT, cursor=listing.next)
    assert names == [direct.name, on_lhr.name, gcp.name]
    assert [icon.name for icon in sdk.interconnects.list(account_id=ACCOUNT, type='gcp_partner').items] == [gcp.name]
    assert sdk.interconnects.list(account_id=ACCOUNT, site=direct.site).items[0].name == direct.name
    assert sdk.interconnects.get(direct.name, account_id=ACCOUNT).virtual_port_reservation_id == \
        direct.virtual_port_reservation_id
    assert sdk.interconnects.get(gcp.name, account_id=ACCOUNT).type == 'gcp_partner'
    states = []
    for status in ({'state': 'Down', 'reason': 'no light'}, {'state': 'Unhealthy', 'reason': 'flapping'},
                   {'state': 'Healthy'}, {'state': 'Pending'}):
        response = requests.put('%s/__sim__/interconnects/%s/%s/status' % (sim.control_url, ACCOUNT, direct.name),
                                json=status, timeout=10)
        assert response.status_code == 200
        states.append(sdk.interconnects.status(direct.name, account_id=ACCOUNT))
    assert [s.state for s in states] == ['Down', 'Unhealthy', 'Healthy', 'Pending']
    assert states[0].reason == 'no light'
    assert sdk.interconnects.loa(direct.name, account_id=ACCOUNT) is None  # the SDK drops the body
    loa = sdk.interconnects.with_raw_response.loa(direct.name, account_id=ACCOUNT, name='ACME Networks')
    assert loa.status_code == 200 and loa.read().startswith(b'%PDF-') and b'ACME Networks' in loa.read()

    # CNIs: with and without BGP, bgp_mode on update, every list filter
    magic = {'conduit_name': 'sdk-direct', 'description': 'through the SDK', 'mtu': 1500}
    with_bgp = sdk.cnis.create(account_id=ACCOUNT, account=ACCOUNT, interconnect=direct.name, magic=magic,
                               bgp={'customer_asn': 65001, 'extra_prefixes': ['192.0.2.0/24'], 'md5_key': 'k' * 80})
    assert with_bgp.bgp.md5_key == 'k' * 80 and with_bgp.bgp_mode is None
    plain = sdk.cnis.create(account_id=ACCOUNT, account=ACCOUNT, interconnect=gcp.name,
                            magic={'conduit_name': 'sdk-gcp', 'description': '', 'mtu': 1460})
    assert plain.bgp is None
    updated = sdk.cnis.update(with_bgp.id, account_id=ACCOUNT, id=with_bgp.id, account=ACCOUNT,
                              cust_ip=with_bgp.cust_ip, p2p_ip=with_bgp.p2p_ip, interconnect=direct.name,
                              magic=dict(magic, mtu=1476), bgp_mode='advertise_only',
                              bgp={'customer_asn': 65001, 'extra_prefixes': ['192.0.2.0/24'], 'md5_key': 'k' * 80})
    assert updated.magic.mtu == 1476 and updated.bgp_mode == 'advertise_only'
    assert sdk.cnis.get(with_bgp.id, account_id=ACCOUNT).bgp_mode == 'advertise_only'
    first = sdk.cnis.list(account_id=ACCOUNT, limit=1)
    assert len(first.items) == 1 and first.next == 1
    assert sdk.cnis.list(account_id=ACCOUNT, cursor=1).next is None
    assert [c.id for c in sdk.cnis.list(account_id=ACCOUNT, slot=slot.id).items] == [with_bgp.id]
    assert sdk.cnis.list(account_id=ACCOUNT, tunnel_id='none').items == []

    # errors come back as the SDK's exceptions, with Cloudflare's error body
    with pytest.raises(cloudflare.ConflictError):
        sdk.cnis.create(account_id=ACCOUNT, account=ACCOUNT, interconnect=direct.name, magic=magic)
    with pytest.raises(cloudflare.NotFoundError):
        sdk.cnis.get(str(uuid.uuid4()), account_id=ACCOUNT)
    with pytest.raises(cloudflare.BadRequestError):
        sdk.interconnects.delete(direct.name, account_id=ACCOUNT)  # it still has a CNI

    # deletes answer 200 with no body
    for cni in (with_bgp, plain):
        assert sdk.cnis.delete(cni.id, account_id=ACCOUNT) is None
    for icon in (direct, on_lhr, gcp):
        assert sdk.interconnects.delete(icon.name, account_id=ACCOUNT) is None

    seen = operations_seen(sim)
    every = {name for _regex, methods in cni_simulator.ROUTES for name in methods.values()}
    assert len(every) == 15
    assert every == {name for name, status in seen if status == 200}


def test_the_sdk_validates_answers_with_md5_key_omitted_and_in_the_envelope_mode_it_does_not_expect(sim, sdk):
    requests.put(sim.control_url + '/__sim__/config', json={'omit_md5_key': True}, timeout=10)
    icon = sdk.interconnects.create(account_id=ACCOUNT, account=ACCOUNT, type='gcp_partner', bandwidth='50M',
                                    pairing_key=GCP_KEY)
    cni = sdk.cnis.create(account_id=ACCOUNT, account=ACCOUNT, interconnect=icon.name,
                          magic={'conduit_name': 'x', 'description': '', 'mtu': 1500},
                          bgp={'customer_asn': 65001, 'extra_prefixes': [], 'md5_key': 'secret'})
    assert cni.bgp.md5_key is None
    # The API does not wrap CNI answers, and the SDK does not unwrap them: an envelope fails strict validation.
    requests.put(sim.control_url + '/__sim__/config', json={'envelope': True}, timeout=10)
    with pytest.raises(cloudflare.APIResponseValidationError):
        sdk.cnis.get(cni.id, account_id=ACCOUNT)


def test_strict_validation_rejects_an_interconnect_without_its_reservation_id():
    """The check above can fail: a fixture interconnect without virtual_port_reservation_id is refused by the SDK."""
    icon = {'type': 'gcp_partner', 'name': 'gcp-old-1', 'region': 'us-east4', 'speed': '1G'}
    with cni_simulator.Simulator(tokens=[TOKEN], fixtures={'interconnects': [icon]}) as simulator:
        client = cloudflare.Cloudflare(api_token=TOKEN, base_url=simulator.url, max_retries=0,
                                       _strict_response_validation=True)
        with pytest.raises(cloudflare.APIResponseValidationError):
            client.network_interconnects.interconnects.get('gcp-old-1', account_id=ACCOUNT)
        client.close()
