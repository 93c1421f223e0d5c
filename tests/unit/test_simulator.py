"""Behaviour of the CNI simulator itself (simulator/cni_simulator.py), driven over HTTP with requests."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

requests = pytest.importorskip('requests')

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'simulator'))
import cni_simulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
TOKEN = 'sim-token'
GCP_KEY = '2e0c5f4c-8d8a-4d5c-9d1b-3a7e44b2f9c1/us-east4/1'


class Api:
    """A tiny client: one session, the account's CNI base path, JSON helpers."""

    def __init__(self, sim, token=TOKEN):
        self.sim = sim
        self.session = requests.Session()
        if token:
            self.session.headers['Authorization'] = f'Bearer {token}'
        self.base = f'{sim.url}/accounts/{ACCOUNT}/cni'

    def call(self, method, path, **kwargs):
        kwargs.setdefault('timeout', 10)
        return self.session.request(method, self.base + path, **kwargs)

    def ctl(self, method, path, **kwargs):
        return requests.request(method, f'{self.sim.control_url}/__sim__{path}', timeout=10, **kwargs)

    def ok(self, method, path, **kwargs):
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        return response.json() if response.content else None

    def free_slot(self, **query):
        query.setdefault('occupied', 'false')
        return self.ok('GET', '/slots', params=query)['items'][0]

    def direct(self, site='ams01'):
        slot = self.free_slot(site=site)
        return self.ok('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slot['id']})

    def gcp(self, bandwidth='1G'):
        return self.ok('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'gcp_partner', 'pairing_key': GCP_KEY, 'bandwidth': bandwidth})

    def cni(self, icon, name='conduit-a', bgp=None):
        body = {'account': ACCOUNT, 'interconnect': icon, 'magic': {'conduit_name': name, 'description': 'test', 'mtu': 1500}}
        if bgp is not None:
            body['bgp'] = bgp
        return self.call('POST', '/cnis', json=body)

    def log(self):
        return self.ctl('GET', '/requests').json()['requests']


@pytest.fixture(name='sim')
def fixture_sim():
    simulator = cni_simulator.Simulator(page_size=5, email='ops@example.com', key='legacy-key-123')
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture(name='api')
def fixture_api(sim):
    client = Api(sim)
    yield client
    client.session.close()


def error_of(response):
    body = response.json()
    assert body['success'] is False and body['result'] is None and body['messages'] == []
    assert isinstance(body['errors'][0]['code'], int)
    return body['errors'][0]['message']


# -- authentication ------------------------------------------------------------------------------------------------

def test_request_without_credentials_is_401_with_cloudflare_error_body(api):
    response = Api(api.sim, token=None).call('GET', '/slots')
    assert response.status_code == 401
    assert 'Authentication error' in error_of(response)
    assert re.match(r'^[0-9a-f]{16}-SIM$', response.headers['cf-ray'])


def test_wrong_token_is_403_and_is_not_echoed(api):
    response = Api(api.sim, token='not-the-token-xyz').call('GET', '/slots')
    assert response.status_code == 403
    assert 'not-the-token-xyz' not in response.text


def test_legacy_email_and_key_are_accepted_and_a_wrong_key_is_403(api):
    headers = {'X-Auth-Email': 'ops@example.com', 'X-Auth-Key': 'legacy-key-123'}
    assert requests.get(api.base + '/settings', headers=headers, timeout=10).status_code == 200
    headers['X-Auth-Key'] = 'wrong-key-456'
    response = requests.get(api.base + '/settings', headers=headers, timeout=10)
    assert response.status_code == 403 and 'wrong-key-456' not in response.text


def test_every_response_has_a_unique_cf_ray(api):
    rays = {api.call('GET', '/settings').headers['cf-ray'] for _attempt in range(5)}
    assert len(rays) == 5


def test_control_endpoints_need_no_auth(api):
    assert api.ctl('GET', '/config').status_code == 200
    assert api.ctl('GET', '/health').json() == {'ok': True}


# -- routing, ids, validation --------------------------------------------------------------------------------------

@pytest.mark.parametrize('path, status', [
    (f'/cnis/{uuid.uuid4()}', 404),
    ('/cnis/not-a-uuid', 400),
    ('/interconnects/cni-nowhere-9', 404),
    ('/interconnects/cni-nowhere-9/status', 404),
    ('/interconnects/cni-nowhere-9/loa', 404),
    (f'/slots/{uuid.uuid4()}', 404),
    ('/slots/not-a-uuid', 400),
    ('/no-such-thing', 404),
])
def test_unknown_or_malformed_ids(api, path, status):
    response = api.call('GET', path)
    assert response.status_code == status
    error_of(response)


def test_unknown_cni_is_404_for_put_and_delete(api):
    assert api.call('DELETE', f'/cnis/{uuid.uuid4()}').status_code == 404
    cni_id = str(uuid.uuid4())
    body = {'id': cni_id, 'account': ACCOUNT, 'cust_ip': '100.64.0.1/31', 'p2p_ip': '100.64.0.0/31', 'interconnect': 'x',
            'magic': {'conduit_name': 'a', 'description': '', 'mtu': 1500}}
    assert api.call('PUT', f'/cnis/{cni_id}', json=body).status_code == 404


def test_wrong_method_on_a_known_path_is_405(api):
    response = api.call('PATCH', '/settings', json={})
    assert response.status_code == 405
    assert response.headers['Allow'] == 'GET, PUT'
    assert api.call('DELETE', '/slots').status_code == 405


def test_malformed_json_body_is_400(api):
    response = api.call('POST', '/cnis', data='{"account": ', headers={'Content-Type': 'application/json'})
    assert response.status_code == 400
    assert 'malformed JSON' in error_of(response)


@pytest.mark.parametrize('change, field', [
    ({'magic': None}, 'magic'),
    ({'magic': {'conduit_name': 'a', 'description': 'd'}}, 'magic.mtu'),
    ({'magic': {'conduit_name': 'a', 'description': 'd', 'mtu': True}}, 'magic.mtu'),
    ({'magic': {'conduit_name': 'a', 'description': 'd', 'mtu': -1}}, 'magic.mtu'),
    ({'magic': {'conduit_name': 'a', 'description': 'd', 'mtu': '1500'}}, 'magic.mtu'),
    ({'magic': {'conduit_name': 'a', 'description': 'd', 'mtu': 2 ** 31}}, 'magic.mtu'),
    ({'magic': {'conduit_name': '', 'description': 'd', 'mtu': 1500}}, 'magic.conduit_name'),
    ({'magic': {'conduit_name': 'a', 'description': 3, 'mtu': 1500}}, 'magic.description'),
    ({'account': 'another-account'}, 'account'),
    ({'interconnect': 'cni-nowhere-1'}, 'interconnect'),
    ({'bgp': {'extra_prefixes': []}}, 'bgp.customer_asn'),
    ({'bgp': {'customer_asn': '65000', 'extra_prefixes': []}}, 'bgp.customer_asn'),
    ({'bgp': {'customer_asn': 13335, 'extra_prefixes': []}}, 'bgp.customer_asn'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': ['10.0.0.0']}}, 'bgp.extra_prefixes[0]'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': ['10.0.0.0/24', '2001:db8::/32']}}, 'bgp.extra_prefixes[1]'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': ['300.0.0.0/24']}}, 'bgp.extra_prefixes[0]'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': '10.0.0.0/24'}}, 'bgp.extra_prefixes'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': ''}}, 'bgp.md5_key'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'what?'}}, 'bgp.md5_key'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'say "hi"'}}, 'bgp.md5_key'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'tab\there'}}, 'bgp.md5_key'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'line\nfeed'}}, 'bgp.md5_key'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'caf\u00e9'}}, 'bgp.md5_key'),
    ({'bgp': {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'k' * 81}}, 'bgp.md5_key'),
])
def test_cni_create_validation_names_the_field(api, change, field):
    icon = api.direct()['name']
    body = {'account': ACCOUNT, 'interconnect': icon, 'magic': {'conduit_name': 'a', 'description': 'd', 'mtu': 1500}}
    body.update(change)
    response = api.call('POST', '/cnis', json=body)
    assert response.status_code == 400
    assert error_of(response).startswith(field + ':')
    assert api.ok('GET', '/cnis')['items'] == []


