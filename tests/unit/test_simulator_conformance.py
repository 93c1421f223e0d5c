"""Conformance of the CNI simulator to Cloudflare's OpenAPI document (../shared/api/cloudflare-cni-openapi.json).

One scenario drives every operation of the spec (both interconnect types, all four status states, CNIs with and
without BGP, and a few error answers); the tests then check each recorded exchange against the spec:
the status code is one the operation lists, every 200 JSON body validates against the operation's response schema,
every operation was exercised, and the LOA is a PDF.

About `discriminator`: openapi-schema-validator's OAS30Validator implements it. `nsc_Interconnect` has a mapping
(`direct` / `gcp_partner`), so an interconnect is validated against the branch its `type` names. `nsc_StatusInfo`
has a discriminator without a mapping; OpenAPI 3.0 then takes the value as a schema name (`#/components/schemas/Pending`),
which does not exist for its inline branches, so that discriminator is dropped and plain `oneOf` applies there.
Every body is also validated against a copy of the spec with every discriminator removed: plain `oneOf` passes too
(a direct body lacks the GCP branch's required `region`, a GCP body the physical branch's `slot_id`, `site`, `facility`).
"""

import ipaddress
import json
import os
import re
import sys
import uuid
from pathlib import Path

import pytest

requests = pytest.importorskip('requests')
openapi_schema_validator = pytest.importorskip('openapi_schema_validator')
referencing = pytest.importorskip('referencing')
from jsonschema import FormatChecker  # noqa: E402  pylint: disable=wrong-import-position
from referencing.jsonschema import DRAFT4  # noqa: E402  pylint: disable=wrong-import-position

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'simulator'))
import cni_simulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

SPEC_PATH = Path(os.environ.get('CNI_OPENAPI_SPEC') or REPO.parent / 'shared' / 'api' / 'cloudflare-cni-openapi.json')
SPEC_URI = 'urn:cloudflare-cni-openapi'
ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
METHODS = ('get', 'put', 'post', 'delete', 'patch')


def ipv4_prefix(value):
    if not isinstance(value, str):
        return True
    return bool(re.match(r'^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$', value)) and bool(ipaddress.IPv4Network(value, strict=False))


def format_checker():
    checker = FormatChecker()
    checker.checkers = dict(openapi_schema_validator.OAS30Validator.FORMAT_CHECKER.checkers)
    checker.checks('A.B.C.D/N', raises=ValueError)(ipv4_prefix)
    return checker


def strip_discriminators(node, keep_mapped):
    """Remove `discriminator` (all of them, or only those without a mapping) from a copy of the spec."""
    if isinstance(node, dict):
        return {key: strip_discriminators(value, keep_mapped) for key, value in node.items()
                if not (key == 'discriminator' and isinstance(value, dict) and not (keep_mapped and value.get('mapping')))}
    if isinstance(node, list):
        return [strip_discriminators(value, keep_mapped) for value in node]
    return node


class SpecChecker:
    def __init__(self, spec):
        self.spec = spec
        self.checker = format_checker()
        self.registries = {
            'discriminator': self.registry(strip_discriminators(spec, keep_mapped=True)),
            'plain oneOf': self.registry(strip_discriminators(spec, keep_mapped=False)),
        }
        self.operations = []
        for template, item in spec['paths'].items():
            pattern = re.compile('^' + re.sub(r'\{[^}]+\}', '[^/]+', template) + '$')
            for method in METHODS:
                if method in item:
                    self.operations.append((pattern, template, method.upper(), item[method]))

    @staticmethod
    def registry(document):
        return referencing.Registry().with_resource(SPEC_URI, DRAFT4.create_resource(document))

    def operation(self, method, api_path):
        for pattern, template, op_method, operation in self.operations:
            if op_method == method and pattern.match(api_path):
                return template, operation
        raise AssertionError(f'{method} {api_path} matches no operation of the spec')

    def errors(self, schema_ref, instance):
        found = []
        for name, registry in self.registries.items():
            validator = openapi_schema_validator.OAS30Validator({'$ref': SPEC_URI + schema_ref}, registry=registry, format_checker=self.checker)
            found.extend(f'[{name}] {error.json_path}: {error.message}' for error in validator.iter_errors(instance))
        return found