def test_cni_create_accepts_every_allowed_md5_character_and_no_md5(api):
    icon = api.direct()['name']
    allowed = ''.join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"?')
    for index, key in enumerate((allowed[:80], allowed[80:])):  # at most 80 characters a key
        created = api.cni(icon, f'with-md5-{index}', bgp={'customer_asn': 65000, 'extra_prefixes': ['10.1.0.0/16'], 'md5_key': key}).json()
        assert created['bgp'] == {'customer_asn': 65000, 'extra_prefixes': ['10.1.0.0/16'], 'md5_key': key}
    plain = api.cni(icon, 'no-md5', bgp={'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': None}).json()
    assert plain['bgp'] == {'customer_asn': 65000, 'extra_prefixes': []}
    assert 'bgp' not in api.cni(icon, 'no-bgp').json()


def test_cni_gets_a_fresh_31_pair_that_is_never_reused(api):
    icon = api.direct()['name']
    first = api.cni(icon, 'one').json()
    assert (first['p2p_ip'], first['cust_ip']) == ('100.64.0.0/31', '100.64.0.1/31')
    api.ok('DELETE', f"/cnis/{first['id']}")
    second = api.cni(icon, 'two').json()
    assert (second['p2p_ip'], second['cust_ip']) == ('100.64.0.2/31', '100.64.0.3/31')
    uuid.UUID(second['id'])


def test_duplicate_conduit_name_is_409_name_conflict(api):
    icon = api.direct()['name']
    assert api.cni(icon, 'dup').status_code == 200
    response = api.cni(icon, 'dup')
    assert response.status_code == 409
    assert error_of(response).startswith('Name Conflict')