class Recorder:
    """Calls the simulator and records (method, spec path, operation, response) for every API call."""

    def __init__(self, sim, checker):
        self.sim = sim
        self.checker = checker
        self.session = requests.Session()
        self.session.headers['Authorization'] = 'Bearer sim-token'
        self.exchanges = []

    def call(self, method, path, expect=200, **kwargs):
        api_path = f'/accounts/{ACCOUNT}/cni{path}'
        response = self.session.request(method, self.sim.url + api_path, timeout=10, **kwargs)
        template, operation = self.checker.operation(method, api_path)
        self.exchanges.append({'method': method, 'template': template, 'operation': operation, 'response': response})
        assert response.status_code == expect, f'{method} {path}: {response.status_code} {response.text}'
        return response.json() if response.content and response.headers.get('Content-Type') == 'application/json' else response

    def set_status(self, name, **status):
        response = requests.put(f'{self.sim.control_url}/__sim__/interconnects/{ACCOUNT}/{name}/status', json=status, timeout=10)
        assert response.status_code == 200, response.text


def drive_every_operation(api):
    slots = drive_settings_and_slots(api)
    icons = drive_interconnects(api, slots)
    cnis = drive_cnis(api, *icons)
    api.call('DELETE', f"/interconnects/{icons[0]['name']}", expect=400)
    for cni in cnis:
        api.call('DELETE', f"/cnis/{cni['id']}")
    api.call('DELETE', f'/cnis/{uuid.uuid4()}', expect=404)
    for icon in icons:
        api.call('DELETE', f"/interconnects/{icon['name']}")
    api.call('DELETE', f"/interconnects/{icons[2]['name']}", expect=404)
    api.call('GET', '/interconnects')


def drive_settings_and_slots(api):
    settings = api.call('GET', '/settings')
    api.call('PUT', '/settings', json={'default_asn': settings['default_asn']})
    api.call('PUT', '/settings', json={'default_asn': None})
    slots = api.call('GET', '/slots', params={'occupied': 'false', 'speed': '10G', 'limit': 100})['items']
    api.call('GET', '/slots', params={'occupied': 'true'})
    api.call('GET', '/slots', params={'address_contains': 'amsterdam', 'site': 'ams01', 'cursor': 1, 'limit': 1})
    api.call('GET', f"/slots/{slots[0]['id']}")
    api.call('GET', f'/slots/{uuid.uuid4()}', expect=404)
    api.call('GET', '/slots/not-a-uuid', expect=400)
    return slots