def test_put_replaces_magic_and_bgp_and_refuses_fixed_fields(api):
    icon = api.direct()['name']
    cni = api.cni(icon, 'first', bgp={'customer_asn': 65000, 'extra_prefixes': []}).json()
    other = api.cni(icon, 'second').json()
    path = f"/cnis/{cni['id']}"
    body = dict(cni, magic={'conduit_name': 'first', 'description': 'changed', 'mtu': 1476})
    del body['bgp']
    updated = api.ok('PUT', path, json=body)
    assert updated['magic']['description'] == 'changed' and 'bgp' not in updated
    assert api.ok('GET', path) == updated
    for field, value in (('interconnect', api.gcp()['name']), ('p2p_ip', '100.64.9.0/31'), ('cust_ip', '100.64.9.1/31'), ('id', other['id'])):
        response = api.call('PUT', path, json=dict(body, **{field: value}))
        assert response.status_code == 400 and error_of(response).startswith(field + ':')
    renamed = dict(body, magic=dict(body['magic'], conduit_name='second'))
    assert api.call('PUT', path, json=renamed).status_code == 409
    missing = {k: v for k, v in body.items() if k != 'cust_ip'}
    assert error_of(api.call('PUT', path, json=missing)).startswith('cust_ip:')


def test_delete_cni_answers_200_with_an_empty_body(api):
    cni = api.cni(api.direct()['name']).json()
    response = api.call('DELETE', f"/cnis/{cni['id']}")
    assert response.status_code == 200
    assert response.content == b'' and response.headers['Content-Length'] == '0'
    assert api.call('GET', f"/cnis/{cni['id']}").status_code == 404


# -- interconnects ---------------------------------------------------------------------------------------------------