def drive_interconnects(api, slots):
    direct = api.call('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slots[0]['id']})
    direct_speed = api.call('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slots[1]['id'], 'speed': '10G'})
    gcp = api.call('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'gcp_partner', 'bandwidth': '10G',
                                                   'pairing_key': f'{uuid.uuid4()}/europe-west4/2'})
    api.call('POST', '/interconnects', json={'account': ACCOUNT, 'type': 'direct', 'slot_id': slots[0]['id']}, expect=400)
    for query in ({}, {'type': 'direct'}, {'type': 'gcp_partner'}, {'site': direct['site']}, {'limit': 1}, {'cursor': 1, 'limit': 1}):
        api.call('GET', '/interconnects', params=query)
    for icon in (direct, direct_speed, gcp):
        api.call('GET', f"/interconnects/{icon['name']}")
    api.call('GET', '/interconnects/cni-nowhere-1', expect=404)

    api.call('GET', f"/interconnects/{direct['name']}/status")
    for status in ({'state': 'Down', 'reason': 'no light on the cross-connect'}, {'state': 'Down'}, {'state': 'Unhealthy', 'reason': None},
                   {'state': 'Unhealthy', 'reason': 'BGP flapping'}, {'state': 'Pending'}, {'state': 'Healthy'}):
        api.set_status(direct['name'], **status)
        api.call('GET', f"/interconnects/{direct['name']}/status")
    api.call('GET', f"/interconnects/{gcp['name']}/status")
    api.call('GET', '/interconnects/cni-nowhere-1/status', expect=404)
    api.call('GET', f"/interconnects/{direct['name']}/loa")
    api.call('GET', f"/interconnects/{gcp['name']}/loa", expect=400)
    api.call('GET', '/interconnects/cni-nowhere-1/loa', expect=404)
    return direct, direct_speed, gcp


def drive_cnis(api, direct, direct_speed, gcp):
    magic = {'conduit_name': 'to-fra', 'description': 'BGP over the direct CNI', 'mtu': 1500}
    bgp = {'customer_asn': 65001, 'extra_prefixes': ['192.0.2.0/24', '198.51.100.0/25'], 'md5_key': 'not-a-secret'}
    with_bgp = api.call('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': direct['name'], 'magic': magic, 'bgp': bgp})
    without_bgp = api.call('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': gcp['name'],
                                                  'magic': {'conduit_name': 'to-gcp', 'description': '', 'mtu': 1460}})
    bgp_no_md5 = api.call('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': direct_speed['name'],
                                                 'magic': {'conduit_name': 'bgp-no-md5', 'description': 'x', 'mtu': 1476},
                                                 'bgp': {'customer_asn': 65002, 'extra_prefixes': []}})
    api.call('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': direct['name'], 'magic': magic}, expect=409)
    api.call('POST', '/cnis', json={'account': ACCOUNT, 'interconnect': direct['name'], 'magic': dict(magic, mtu=-1)}, expect=400)
    for query in ({}, {'slot': direct['slot_id']}, {'tunnel_id': 'nothing'}, {'limit': 1}, {'cursor': 2}):
        api.call('GET', '/cnis', params=query)
    for cni in (with_bgp, without_bgp, bgp_no_md5):
        api.call('GET', f"/cnis/{cni['id']}")
    api.call('GET', f'/cnis/{uuid.uuid4()}', expect=404)
    api.call('GET', '/cnis/not-a-uuid', expect=400)

    api.call('PUT', f"/cnis/{with_bgp['id']}", json=dict(with_bgp, magic=dict(magic, description='changed')))
    added = dict(without_bgp, bgp={'customer_asn': 65003, 'extra_prefixes': ['203.0.113.0/24'], 'md5_key': None})
    api.call('PUT', f"/cnis/{without_bgp['id']}", json=added)
    removed = {key: value for key, value in with_bgp.items() if key != 'bgp'}
    api.call('PUT', f"/cnis/{with_bgp['id']}", json=removed)
    api.call('PUT', f"/cnis/{with_bgp['id']}", json=dict(removed, p2p_ip='100.64.99.0/31'), expect=400)
    api.call('PUT', f'/cnis/{uuid.uuid4()}', json=removed, expect=404)
    return with_bgp, without_bgp, bgp_no_md5


@pytest.fixture(scope='module', name='spec')
def fixture_spec():
    if not SPEC_PATH.is_file():
        pytest.skip(f'OpenAPI document not found at {SPEC_PATH} (set CNI_OPENAPI_SPEC to its path to run the conformance tests)')
    return json.loads(SPEC_PATH.read_text(encoding='utf-8'))


@pytest.fixture(scope='module', name='checker')
def fixture_checker(spec):
    return SpecChecker(spec)


@pytest.fixture(scope='module', name='exchanges')
def fixture_exchanges(checker):
    with cni_simulator.Simulator(page_size=2) as simulator:
        api = Recorder(simulator, checker)
        drive_every_operation(api)
        api.session.close()
    return api.exchanges


def json_schema_ref(operation, status):
    content = (operation['responses'].get(str(status)) or {}).get('content') or {}
    schema = (content.get('application/json') or {}).get('schema')
    return schema['$ref'] if schema else None


def test_every_operation_of_the_spec_is_exercised_with_a_200(checker, exchanges):
    expected = {(template, method) for _pattern, template, method, _operation in checker.operations}
    assert expected
    seen = {(e['template'], e['method']) for e in exchanges if e['response'].status_code == 200}
    assert sorted(expected - seen) == []


def test_every_status_code_is_listed_for_its_operation(exchanges):
    unlisted = [f"{e['method']} {e['template']}: {e['response'].status_code}" for e in exchanges
                if str(e['response'].status_code) not in e['operation']['responses']]
    assert unlisted == []