def test_direct_interconnect_occupies_its_slot_and_delete_frees_it(api):
    slot = api.free_slot(site='iad01', speed='100G')
    icon = api.ok('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slot['id'], 'speed': '100G'})
    reservation = icon.pop('virtual_port_reservation_id')
    uuid.UUID(reservation)
    assert icon == {'type': 'direct', 'name': 'cni-iad01-1', 'account': ACCOUNT, 'slot_id': slot['id'], 'site': 'iad01',
                    'speed': '100G', 'facility': slot['facility'], 'owner': ACCOUNT}
    assert api.ok('GET', '/interconnects/cni-iad01-1')['virtual_port_reservation_id'] == reservation
    assert api.ok('GET', f"/slots/{slot['id']}") == dict(slot, occupied=True, account=ACCOUNT)
    assert api.ok('GET', '/interconnects/cni-iad01-1/status') == {'state': 'Pending'}
    again = api.call('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slot['id']})
    assert again.status_code == 400 and 'occupied' in error_of(again)
    assert api.call('DELETE', '/interconnects/cni-iad01-1').content == b''
    assert api.ok('GET', f"/slots/{slot['id']}") == slot
    assert api.call('GET', '/interconnects/cni-iad01-1').status_code == 404


def test_gcp_interconnect_never_returns_the_pairing_key(api):
    icon = api.gcp('500M')
    assert uuid.UUID(icon.pop('virtual_port_reservation_id'))
    assert icon == {'type': 'gcp_partner', 'name': 'gcp-us-east4-1', 'account': ACCOUNT, 'region': 'us-east4', 'speed': '500M', 'owner': ACCOUNT}
    assert api.direct()['name'] == 'cni-ams01-2'
    texts = [api.call('GET', '/interconnects/gcp-us-east4-1').text, api.call('GET', '/interconnects').text]
    assert all(GCP_KEY not in text and 'pairing_key' not in text for text in texts)


@pytest.mark.parametrize('body, field', [
    ({'type': 'metro'}, 'type'),
    ({}, 'type'),
    ({'type': 'direct'}, 'slot_id'),
    ({'type': 'direct', 'slot_id': 'nope'}, 'slot_id'),
    ({'type': 'direct', 'slot_id': str(uuid.uuid4())}, 'slot_id'),
    ({'type': 'direct', 'slot_id': 'FREE', 'speed': '1G'}, 'speed'),
    ({'type': 'direct', 'slot_id': 'FREE', 'account': 'someone-else'}, 'account'),
    ({'type': 'gcp_partner', 'pairing_key': GCP_KEY}, 'bandwidth'),
    ({'type': 'gcp_partner', 'pairing_key': GCP_KEY, 'bandwidth': '40G'}, 'bandwidth'),
    ({'type': 'gcp_partner', 'pairing_key': 'not-a-key', 'bandwidth': '1G'}, 'pairing_key'),
    ({'type': 'gcp_partner', 'pairing_key': GCP_KEY.replace('/1', '/3'), 'bandwidth': '1G'}, 'pairing_key'),
])
def test_interconnect_create_validation_names_the_field(api, body, field):
    body = dict({'account': ACCOUNT}, **body)
    if body.get('slot_id') == 'FREE':
        body['slot_id'] = api.free_slot(speed='10G')['id']
    response = api.call('POST', '/interconnects', json=body)
    assert response.status_code == 400
    assert error_of(response).startswith(field + ':')


def test_interconnect_with_cnis_cannot_be_deleted(api):
    icon = api.direct()['name']
    cni = api.cni(icon).json()
    response = api.call('DELETE', f'/interconnects/{icon}')
    assert response.status_code == 400
    assert error_of(response) == f"interconnect {icon} still has CNIs: {cni['id']}"
    api.ok('DELETE', f"/cnis/{cni['id']}")
    api.ok('DELETE', f'/interconnects/{icon}')


def test_loa_is_a_valid_pdf_identical_on_every_download(api):
    icon = api.direct('fra02')
    first, second = (api.call('GET', f"/interconnects/{icon['name']}/loa") for _attempt in range(2))
    assert first.status_code == 200 and first.headers['Content-Type'] == 'application/pdf'
    pdf = first.content
    assert pdf == second.content
    assert pdf.startswith(b'%PDF-1.4\n') and pdf.endswith(b'%%EOF\n')
    for needle in (icon['name'], ACCOUNT, icon['slot_id'], 'fra02', 'Interxion FRA6', 'Frankfurt am Main'):
        assert needle.encode() in pdf
    xref = int(re.search(rb'startxref\n(\d+)\n', pdf).group(1))
    assert pdf[xref:xref + 4] == b'xref'
    offsets = [int(offset) for offset in re.findall(rb'(\d{10}) 00000 n ', pdf)]
    assert [pdf[offset:].split(b'\n', 1)[0] for offset in offsets] == [b'%d 0 obj' % n for n in range(1, 6)]
    length = int(re.search(rb'/Length (\d+) >>\nstream\n', pdf).group(1))
    stream = pdf.split(b'stream\n', 1)[1]
    assert stream[length:length + 10] == b'\nendstream'


def test_gcp_interconnect_has_no_loa(api):
    response = api.call('GET', f"/interconnects/{api.gcp()['name']}/loa")
    assert response.status_code == 400
    assert error_of(response) == 'no LOA for gcp_partner interconnects'


def test_healthy_after_turns_new_interconnects_healthy(api):
    api.ctl('PUT', '/config', json={'healthy_after': 3600})  # the first read comes well before the hour, however busy
    name = api.gcp()['name']
    assert api.ok('GET', f'/interconnects/{name}/status') == {'state': 'Pending'}
    api.ctl('PUT', '/config', json={'healthy_after': 0.3})  # counted from the interconnect's creation
    time.sleep(0.35)
    assert api.ok('GET', f'/interconnects/{name}/status') == {'state': 'Healthy'}


def test_interconnects_stay_pending_by_default_and_control_sets_status(api):
    name = api.direct()['name']
    assert api.ok('GET', f'/interconnects/{name}/status') == {'state': 'Pending'}
    put = api.ctl('PUT', f'/interconnects/{ACCOUNT}/{name}/status', json={'state': 'Down', 'reason': 'no light'})
    assert put.status_code == 200
    assert api.ok('GET', f'/interconnects/{name}/status') == {'state': 'Down', 'reason': 'no light'}
    assert api.ctl('PUT', f'/interconnects/{ACCOUNT}/{name}/status', json={'state': 'Sleeping'}).status_code == 400
    assert api.ctl('PUT', f'/interconnects/{ACCOUNT}/nope/status', json={'state': 'Healthy'}).status_code == 404


# -- lists, filters, pagination --------------------------------------------------------------------------------------

def test_pagination_caps_the_page_and_follows_next(api):
    first = api.ok('GET', '/slots')
    assert len(first['items']) == 5 and first['next'] == 5
    assert len(api.ok('GET', '/slots', params={'limit': 1000})['items']) == 5
    assert api.ok('GET', '/slots', params={'limit': 2})['next'] == 2
    seen, cursor = [], 0
    while cursor is not None:
        page = api.ok('GET', '/slots', params={'cursor': cursor, 'limit': 1000})
        seen.extend(slot['id'] for slot in page['items'])
        cursor = page['next']
    assert len(seen) == len(set(seen)) == 12
    assert api.ok('GET', '/slots', params={'cursor': 12}) == {'items': [], 'next': None}
    tail = api.ok('GET', '/slots', params={'cursor': 10})
    assert [slot['id'] for slot in tail['items']] == seen[10:] and tail['next'] is None


@pytest.mark.parametrize('query', [{'cursor': 'abc'}, {'cursor': -1}, {'limit': '1.5'}, {'limit': -2}, {'cursor': 2 ** 31}, {'occupied': 'maybe'}])
def test_bad_list_parameters_are_400(api, query):
    response = api.call('GET', '/slots', params=query)
    assert response.status_code == 400
    assert error_of(response).startswith(next(iter(query)) + ':')


def test_slot_filters(api):
    def count(**query):
        api.ctl('PUT', '/config', json={'page_size': 50})
        return len(api.ok('GET', '/slots', params=query)['items'])
    assert count(occupied='true') == 2 and count(occupied='false') == 10
    assert count(site='iad01') == 3 and count(site='iad01', speed='100G') == 1
    assert count(address_contains='ashburn') == 3 and count(address_contains='equinix') == 8
    assert count(site='nowhere') == 0


def test_interconnect_and_cni_filters(api):
    direct = api.direct('sjc01')
    gcp = api.gcp()
    on_direct = api.cni(direct['name'], 'a').json()
    api.cni(gcp['name'], 'b')
    assert [i['name'] for i in api.ok('GET', '/interconnects', params={'type': 'gcp_partner'})['items']] == [gcp['name']]
    assert [i['name'] for i in api.ok('GET', '/interconnects', params={'site': 'sjc01'})['items']] == [direct['name']]
    assert api.ok('GET', '/cnis', params={'slot': direct['slot_id']})['items'] == [on_direct]
    assert api.ok('GET', '/cnis', params={'tunnel_id': 'any'})['items'] == []
    assert len(api.ok('GET', '/cnis')['items']) == 2


# -- settings ----------------------------------------------------------------------------------------------------------

def test_settings_get_and_put(api):
    assert api.ok('GET', '/settings') == {'default_asn': 13335}
    assert api.ok('PUT', '/settings', json={'default_asn': 64512}) == {'default_asn': 64512}
    assert api.ok('PUT', '/settings', json={'default_asn': None}) == {'default_asn': 64512}
    assert api.ok('PUT', '/settings', json={}) == {'default_asn': 64512}
    for body, field in (({'default_asn': 'x'}, 'default_asn'), ({'default_asn': -1}, 'default_asn')):
        response = api.call('PUT', '/settings', json=body)
        assert response.status_code == 400 and error_of(response).startswith(field + ':')
    assert api.ok('PUT', '/settings', json={'asn': 1}) == {'default_asn': 64512}


# -- control endpoints -----------------------------------------------------------------------------------------------

def test_request_log_records_api_requests_without_credentials(api):
    api.ok('GET', '/slots', params={'site': 'ams01'}, headers={'User-Agent': 'cloudflare.cni-test'})
    api.cni('cni-nowhere-1')
    log = api.log()
    assert [(e['method'], e['path'], e['status']) for e in log] == [
        ('GET', f'/accounts/{ACCOUNT}/cni/slots', 200), ('POST', f'/accounts/{ACCOUNT}/cni/cnis', 400)]
    assert log[0]['query'] == {'site': 'ams01'} and log[0]['user_agent'] == 'cloudflare.cni-test'
    assert log[0]['account'] == ACCOUNT and log[0]['fault'] is None and log[0]['body'] is None
    assert log[1]['body']['interconnect'] == 'cni-nowhere-1' and log[0]['seq'] < log[1]['seq']
    assert TOKEN not in json.dumps(log)
    assert api.ctl('DELETE', '/requests').json() == {'requests': []}
    assert api.log() == []


def test_reset_restores_the_estate_and_accepts_fixtures(api):
    api.direct()
    api.ok('PUT', '/settings', json={'default_asn': 64512})
    assert api.ctl('POST', '/reset').status_code == 200
    assert api.ok('GET', '/interconnects')['items'] == [] and api.ok('GET', '/settings') == {'default_asn': 13335}
    assert len(api.log()) == 2
    fixtures = {'settings': {'default_asn': 65010}, 'slots': []}
    assert api.ctl('POST', '/reset', json=fixtures).status_code == 200
    assert api.ok('GET', '/settings') == {'default_asn': 65010} and api.ok('GET', '/slots')['items'] == []
    assert api.ctl('POST', '/reset', json={'slotz': []}).status_code == 400


def test_fixtures_are_loaded_without_validation():
    slot_id = str(uuid.uuid4())
    icon = {'type': 'direct', 'name': 'cni-ams01-7', 'slot_id': slot_id, 'site': 'ams01', 'speed': '10G',
            'facility': {'name': 'F', 'address': ['A']}, 'status': {'state': 'Unhealthy', 'reason': 'flapping'}}
    cnis = [{'id': str(uuid.uuid4()), 'interconnect': 'cni-ams01-7', 'p2p_ip': '100.64.0.0/31', 'cust_ip': '100.64.0.1/31',
             'magic': {'conduit_name': 'same', 'description': '', 'mtu': 1500}} for _attempt in range(2)]
    with cni_simulator.Simulator(fixtures={'interconnects': [icon], 'cnis': cnis}) as simulator:
        api = Api(simulator)
        listed = api.ok('GET', '/cnis')['items']
        assert [c['magic']['conduit_name'] for c in listed] == ['same', 'same'] and listed[0]['account'] == ACCOUNT
        assert api.ok('GET', '/interconnects/cni-ams01-7/status') == {'state': 'Unhealthy', 'reason': 'flapping'}
        assert api.ok('GET', '/interconnects/cni-ams01-7')['owner'] == ACCOUNT
        assert api.ok('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': 'cni-ams01-7',
                                             'magic': {'conduit_name': 'new', 'description': '', 'mtu': 1500}})['p2p_ip'] == '100.64.0.2/31'
        assert len(api.ok('GET', '/slots', params={'limit': 50})['items']) == 12


def test_demo_fixtures_file_loads():
    with cni_simulator.Simulator(fixtures=str(REPO / 'simulator' / 'fixtures' / 'demo.json')) as simulator:
        state = Api(simulator).ctl('GET', f'/state/{ACCOUNT}').json()
        assert state['slots'] and state['interconnects'][0]['status'] == {'state': 'Healthy'}


def test_state_is_kept_per_account(api):
    api.direct()
    other = requests.get(f'{api.sim.url}/accounts/another-account/cni/interconnects', headers={'Authorization': f'Bearer {TOKEN}'}, timeout=10)
    assert other.json()['items'] == []
    state = api.ctl('GET', f'/state/{ACCOUNT}').json()
    assert [i['name'] for i in state['interconnects']] == ['cni-ams01-1']


def test_config_can_be_read_and_changed_and_rejects_bad_values(api):
    config = api.ctl('GET', '/config').json()
    assert config['page_size'] == 5 and config['faults'] == ['429', '500', '502', '503'] and config['envelope'] is False
    assert api.ctl('PUT', '/config', json={'page_size': 2, 'faults': 'drop,503'}).json()['faults'] == ['drop', '503']
    assert len(api.ok('GET', '/slots')['items']) == 2
    for bad in ({'page_size': 0}, {'fault_rate': 2}, {'faults': ['404']}, {'envelope': 'yes'}, {'bogus': 1}, {'healthy_after': -1}):
        assert api.ctl('PUT', '/config', json=bad).status_code == 400


def test_envelope_mode_wraps_json_200_bodies_only(api):
    name = api.direct()['name']
    api.ctl('PUT', '/config', json={'envelope': True})
    assert api.ok('GET', '/settings') == {'success': True, 'errors': [], 'messages': [], 'result': {'default_asn': 13335}}
    assert api.ok('GET', f'/interconnects/{name}')['result']['name'] == name
    assert api.call('GET', f'/cnis/{uuid.uuid4()}').json()['success'] is False
    assert api.call('GET', f'/interconnects/{name}/loa').content.startswith(b'%PDF-')
    assert api.call('DELETE', f'/interconnects/{name}').content == b''


def test_latency_applies_to_api_requests(api):
    api.ctl('PUT', '/config', json={'latency_ms': 150})
    started = time.monotonic()
    api.ok('GET', '/settings')
    assert time.monotonic() - started >= 0.15


# -- faults ------------------------------------------------------------------------------------------------------------

def test_queued_429_carries_retry_after_then_the_request_succeeds(api):
    api.ctl('POST', '/faults', json={'kind': '429', 'path': '/settings$', 'retry_after': 7, 'count': 2})
    assert api.call('GET', '/slots').status_code == 200
    first, second, third = (api.call('GET', '/settings') for _attempt in range(3))
    assert first.status_code == second.status_code == 429 and first.headers['Retry-After'] == '7'
    assert error_of(first).startswith('simulated fault')
    assert third.status_code == 200
    assert [e['fault'] for e in api.log()] == [None, '429', '429', None]


@pytest.mark.parametrize('kind', ['500', '502', '503'])
def test_queued_server_errors(api, kind):
    api.ctl('POST', '/faults', json={'kind': kind})
    assert api.call('GET', '/settings').status_code == int(kind)
    assert api.call('GET', '/settings').status_code == 200


def test_drop_closes_the_connection_without_processing(api):
    icon = api.direct()['name']
    api.ctl('POST', '/faults', json={'kind': 'drop', 'method': 'POST', 'path': '/cnis$'})
    with pytest.raises(requests.ConnectionError):
        api.cni(icon, 'dropped')
    assert api.ok('GET', '/cnis')['items'] == []
    entry = [e for e in api.log() if e['method'] == 'POST' and e['path'].endswith('/cnis')][0]
    assert entry['fault'] == 'drop' and entry['status'] is None


def test_drop_after_processes_then_closes_the_connection(api):
    icon = api.direct()['name']
    api.ctl('POST', '/faults', json={'kind': 'drop_after', 'method': 'POST', 'path': '/cnis$'})
    with pytest.raises(requests.ConnectionError):
        api.cni(icon, 'ambiguous')
    assert [c['magic']['conduit_name'] for c in api.ok('GET', '/cnis')['items']] == ['ambiguous']


def test_slow_fault_delays_then_answers(api):
    api.ctl('POST', '/faults', json={'kind': 'slow', 'seconds': 0.2})
    started = time.monotonic()
    assert api.call('GET', '/settings').status_code == 200
    assert time.monotonic() - started >= 0.2


def test_fault_queue_can_be_listed_and_cleared_and_rejects_bad_faults(api):
    api.ctl('POST', '/faults', json={'kind': '503', 'count': 3})
    assert api.ctl('GET', '/faults').json()['faults'][0]['count'] == 3
    assert api.ctl('DELETE', '/faults').json() == {'faults': []}
    assert api.call('GET', '/settings').status_code == 200
    for bad in ({'kind': '418'}, {'kind': '429', 'count': 0}, {'kind': '429', 'path': '('}, {'kind': 'slow', 'seconds': -1}, {}):
        assert api.ctl('POST', '/faults', json=bad).status_code == 400


def test_random_faults_are_reproducible_with_a_seed():
    def statuses(seed):
        with cni_simulator.Simulator(fault_rate=0.5, faults=['429', '503'], seed=seed, retry_after=0) as simulator:
            api = Api(simulator)
            return [api.call('GET', '/settings').status_code for _attempt in range(20)]
    first = statuses(7)
    assert first == statuses(7)
    assert {200, 429, 503} == set(first)


def test_constructor_rejects_bad_options():
    with pytest.raises(ValueError):
        cni_simulator.Simulator(fault_rate=3)
    with pytest.raises(ValueError):
        cni_simulator.Simulator(not_an_option=1)


# -- command line -----------------------------------------------------------------------------------------------------

def test_command_line_prints_its_url_writes_the_ready_file_and_stops_on_sigterm(tmp_path):
    ready, log_file = tmp_path / 'ready', tmp_path / 'requests.jsonl'
    command = [sys.executable, str(REPO / 'simulator' / 'cni_simulator.py'), '--token', 'ci-token', '--page-size', '3',
               '--ready-file', str(ready), '--log-file', str(log_file)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED='1')) as process:
        try:
            line = process.stdout.readline().strip()
            found = re.match(r'^CNI simulator listening on (http://127\.0\.0\.1:\d+)$', line)
            assert found, line
            assert ready.read_text(encoding='utf-8') == found.group(1) + '/client/v4'
            response = requests.get(f'{found.group(1)}/client/v4/accounts/a/cni/slots', headers={'Authorization': 'Bearer ci-token'}, timeout=10)
            assert len(response.json()['items']) == 3
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=5) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert json.loads(log_file.read_text(encoding='utf-8').splitlines()[0])['status'] == 200


# -- the API as it is today (newer than the OpenAPI extract) ---------------------------------------------------------

def test_unknown_body_fields_are_ignored_not_refused(api):
    icon = api.direct()['name']
    body = {'account': ACCOUNT, 'interconnect': icon, 'future_field': 1,
            'magic': {'conduit_name': 'a', 'description': 'd', 'mtu': 1500, 'colour': 'red'}}
    created = api.ok('POST', '/cnis', json=body)
    assert 'future_field' not in created and created['magic'] == {'conduit_name': 'a', 'description': 'd', 'mtu': 1500}
    slot = api.free_slot(speed='10G')
    direct = api.ok('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slot['id'], 'bandwidth': '1G'})
    assert 'bandwidth' not in direct
    gcp = api.ok('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'gcp_partner', 'pairing_key': GCP_KEY,
                                                 'bandwidth': '1G', 'slot_id': 'x'})
    assert 'slot_id' not in gcp


def test_md5_key_of_80_characters_is_accepted_81_refused(api):
    icon = api.direct()['name']
    created = api.cni(icon, 'long-key', bgp={'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'k' * 80})
    assert created.status_code == 200 and created.json()['bgp']['md5_key'] == 'k' * 80
    refused = api.cni(icon, 'too-long', bgp={'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'k' * 81})
    assert refused.status_code == 400 and 'at most 80 characters' in error_of(refused)
    assert 'k' * 81 not in refused.text


def test_bgp_mode_is_ignored_on_create_validated_and_kept_on_put(api):
    icon = api.direct()['name']
    created = api.ok('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': icon, 'bgp_mode': 'advertise_only',
                                            'magic': {'conduit_name': 'm', 'description': '', 'mtu': 1500}})
    assert 'bgp_mode' not in created
    path = f"/cnis/{created['id']}"
    bad_mode = api.call('PUT', path, json=dict(created, bgp_mode='static'))
    assert bad_mode.status_code == 400 and error_of(bad_mode).startswith('bgp_mode:')
    assert api.ok('PUT', path, json=dict(created, bgp_mode='advertise_only'))['bgp_mode'] == 'advertise_only'
    assert api.ok('GET', path)['bgp_mode'] == 'advertise_only'
    assert api.ok('GET', '/cnis')['items'][0]['bgp_mode'] == 'advertise_only'
    assert api.ok('PUT', path, json=created)['bgp_mode'] == 'advertise_only'  # absent: unchanged
    assert api.ok('PUT', path, json=dict(created, bgp_mode='dynamic_route_exchange'))['bgp_mode'] == 'dynamic_route_exchange'


def test_omit_md5_key_leaves_the_key_out_of_every_answer_but_keeps_it(api):
    icon = api.direct()['name']
    api.ctl('PUT', '/config', json={'omit_md5_key': True})
    bgp = {'customer_asn': 65000, 'extra_prefixes': [], 'md5_key': 'sentinel-md5'}
    created = api.cni(icon, 'keyed', bgp=bgp).json()
    assert created['bgp'] == {'customer_asn': 65000, 'extra_prefixes': []}
    path = f"/cnis/{created['id']}"
    answers = [api.call('GET', path).text, api.call('GET', '/cnis').text]
    assert all('sentinel-md5' not in text and 'md5_key' not in text for text in answers)
    assert api.ctl('GET', f'/state/{ACCOUNT}').json()['cnis'][0]['bgp']['md5_key'] == 'sentinel-md5'
    put = api.ok('PUT', path, json=dict(created, magic=dict(created['magic'], mtu=1476)))
    assert 'md5_key' not in put['bgp']
    # A PUT without the key clears it, as the API does: the reason clients must always send it.
    assert 'md5_key' not in api.ctl('GET', f'/state/{ACCOUNT}').json()['cnis'][0]['bgp']
    api.ctl('PUT', '/config', json={'omit_md5_key': False})
    assert api.ok('PUT', path, json=dict(created, bgp=bgp))['bgp']['md5_key'] == 'sentinel-md5'


def test_interconnects_carry_a_reservation_id_and_the_slot_router(api):
    slot = api.free_slot(site='lhr01')
    assert slot['ccr_device_name'].endswith('.lhr01')
    direct = api.ok('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slot['id']})
    assert direct['ccr_device_name'] == slot['ccr_device_name']
    other = api.direct('ams01')
    assert 'ccr_device_name' not in other and 'ccr_device_name' not in api.free_slot(site='ams01')
    ids = {icon['virtual_port_reservation_id'] for icon in (direct, other, api.gcp())}
    assert len(ids) == 3
    listed = api.ok('GET', '/interconnects', params={'limit': 50})['items']
    assert {icon['virtual_port_reservation_id'] for icon in listed} == ids


def test_loa_prints_the_custom_name_instead_of_the_account(api):
    icon = api.direct('fra02')['name']
    default = api.call('GET', f'/interconnects/{icon}/loa').content
    named = api.call('GET', f'/interconnects/{icon}/loa', params={'name': 'ACME (Europe) GmbH'})
    assert named.status_code == 200 and named.content != default
    assert b'Account: ACME \\(Europe\\) GmbH' in named.content and ACCOUNT.encode() not in named.content
    assert ('Account: %s' % ACCOUNT).encode() in default
    too_long = api.call('GET', f'/interconnects/{icon}/loa', params={'name': 'n' * 201})
    assert too_long.status_code == 400 and error_of(too_long).startswith('name:')
    assert api.call('GET', f'/interconnects/{icon}/loa', params={'name': 'n' * 200}).status_code == 200


def test_demo_fixture_interconnect_has_a_reservation_id():
    demo = json.loads((REPO / 'simulator' / 'fixtures' / 'demo.json').read_text(encoding='utf-8'))
    assert all(uuid.UUID(icon['virtual_port_reservation_id']) for icon in demo['interconnects'])


# -- rate limit ------------------------------------------------------------------------------------------------------

def test_rate_limit_headers_count_down_then_429_blocks_until_the_window_ends(api):
    assert api.ctl('PUT', '/config', json={'rate_limit': '3/2'}).json()['rate_limit'] == '3/2'
    answers = [api.call('GET', '/settings') for _attempt in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert [re.match(r'^"default";r=(\d+);t=[12]$', a.headers['Ratelimit']).group(1) for a in answers] == ['2', '1', '0', '0', '0']
    assert answers[0].headers['Ratelimit-Policy'] == '"default";q=3;w=2'
    refused = answers[3]
    assert refused.json()['errors'] == [{'code': 10100, 'message': 'More than 3 requests per 2 seconds reached'}]
    assert refused.headers['Retry-After'] in ('1', '2')
    assert [e['fault'] for e in api.log()][-2:] == ['rate_limit', 'rate_limit']
    time.sleep(int(refused.headers['Retry-After']))
    assert api.call('GET', '/settings').status_code == 200


def test_rate_limit_is_off_by_default_and_control_endpoints_do_not_count(api):
    assert 'Ratelimit' not in api.call('GET', '/settings').headers
    api.ctl('PUT', '/config', json={'rate_limit': [2, 60]})
    for _attempt in range(5):
        api.ctl('GET', '/requests')
    assert [api.call('GET', '/settings').status_code for _attempt in range(3)] == [200, 200, 429]
    api.ctl('PUT', '/config', json={'rate_limit': None})
    assert api.call('GET', '/settings').status_code == 200
    for bad in ('1200', '0/300', '5/0', 'a/b', [1], True):
        assert api.ctl('PUT', '/config', json={'rate_limit': bad}).status_code == 400


@pytest.mark.parametrize('argv, message', [
    (['--port', '99999'], 'argument --port: must be an integer from 0 to 65535'),
    (['--page-size', '0'], 'argument --page-size: must be an integer >= 1'),
    (['--fault-rate', '2'], 'argument --fault-rate: must be a number from 0 to 1'),
    (['--latency-ms', 'nan'], 'argument --latency-ms: must be a number >= 0'),
    (['--rate-limit', '1200'], 'argument --rate-limit: must be REQUESTS/SECONDS'),
    (['--faults', '404'], 'faults: must be a list of fault kinds'),
    (['--fixtures', '/nonexistent/fixtures.json'], '--fixtures /nonexistent/fixtures.json: No such file or directory'),
    (['--bogus'], 'unrecognized arguments: --bogus'),
])
def test_command_line_refuses_a_bad_option_in_one_line(argv, message):
    completed = subprocess.run([sys.executable, str(REPO / 'simulator' / 'cni_simulator.py')] + argv, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=30, check=False)
    assert completed.returncode == 2
    assert completed.stdout == ''
    lines = completed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith('cni_simulator.py: error: ') and message in lines[0], completed.stderr


def test_command_line_rate_limit_and_omit_md5_key(tmp_path):
    command = [sys.executable, str(REPO / 'simulator' / 'cni_simulator.py'), '--rate-limit', '2/60', '--omit-md5-key']
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            base = process.stdout.readline().strip().rsplit(' ', 1)[-1]
            config = requests.get(f'{base}/__sim__/config', timeout=10).json()
            assert config['rate_limit'] == '2/60' and config['omit_md5_key'] is True
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_a_slow_create_lands_only_after_its_delay_while_reads_answer_at_once(api):
    """The knob for 'a create that outlives the client's timeout': a look-up during the delay finds nothing yet."""
    api.ctl('POST', '/faults', json={'kind': 'slow', 'method': 'POST', 'path': '/interconnects$', 'seconds': 1.5})
    with pytest.raises(requests.exceptions.Timeout):
        api.call('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'gcp_partner', 'pairing_key': GCP_KEY,
                                                 'bandwidth': '1G'}, timeout=0.3)
    assert api.ok('GET', '/interconnects')['items'] == []
    deadline = time.monotonic() + 10
    while not api.ok('GET', '/interconnects')['items'] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [icon['type'] for icon in api.ok('GET', '/interconnects')['items']] == ['gcp_partner']