def test_every_200_json_body_matches_the_response_schema(checker, exchanges):
    failures, validated = [], 0
    for exchange in exchanges:
        response = exchange['response']
        ref = json_schema_ref(exchange['operation'], response.status_code)
        if response.status_code != 200 or ref is None:
            continue
        assert response.headers['Content-Type'] == 'application/json'
        validated += 1
        failures.extend(f"{exchange['method']} {exchange['template']} {error}" for error in checker.errors(ref, response.json()))
    assert not failures
    assert validated > 40


def test_200_answers_without_a_json_schema_are_the_loa_pdf_or_empty(exchanges):
    for exchange in exchanges:
        response = exchange['response']
        if response.status_code != 200 or json_schema_ref(exchange['operation'], 200):
            continue
        if exchange['template'].endswith('/loa'):
            assert response.headers['Content-Type'] == 'application/pdf'
            assert response.content.startswith(b'%PDF-')
        else:
            assert exchange['method'] == 'DELETE' and response.content == b''


def test_error_answers_carry_the_cloudflare_error_body(exchanges):
    for exchange in exchanges:
        if exchange['response'].status_code >= 400:
            body = exchange['response'].json()
            assert body['success'] is False and body['errors'][0]['message']


def test_scenario_covers_both_interconnect_types_all_states_and_cnis_with_and_without_bgp(exchanges):
    bodies = [(e['template'], e['response'].json()) for e in exchanges
              if e['response'].status_code == 200 and json_schema_ref(e['operation'], 200)]
    states = {body['state'] for template, body in bodies if template.endswith('/status')}
    assert states == {'Pending', 'Down', 'Unhealthy', 'Healthy'}
    icons = [body for template, body in bodies if template.endswith('/interconnects/{icon}')]
    assert {icon['type'] for icon in icons} == {'direct', 'gcp_partner'}
    cnis = [body for template, body in bodies if template.endswith('/cnis/{cni}')]
    assert {'bgp' in cni for cni in cnis} == {True, False}
    assert any('md5_key' in cni.get('bgp', {}) for cni in cnis) and any('bgp' in cni and 'md5_key' not in cni['bgp'] for cni in cnis)


def test_interconnects_match_the_branch_their_type_names_and_only_that_one(checker, exchanges):
    mapping = checker.spec['components']['schemas']['nsc_Interconnect']['discriminator']['mapping']
    icons = [e['response'].json() for e in exchanges
             if e['response'].status_code == 200 and e['template'].endswith('/interconnects/{icon}') and e['method'] == 'GET']
    assert icons
    for icon in icons:
        for kind, ref in mapping.items():
            assert (checker.errors(ref, icon) == []) == (kind == icon['type']), (kind, icon)


def test_validator_rejects_a_body_that_breaks_the_schema(checker):
    bad_cni = {'id': 'x', 'account': ACCOUNT, 'interconnect': 'i', 'p2p_ip': '100.64.0.0', 'cust_ip': '100.64.0.1/31',
               'magic': {'conduit_name': 'a', 'description': '', 'mtu': -5}}
    assert len(checker.errors('#/components/schemas/nsc_Cni', bad_cni)) >= 4
    assert checker.errors('#/components/schemas/nsc_StatusInfo', {'state': 'Sleeping'})
    gcp_missing_region = {'type': 'gcp_partner', 'name': 'g', 'account': ACCOUNT}
    assert checker.errors('#/components/schemas/nsc_Interconnect', gcp_missing_region)
    assert checker.errors('#/components/schemas/nsc_CniList', {'items': [bad_cni], 'next': None})


def test_the_discriminator_is_applied_not_just_plain_one_of(checker):
    mislabelled = {'type': 'direct', 'name': 'gcp-europe-west4-1', 'account': ACCOUNT, 'region': 'europe-west4'}
    errors = checker.errors('#/components/schemas/nsc_Interconnect', mislabelled)
    assert [error for error in errors if error.startswith('[discriminator]')]
    assert not [error for error in errors if error.startswith('[plain oneOf]')]
