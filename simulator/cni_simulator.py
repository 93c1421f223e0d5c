"""A stateful HTTP simulator of Cloudflare's Network Interconnects (CNI) API.

Standard library only. Run ``python3 simulator/cni_simulator.py --help`` or see simulator/README.md.
The API is served under ``/client/v4/accounts/{account_id}/cni/...``; control endpoints live under ``/__sim__/``.
"""

import argparse
import copy
import ipaddress
import json
import math
import os
import random
import re
import signal
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

API_PREFIX = '/client/v4'
CONTROL_PREFIX = '/__sim__'
INT32_MAX = 2 ** 31 - 1
BANDWIDTHS = ('50M', '100M', '200M', '300M', '400M', '500M', '1G', '2G', '5G', '10G', '20G', '50G')
RANDOM_FAULT_KINDS = ('429', '500', '502', '503', 'drop', 'drop_after')
QUEUED_FAULT_KINDS = RANDOM_FAULT_KINDS + ('slow', 'html', 'redirect')
# What an intermediary (captive portal, proxy error page) answers: a 200 that is not the API's body.
HTML_PAGE = b'<html><body><h1>Service temporarily unavailable</h1></body></html>'
STATES = ('Pending', 'Down', 'Unhealthy', 'Healthy')
BGP_MODES = ('dynamic_route_exchange', 'advertise_only')
MD5_KEY_MAX = 80
LOA_NAME_MAX = 200
RATE_LIMIT_RE = re.compile(r'^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*$')
FIXTURE_KEYS = ('settings', 'slots', 'interconnects', 'cnis')

CODE_INTERNAL = 1000
CODE_VALIDATION = 1001
CODE_NOT_FOUND = 1002
CODE_CONFLICT = 1003
CODE_FAULT = 1100
CODE_NO_ROUTE = 7000
CODE_METHOD = 7001
CODE_AUTH = 10000
CODE_RATE_LIMIT = 10100

UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
PAIRING_KEY_RE = re.compile(r'^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}/([a-z][a-z0-9-]*[a-z0-9])/[12]$')
CIDR_RE = re.compile(r'^\d{1,3}(?:\.\d{1,3}){3}/\d{1,2}$')
IP_POOL_BASE = int(ipaddress.IPv4Address('100.64.0.0'))

DEFAULT_CONFIG = {
    'page_size': 50,
    'latency_ms': 0,
    'fault_rate': 0.0,
    'faults': list(RANDOM_FAULT_KINDS[:4]),
    'seed': 0,
    'retry_after': 1,
    'healthy_after': None,
    'healthy_after_reads': None,
    'envelope': False,
    'omit_md5_key': False,
    'rate_limit': None,
}
DEFAULT_SETTINGS = {'default_asn': 13335}
# site, facility name, address lines, slot speeds (one slot per entry)
DEFAULT_SITES = (
    ('ams01', 'Equinix AM3', ['Science Park 610', 'Amsterdam', 'Netherlands'], ('10G', '100G', '10G')),
    ('fra02', 'Interxion FRA6', ['Weism\u00fcllerstra\u00dfe 19', 'Frankfurt am Main', 'Germany'], ('100G', '10G')),
    ('iad01', 'Equinix DC2', ['21715 Filigree Court', 'Ashburn, VA', 'United States'], ('10G', '10G', '100G')),
    ('sjc01', 'Equinix SV1', ['11 Great Oaks Blvd', 'San Jose, CA', 'United States'], ('10G', '100G')),
    ('lhr01', 'Telehouse North', ['Coriander Avenue', 'London', 'United Kingdom'], ('100G', '10G')),
)
DEFAULT_OCCUPIED = (('ams01', 3), ('iad01', 2))
# Sites whose default slots name their Cloudflare router (the API's optional `ccr_device_name`).
DEFAULT_CCR_SITES = ('sjc01', 'lhr01')


class ApiError(Exception):
    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or []


def bad(message):
    return ApiError(400, CODE_VALIDATION, message)


def not_found(message):
    return ApiError(404, CODE_NOT_FOUND, message)


# == Validation helpers

def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_int32(value, field):
    if not is_int(value) or value < 0 or value > INT32_MAX:
        raise bad(f'{field}: must be an integer >= 0 (int32)')
    return value


def check_str(value, field, non_empty=False):
    if not isinstance(value, str) or (non_empty and not value):
        raise bad(f"{field}: must be a {'non-empty ' if non_empty else ''}string")
    return value


def check_object(value, field, required, optional=(), strict=False):
    """A JSON object with the required keys. Unknown keys are refused only when strict (the control endpoints):
    the API itself accepts what it does not document."""
    if not isinstance(value, dict):
        raise bad(f'{field}: must be a JSON object')
    prefix = '' if field == 'body' else field + '.'
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown and strict:
        raise bad(f'{prefix}{unknown[0]}: unknown field')
    for key in required:
        if key not in value:
            raise bad(f'{prefix}{key}: required')
    return value


def check_prefix(value, field):
    if not isinstance(value, str) or not CIDR_RE.match(value):
        raise bad(f'{field}: must be an IPv4 prefix A.B.C.D/N')
    try:
        ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise bad(f'{field}: must be an IPv4 prefix A.B.C.D/N') from None
    return value


def check_md5_key(value):
    allowed = isinstance(value, str) and value and all(0x20 <= ord(c) <= 0x7E and c not in '"?' for c in value)
    if not allowed:
        raise bad('bgp.md5_key: must be non-empty printable ASCII without \'"\', \'?\', tab, CR, LF, VT or FF')
    if len(value) > MD5_KEY_MAX:
        raise bad(f'bgp.md5_key: must be at most {MD5_KEY_MAX} characters (got {len(value)})')
    return value


def check_bgp_mode(value):
    if value not in BGP_MODES:
        raise bad(f'bgp_mode: must be one of {", ".join(BGP_MODES)}')
    return value


def parse_rate_limit(value):
    """'N/S' (N requests per S seconds), a [N, S] pair, or None (no limit) -> (N, S) or None."""
    if value is None:
        return None
    if isinstance(value, str):
        found = RATE_LIMIT_RE.match(value)
        pair = (int(found.group(1)), float(found.group(2))) if found else None
    elif isinstance(value, (list, tuple)) and len(value) == 2 and is_int(value[0]) and is_number(value[1]):
        pair = (value[0], float(value[1]))
    else:
        pair = None
    if pair is None or pair[0] < 1 or pair[1] <= 0:
        raise bad('rate_limit: must be "REQUESTS/SECONDS" such as "1200/300" (both above 0), or null')
    return pair


def validate_magic(magic):
    check_object(magic, 'magic', ('conduit_name', 'description', 'mtu'))
    check_str(magic['conduit_name'], 'magic.conduit_name', non_empty=True)
    check_str(magic['description'], 'magic.description')
    check_int32(magic['mtu'], 'magic.mtu')
    return {'conduit_name': magic['conduit_name'], 'description': magic['description'], 'mtu': magic['mtu']}


def validate_bgp(bgp, default_asn):
    if bgp is None:
        return None
    check_object(bgp, 'bgp', ('customer_asn', 'extra_prefixes'), ('md5_key',))
    asn = check_int32(bgp['customer_asn'], 'bgp.customer_asn')
    if asn == default_asn:
        raise bad(f'bgp.customer_asn: must differ from the account default_asn ({default_asn})')
    prefixes = bgp['extra_prefixes']
    if not isinstance(prefixes, list):
        raise bad('bgp.extra_prefixes: must be a list of IPv4 prefixes A.B.C.D/N')
    for index, prefix in enumerate(prefixes):
        check_prefix(prefix, f'bgp.extra_prefixes[{index}]')
    result = {'customer_asn': asn, 'extra_prefixes': list(prefixes)}
    if bgp.get('md5_key') is not None:
        result['md5_key'] = check_md5_key(bgp['md5_key'])
    return result


def check_uuid(value, field):
    if not UUID_RE.match(value):
        raise bad(f'{field}: {value!r} is not a UUID')
    return value


def query_int(query, name, minimum=0, maximum=None):
    if name not in query:
        return None
    text = query[name]
    if not re.match(r'^-?\d+$', text):
        raise bad(f'{name}: must be an integer')
    value = int(text)
    if value < minimum or (maximum is not None and value > maximum):
        raise bad(f'{name}: must be an integer >= {minimum}' + (f' and <= {maximum}' if maximum is not None else ''))
    return value


def parse_json(raw, required):
    if not raw.strip():
        if required:
            raise bad('body: a JSON body is required')
        return None
    try:
        return json.loads(raw.decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad(f'body: malformed JSON ({exc})') from None


def try_json(raw):
    try:
        return json.loads(raw.decode('utf-8')) if raw.strip() else None
    except (UnicodeDecodeError, ValueError):
        return None


def normalize_config(updates, current):
    """Validate config updates (control PUT or constructor options); return the new config dict."""
    if not isinstance(updates, dict):
        raise bad('config: must be a JSON object')
    config = dict(current)
    for key, value in updates.items():
        if key not in DEFAULT_CONFIG:
            raise bad(f'{key}: unknown config option (known: {", ".join(DEFAULT_CONFIG)})')
        config[key] = _config_value(key, value)
    return config


def _config_value(key, value):
    if key == 'faults':
        kinds = value.split(',') if isinstance(value, str) else value
        if not isinstance(kinds, list) or any(str(k).strip() not in RANDOM_FAULT_KINDS for k in kinds if str(k).strip()):
            raise bad(f'faults: must be a list of fault kinds from {", ".join(RANDOM_FAULT_KINDS)}')
        return [str(k).strip() for k in kinds if str(k).strip()]
    if key in ('envelope', 'omit_md5_key'):
        if not isinstance(value, bool):
            raise bad(f'{key}: must be a boolean')
        return value
    if key == 'rate_limit':
        pair = parse_rate_limit(value)
        return None if pair is None else f'{pair[0]}/{int(pair[1]) if pair[1].is_integer() else pair[1]}'
    if key in ('page_size', 'seed'):
        if not is_int(value) or (key == 'page_size' and value < 1):
            raise bad(f"{key}: must be an integer{' >= 1' if key == 'page_size' else ''}")
        return value
    if key in ('healthy_after', 'healthy_after_reads') and value is None:
        return None
    if key == 'healthy_after_reads':
        if not is_int(value) or value < 0:
            raise bad('healthy_after_reads: must be an integer >= 0 or null')
        return value
    if not is_number(value) or value < 0 or (key == 'fault_rate' and value > 1):
        raise bad(f"{key}: must be a number {'between 0 and 1' if key == 'fault_rate' else '>= 0'}")
    return value


def load_fixtures(source):
    if source is None:
        return {}
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding='utf-8') as handle:
            source = json.load(handle)
    if not isinstance(source, dict):
        raise ValueError('fixtures: must be a JSON object')
    unknown = sorted(set(source) - set(FIXTURE_KEYS))
    if unknown:
        raise ValueError(f'fixtures: unknown key {unknown[0]!r} (known: {", ".join(FIXTURE_KEYS)})')
    return copy.deepcopy(source)


def default_slots():
    slots = []
    for site, facility, address, speeds in DEFAULT_SITES:
        for index, speed in enumerate(speeds, 1):
            slots.append({
                'id': str(uuid.uuid5(uuid.NAMESPACE_URL, f'https://cni-simulator.invalid/slots/{site}/{index}')),
                'occupied': (site, index) in DEFAULT_OCCUPIED,
                'site': site,
                'speed': speed,
                'facility': {'name': facility, 'address': list(address)},
            })
            if site in DEFAULT_CCR_SITES:
                slots[-1]['ccr_device_name'] = f'ccr{index:02d}.{site}'
    return slots


# == Letter of Authorization: a small hand-built one-page PDF, byte-identical for the same input

def pdf_escape(text):
    return text.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')


def build_pdf(lines):
    content = ['BT', '/F1 11 Tf', '15 TL', '72 730 Td']
    for index, line in enumerate(lines):
        if index:
            content.append('T*')
        content.append(f'({pdf_escape(line)}) Tj')
    content.append('ET')
    stream = '\n'.join(content).encode('cp1252', 'replace')
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
        b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ]
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % number + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
    for offset in offsets:
        out += b'%010d 00000 n \n' % offset
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref)
    return bytes(out)


def loa_pdf(icon, slot, name=None):
    facility = icon.get('facility') or (slot or {}).get('facility') or {}
    return build_pdf([
        'LETTER OF AUTHORIZATION AND CONNECTING FACILITY ASSIGNMENT (LOA/CFA)',
        'Issued by Cloudflare, Inc. -- generated by the CNI simulator, not valid for a real cross-connect',
        '',
        f"Interconnect: {icon.get('name', '')}",
        f"Account: {name or icon.get('account', '')}",
        f"Facility: {facility.get('name', '')}",
        f"Address: {', '.join(str(line) for line in facility.get('address') or [])}",
        f"Site: {icon.get('site', '')}",
        f"Slot: {icon.get('slot_id', '')}",
        f"Speed: {icon.get('speed', '')}",
        '',
        'Cloudflare authorizes the facility operator named above to install a cross-connect',
        'from the customer equipment to the Cloudflare port assigned to this slot.',
    ])


# == State of one account

class Account:
    def __init__(self, account_id, fixtures):
        self.id = account_id
        self.settings = dict(DEFAULT_SETTINGS, **copy.deepcopy(fixtures.get('settings') or {}))
        self.slots = copy.deepcopy(fixtures['slots']) if 'slots' in fixtures else default_slots()
        self.interconnects = {}  # name -> record {obj, status, manual, created, pairing_key}
        self.cnis = {}  # id -> CNI object, in creation order
        self.name_seq = 0
        self.ip_seq = 0
        self.used_ips = set()
        for raw in fixtures.get('interconnects') or []:
            self._load_interconnect(copy.deepcopy(raw))
        for raw in fixtures.get('cnis') or []:
            cni = copy.deepcopy(raw)
            cni.setdefault('id', str(uuid.uuid4()))
            cni.setdefault('account', account_id)
            self.used_ips.update(str(cni.get(k, '')).split('/', maxsplit=1)[0] for k in ('p2p_ip', 'cust_ip'))
            self.cnis[str(cni['id'])] = cni

    def _load_interconnect(self, obj):
        status = obj.pop('status', None) or {'state': 'Healthy'}
        pairing_key = obj.pop('pairing_key', None)
        obj.setdefault('account', self.id)
        obj.setdefault('owner', self.id)
        if not obj.get('name'):
            obj['name'] = self.next_name(f"cni-{obj.get('site', 'x')}" if obj.get('type') == 'direct' else f"gcp-{obj.get('region', 'x')}")
        self.interconnects[obj['name']] = {'obj': obj, 'status': status, 'manual': True, 'created': time.monotonic(), 'pairing_key': pairing_key}

    def next_name(self, prefix):
        while True:
            self.name_seq += 1
            name = f'{prefix}-{self.name_seq}'
            if name not in self.interconnects:
                return name

    def alloc_pair(self):
        while True:
            base = IP_POOL_BASE + 2 * self.ip_seq
            self.ip_seq += 1
            p2p, cust = str(ipaddress.IPv4Address(base)), str(ipaddress.IPv4Address(base + 1))
            if p2p not in self.used_ips and cust not in self.used_ips:
                self.used_ips.update((p2p, cust))
                return f'{p2p}/31', f'{cust}/31'

    def find_slot(self, slot_id):
        for slot in self.slots:
            if str(slot.get('id', '')).lower() == str(slot_id).lower():
                return slot
        return None

    def find_cni(self, cni_id):
        check_uuid(cni_id, 'cni')
        for key, cni in self.cnis.items():
            if key.lower() == cni_id.lower():
                return cni
        raise not_found(f'cni: no CNI with id {cni_id}')

    def find_interconnect(self, name):
        if name not in self.interconnects:
            raise not_found(f'interconnect: no interconnect named {name!r}')
        return self.interconnects[name]

    def check_conduit_free(self, conduit_name, own_id=None):
        for cni in self.cnis.values():
            if cni.get('id') != own_id and (cni.get('magic') or {}).get('conduit_name') == conduit_name:
                raise ApiError(409, CODE_CONFLICT, f"Name Conflict: magic.conduit_name {conduit_name!r} is already used by CNI {cni.get('id')}")

    def dump(self, now):
        interconnects = []
        for rec in self.interconnects.values():
            interconnects.append(dict(rec['obj'], status=rec['status'], status_pinned=rec['manual'],
                                      age_seconds=round(now - rec['created'], 3), pairing_key=rec['pairing_key']))
        return {'account': self.id, 'settings': self.settings, 'slots': self.slots, 'interconnects': interconnects,
                'cnis': list(self.cnis.values()), 'next_name_seq': self.name_seq + 1, 'next_ip_pair': self.ip_seq}


# == The engine: accounts, operations, faults, request log

ACCT = r'^/accounts/(?P<account>[^/]+)/cni'
ROUTES = (
    (re.compile(ACCT + r'/cnis$'), {'GET': 'list_cnis', 'POST': 'create_cni'}),
    (re.compile(ACCT + r'/cnis/(?P<cni>[^/]+)$'), {'GET': 'get_cni', 'PUT': 'update_cni', 'DELETE': 'delete_cni'}),
    (re.compile(ACCT + r'/interconnects$'), {'GET': 'list_interconnects', 'POST': 'create_interconnect'}),
    (re.compile(ACCT + r'/interconnects/(?P<icon>[^/]+)$'), {'GET': 'get_interconnect', 'DELETE': 'delete_interconnect'}),
    (re.compile(ACCT + r'/interconnects/(?P<icon>[^/]+)/status$'), {'GET': 'get_interconnect_status'}),
    (re.compile(ACCT + r'/interconnects/(?P<icon>[^/]+)/loa$'), {'GET': 'get_interconnect_loa'}),
    (re.compile(ACCT + r'/settings$'), {'GET': 'get_settings', 'PUT': 'update_settings'}),
    (re.compile(ACCT + r'/slots$'), {'GET': 'list_slots'}),
    (re.compile(ACCT + r'/slots/(?P<slot>[^/]+)$'), {'GET': 'get_slot'}),
)
CONTROL_ROUTES = (
    (re.compile(r'^/requests$'), {'GET': 'requests', 'DELETE': 'clear_requests'}),
    (re.compile(r'^/reset$'), {'POST': 'reset'}),
    (re.compile(r'^/interconnects/(?P<account>[^/]+)/(?P<name>[^/]+)/status$'), {'PUT': 'set_status'}),
    (re.compile(r'^/config$'), {'GET': 'config', 'PUT': 'set_config'}),
    (re.compile(r'^/faults$'), {'GET': 'faults', 'POST': 'add_fault', 'DELETE': 'clear_faults'}),
    (re.compile(r'^/state/(?P<account>[^/]+)$'), {'GET': 'state'}),
    (re.compile(r'^/health$'), {'GET': 'health'}),
)


def match_route(routes, method, path):
    for regex, methods in routes:
        found = regex.match(path)
        if found:
            if method not in methods:
                raise ApiError(405, CODE_METHOD, f'method {method} not allowed on {path} (allowed: {", ".join(methods)})',
                               headers=[('Allow', ', '.join(methods))])
            return methods[method], {k: unquote(v) for k, v in found.groupdict().items()}
    raise ApiError(404, CODE_NO_ROUTE, f'no route for {path}')


def json_bytes(obj):
    return json.dumps(obj).encode('utf-8')


def error_response(err):
    body = {'success': False, 'errors': [{'code': err.code, 'message': err.message}], 'messages': [], 'result': None}
    return err.status, 'application/json', json_bytes(body), err.headers


class Engine:
    def __init__(self, *, tokens=None, email=None, key=None, fixtures=None, log_file=None, options=None):
        self.tokens = set(['sim-token'] if tokens is None else tokens)
        self.email = email
        self.key = key
        self.log_file = log_file
        self.lock = threading.RLock()
        self.startup_fixtures = load_fixtures(fixtures)
        try:
            self.config = normalize_config(options or {}, DEFAULT_CONFIG)
        except ApiError as exc:
            raise ValueError(exc.message) from None
        self.fixtures = self.startup_fixtures
        self.accounts = {}
        self.log = []
        self.fault_queue = []
        self.seq = 0
        self.rng = random.Random(self.config['seed'])
        self.window = None  # rate limit: [start (monotonic), requests counted in it]
        self.started = time.monotonic()

    def account(self, account_id):
        if account_id not in self.accounts:
            self.accounts[account_id] = Account(account_id, self.fixtures)
        return self.accounts[account_id]

    # -- auth ----------------------------------------------------------------------------------------------------
    def authenticate(self, headers):
        auth, email, key = headers.get('Authorization'), headers.get('X-Auth-Email'), headers.get('X-Auth-Key')
        if auth is None and email is None and key is None and headers.get('X-Auth-User-Service-Key') is None:
            raise ApiError(401, CODE_AUTH, 'Authentication error: no credentials (send Authorization: Bearer <token>, or X-Auth-Email and X-Auth-Key)')
        scheme, _space, token = (auth or '').strip().partition(' ')
        if scheme.lower() == 'bearer' and token.strip() in self.tokens:
            return
        if self.email is not None and self.key is not None and email == self.email and key == self.key:
            return
        raise ApiError(403, CODE_AUTH, 'Authentication error: the credentials supplied are not valid')

    # -- request log and faults ----------------------------------------------------------------------------------
    def begin(self, method, api_path, query, raw, user_agent):
        """Log a request; return (log entry, fault or None, rate-limit headers). A request over the rate limit gets
        the fault {'kind': 'rate_limit'} and takes no queued fault."""
        account = re.match(r'^/accounts/([^/]+)', api_path)
        with self.lock:
            self.seq += 1
            limited, headers = self.count_request()
            fault = limited or self.take_fault(method, api_path)
            entry = {'seq': self.seq, 'at': round(time.monotonic() - self.started, 3), 'method': method,
                     'path': api_path, 'query': query, 'status': None,
                     'account': unquote(account.group(1)) if account else None, 'body': try_json(raw),
                     'fault': fault['kind'] if fault else None, 'user_agent': user_agent}
            self.log.append(entry)
            return entry, fault, headers

    def count_request(self):
        """Cloudflare's rate limit (config rate_limit "N/S"): N requests per window of S seconds, counted from the
        window's first request; past N every request is refused with 429 until the window ends. Returns (a
        rate_limit fault or None, the Ratelimit and Ratelimit-Policy headers for the answer)."""
        pair = parse_rate_limit(self.config['rate_limit'])
        if pair is None:
            return None, []
        limit, seconds = pair
        now = time.monotonic()
        if self.window is None or now >= self.window[0] + seconds:
            self.window = [now, 0]
        self.window[1] += 1
        left = max(0.0, self.window[0] + seconds - now)
        reset = max(1, math.ceil(left))
        policy = f'q={limit};w={int(seconds) if float(seconds).is_integer() else seconds}'
        headers = [('Ratelimit', f'"default";r={max(0, limit - self.window[1])};t={reset}'),
                   ('Ratelimit-Policy', f'"default";{policy}')]
        if self.window[1] <= limit:
            return None, headers
        return {'kind': 'rate_limit', 'retry_after': reset, 'limit': limit, 'seconds': seconds}, headers

    def finish(self, entry, status):
        with self.lock:
            entry['status'] = status
            if self.log_file:
                with open(self.log_file, 'a', encoding='utf-8') as handle:
                    handle.write(json.dumps(entry) + '\n')

    def take_fault(self, method, api_path):
        for fault in self.fault_queue:
            if fault['method'] and fault['method'] != method:
                continue
            if fault['path'] and not re.search(fault['path'], api_path):
                continue
            fault['count'] -= 1
            if fault['count'] <= 0:
                self.fault_queue.remove(fault)
            return dict(fault)
        rate, kinds = self.config['fault_rate'], self.config['faults']
        if rate > 0 and kinds and self.rng.random() < rate:
            return {'kind': self.rng.choice(kinds), 'retry_after': self.config['retry_after'], 'seconds': 0}
        return None

    @staticmethod
    def fault_response(fault):
        if fault['kind'] == 'rate_limit':
            window = int(fault['seconds']) if float(fault['seconds']).is_integer() else fault['seconds']
            message = f"More than {fault['limit']} requests per {window} seconds reached"
            return error_response(ApiError(429, CODE_RATE_LIMIT, message, [('Retry-After', str(fault['retry_after']))]))
        status = int(fault['kind'])
        text = {429: 'rate limited', 500: 'internal server error', 502: 'bad gateway', 503: 'service unavailable'}[status]
        headers = []
        if status == 429:
            retry = fault['retry_after']
            headers.append(('Retry-After', str(int(retry)) if float(retry).is_integer() else str(retry)))
        return error_response(ApiError(status, CODE_FAULT, f'simulated fault: {text}', headers))

    # -- API dispatch --------------------------------------------------------------------------------------------
    def handle_api(self, method, api_path, query, headers, raw):
        try:
            self.authenticate(headers)
            operation, params = match_route(ROUTES, method, api_path)
            body = parse_json(raw, required=True) if method in ('POST', 'PUT') else None
            with self.lock:
                result = getattr(self, 'op_' + operation)(self.account(params['account']), params, query, body)
                envelope = self.config['envelope']
        except ApiError as err:
            return error_response(err)
        except Exception as exc:  # pylint: disable=broad-except
            return error_response(ApiError(500, CODE_INTERNAL, f'internal simulator error: {type(exc).__name__}: {exc}'))
        if result is None:
            return 200, None, b'', []
        if isinstance(result, bytes):
            return 200, 'application/pdf', result, [('Content-Disposition', f'attachment; filename="{params["icon"]}-loa.pdf"')]
        if envelope:
            result = {'success': True, 'errors': [], 'messages': [], 'result': result}
        return 200, 'application/json', json_bytes(result), []

    def paginate(self, items, query):
        cursor = query_int(query, 'cursor', 0, INT32_MAX) or 0
        limit = query_int(query, 'limit', 0)
        size = min(limit, self.config['page_size']) if limit else self.config['page_size']
        following = cursor + size
        return {'items': copy.deepcopy(items[cursor:following]), 'next': following if following < len(items) else None}

    def status_of(self, rec):
        # Time can also be driven by the reads themselves (tests on a busy machine): a status set with after_reads
        # takes effect at the read after that many, and healthy_after_reads counts the reads of a new interconnect.
        rec['reads'] = rec.get('reads', 0) + 1
        queued = rec.get('next_status')
        if queued is not None and rec['reads'] > queued['after_reads']:
            rec['status'], rec['manual'] = queued['status'], True
            del rec['next_status']
        after = self.config['healthy_after']
        if not rec['manual'] and rec['status'].get('state') == 'Pending' and after is not None and time.monotonic() - rec['created'] >= after:
            rec['status'] = {'state': 'Healthy'}
        after_reads = self.config['healthy_after_reads']
        if not rec['manual'] and rec['status'].get('state') == 'Pending' and after_reads is not None and rec['reads'] > after_reads:
            rec['status'] = {'state': 'Healthy'}
        return copy.deepcopy(rec['status'])

    @staticmethod
    def check_account(value, acct):
        if check_str(value, 'account') != acct.id:
            raise bad('account: must equal the account_id in the path')

    # -- CNIs ----------------------------------------------------------------------------------------------------
    def op_list_cnis(self, acct, _params, query, _body):
        items = list(acct.cnis.values())
        if query.get('slot'):
            names = {name for name, rec in acct.interconnects.items()
                     if rec['obj'].get('type') == 'direct' and str(rec['obj'].get('slot_id', '')).lower() == query['slot'].lower()}
            items = [cni for cni in items if cni.get('interconnect') in names]
        if query.get('tunnel_id'):
            items = [cni for cni in items if cni.get('tunnel_id') == query['tunnel_id']]
        page = self.paginate(items, query)
        page['items'] = [self.cni_answer(cni) for cni in page['items']]
        return page

    def cni_answer(self, cni):
        """A CNI as the API shows it: with omit_md5_key, without bgp.md5_key (optional in the API's answers)."""
        answer = copy.deepcopy(cni)
        if self.config['omit_md5_key'] and isinstance(answer.get('bgp'), dict):
            answer['bgp'].pop('md5_key', None)
        return answer

    def op_create_cni(self, acct, _params, _query, body):
        check_object(body, 'body', ('account', 'interconnect', 'magic'), ('bgp',))
        self.check_account(body['account'], acct)
        icon = check_str(body['interconnect'], 'interconnect', non_empty=True)
        if icon not in acct.interconnects:
            raise bad(f'interconnect: no interconnect named {icon!r} in account {acct.id}')
        magic = validate_magic(body['magic'])
        bgp = validate_bgp(body.get('bgp'), acct.settings.get('default_asn'))
        acct.check_conduit_free(magic['conduit_name'])
        p2p_ip, cust_ip = acct.alloc_pair()
        cni = {'id': str(uuid.uuid4()), 'account': acct.id, 'interconnect': icon, 'p2p_ip': p2p_ip, 'cust_ip': cust_ip, 'magic': magic}
        if bgp:
            cni['bgp'] = bgp
        acct.cnis[cni['id']] = cni
        return self.cni_answer(cni)

    def op_get_cni(self, acct, params, _query, _body):
        return self.cni_answer(acct.find_cni(params['cni']))

    def op_update_cni(self, acct, params, _query, body):
        cni = acct.find_cni(params['cni'])
        check_object(body, 'body', ('id', 'account', 'cust_ip', 'p2p_ip', 'interconnect', 'magic'), ('bgp', 'bgp_mode'))
        if check_str(body['id'], 'id').lower() != str(cni['id']).lower():
            raise bad('id: must equal the CNI id in the path')
        self.check_account(body['account'], acct)
        for field in ('interconnect', 'cust_ip', 'p2p_ip'):
            if body[field] != cni.get(field):
                raise bad(f'{field}: cannot be changed (is {cni.get(field)!r})')
        magic = validate_magic(body['magic'])
        bgp = validate_bgp(body.get('bgp'), acct.settings.get('default_asn'))
        mode = check_bgp_mode(body['bgp_mode']) if body.get('bgp_mode') is not None else None
        acct.check_conduit_free(magic['conduit_name'], own_id=cni['id'])
        cni['magic'] = magic
        if mode is not None:
            cni['bgp_mode'] = mode
        if bgp:
            cni['bgp'] = bgp
        else:
            cni.pop('bgp', None)
        return self.cni_answer(cni)

    def op_delete_cni(self, acct, params, _query, _body):
        cni = acct.find_cni(params['cni'])
        del acct.cnis[str(cni['id'])]

    # -- interconnects -------------------------------------------------------------------------------------------
    def op_list_interconnects(self, acct, _params, query, _body):
        items = [rec['obj'] for rec in acct.interconnects.values()]
        if query.get('site'):
            items = [obj for obj in items if obj.get('site') == query['site']]
        if query.get('type'):
            items = [obj for obj in items if obj.get('type') == query['type']]
        return self.paginate(items, query)

    def op_create_interconnect(self, acct, _params, _query, body):
        if not isinstance(body, dict):
            raise bad('body: must be a JSON object')
        kind = body.get('type')
        if kind == 'direct':
            obj, key = self._create_direct(acct, body), None
        elif kind == 'gcp_partner':
            obj, key = self._create_gcp(acct, body), body['pairing_key']
        else:
            raise bad("type: required, must be 'direct' or 'gcp_partner'")
        acct.interconnects[obj['name']] = {'obj': obj, 'status': {'state': 'Pending'}, 'manual': False,
                                           'created': time.monotonic(), 'pairing_key': key}
        return copy.deepcopy(obj)

    def _create_direct(self, acct, body):
        check_object(body, 'body', ('account', 'type', 'slot_id'), ('speed',))
        self.check_account(body['account'], acct)
        slot_id = check_uuid(check_str(body['slot_id'], 'slot_id'), 'slot_id')
        slot = acct.find_slot(slot_id)
        if slot is None:
            raise bad(f'slot_id: no slot {slot_id}')
        if slot.get('occupied'):
            raise bad(f'slot_id: slot {slot_id} is occupied')
        speed = body.get('speed')
        if speed is not None and speed != slot.get('speed'):
            raise bad(f"speed: must be a speed slot {slot_id} supports ({slot.get('speed')}) or null")
        site = slot.get('site', '')
        slot['occupied'] = True
        slot['account'] = acct.id
        obj = {'type': 'direct', 'name': acct.next_name(f'cni-{site}'), 'account': acct.id, 'slot_id': slot.get('id'),
               'site': site, 'speed': slot.get('speed'), 'facility': copy.deepcopy(slot.get('facility')), 'owner': acct.id,
               'virtual_port_reservation_id': str(uuid.uuid4())}
        if slot.get('ccr_device_name'):
            obj['ccr_device_name'] = slot['ccr_device_name']
        return obj

    def _create_gcp(self, acct, body):
        check_object(body, 'body', ('account', 'type', 'pairing_key', 'bandwidth'))
        self.check_account(body['account'], acct)
        found = PAIRING_KEY_RE.match(check_str(body['pairing_key'], 'pairing_key'))
        if not found:
            raise bad('pairing_key: must be a GCP pairing key <uuid>/<region>/<1|2>')
        if body['bandwidth'] not in BANDWIDTHS:
            raise bad(f'bandwidth: must be one of {", ".join(BANDWIDTHS)}')
        region = found.group(1)
        return {'type': 'gcp_partner', 'name': acct.next_name(f'gcp-{region}'), 'account': acct.id,
                'region': region, 'speed': body['bandwidth'], 'owner': acct.id, 'virtual_port_reservation_id': str(uuid.uuid4())}

    def op_get_interconnect(self, acct, params, _query, _body):
        return copy.deepcopy(acct.find_interconnect(params['icon'])['obj'])

    def op_delete_interconnect(self, acct, params, _query, _body):
        obj = acct.find_interconnect(params['icon'])['obj']
        users = [str(cni.get('id')) for cni in acct.cnis.values() if cni.get('interconnect') == obj['name']]
        if users:
            raise bad(f"interconnect {obj['name']} still has CNIs: {', '.join(users)}")
        del acct.interconnects[obj['name']]
        slot = acct.find_slot(obj.get('slot_id')) if obj.get('type') == 'direct' else None
        if slot is not None:
            slot['occupied'] = False
            slot.pop('account', None)

    def op_get_interconnect_status(self, acct, params, _query, _body):
        return self.status_of(acct.find_interconnect(params['icon']))

    def op_get_interconnect_loa(self, acct, params, query, _body):
        obj = acct.find_interconnect(params['icon'])['obj']
        name = query.get('name')
        if name is not None and len(name) > LOA_NAME_MAX:
            raise bad(f'name: must be at most {LOA_NAME_MAX} characters (got {len(name)})')
        if obj.get('type') != 'direct':
            raise bad(f"no LOA for {obj.get('type')} interconnects")
        return loa_pdf(obj, acct.find_slot(obj.get('slot_id')), name)

    # -- settings and slots --------------------------------------------------------------------------------------
    def op_get_settings(self, acct, _params, _query, _body):
        return copy.deepcopy(acct.settings)

    def op_update_settings(self, acct, _params, _query, body):
        check_object(body, 'body', (), ('default_asn',))
        if body.get('default_asn') is not None:
            acct.settings['default_asn'] = check_int32(body['default_asn'], 'default_asn')
        return copy.deepcopy(acct.settings)

    def op_list_slots(self, acct, _params, query, _body):
        items = acct.slots
        occupied = query.get('occupied')
        if occupied is not None:
            if occupied.lower() not in ('true', 'false'):
                raise bad('occupied: must be true or false')
            items = [slot for slot in items if bool(slot.get('occupied')) == (occupied.lower() == 'true')]
        for name in ('site', 'speed'):
            if query.get(name):
                items = [slot for slot in items if slot.get(name) == query[name]]
        needle = (query.get('address_contains') or '').lower()
        if needle:
            items = [slot for slot in items if any(needle in str(text).lower() for text in self._slot_texts(slot))]
        return self.paginate(items, query)

    @staticmethod
    def _slot_texts(slot):
        facility = slot.get('facility') or {}
        return list(facility.get('address') or []) + [facility.get('name', '')]

    def op_get_slot(self, acct, params, _query, _body):
        slot = acct.find_slot(check_uuid(params['slot'], 'slot'))
        if slot is None:
            raise not_found(f"slot: no slot with id {params['slot']}")
        return copy.deepcopy(slot)

    # -- control endpoints ---------------------------------------------------------------------------------------
    def handle_control(self, method, path, raw):
        try:
            operation, params = match_route(CONTROL_ROUTES, method, path[len(CONTROL_PREFIX):])
            body = parse_json(raw, required=False) if method in ('POST', 'PUT') else None
            with self.lock:
                result = getattr(self, 'ctl_' + operation)(body, **params)
        except ApiError as err:
            return error_response(err)
        return 200, 'application/json', json_bytes(result), []

    def ctl_requests(self, _body):
        return {'requests': copy.deepcopy(self.log)}

    def ctl_clear_requests(self, _body):
        self.log = []
        return {'requests': []}

    def ctl_reset(self, body):
        if body is not None:
            try:
                self.fixtures = load_fixtures(body)
            except ValueError as exc:
                raise bad(str(exc)) from None
        else:
            self.fixtures = self.startup_fixtures
        self.accounts, self.log, self.fault_queue, self.seq, self.window = {}, [], [], 0, None
        self.rng = random.Random(self.config['seed'])
        return {'reset': True, 'fixtures': 'custom' if body is not None else 'startup'}

    def ctl_set_status(self, body, account, name):
        rec = self.account(account).find_interconnect(name)
        check_object(body, 'body', ('state',), ('reason', 'after_reads'), strict=True)
        if body['state'] not in STATES:
            raise bad(f'state: must be one of {", ".join(STATES)}')
        status = {'state': body['state']}
        if 'reason' in body:
            if body['state'] not in ('Down', 'Unhealthy'):
                raise bad('reason: only allowed with state Down or Unhealthy')
            if body['reason'] is not None:
                check_str(body['reason'], 'reason')
            status['reason'] = body['reason']
        after_reads = body.get('after_reads')
        if after_reads is not None and (not is_int(after_reads) or after_reads < 0):
            raise bad('after_reads: must be an integer >= 0')
        rec.pop('next_status', None)
        if after_reads:
            # the next after_reads status reads still answer the current status; the one after answers this one
            rec['next_status'], rec['reads'] = {'status': status, 'after_reads': after_reads}, 0
        else:
            rec['status'], rec['manual'] = status, True
        return status

    def ctl_config(self, _body):
        return dict(self.config)

    def ctl_set_config(self, body):
        config = normalize_config(body if body is not None else {}, self.config)
        if 'seed' in (body or {}):
            self.rng = random.Random(config['seed'])
        if config['rate_limit'] != self.config['rate_limit']:
            self.window = None
        self.config = config
        return dict(config)

    def ctl_faults(self, _body):
        return {'faults': copy.deepcopy(self.fault_queue)}

    def ctl_add_fault(self, body):
        check_object(body, 'body', ('kind',), ('method', 'path', 'count', 'retry_after', 'seconds', 'location'), strict=True)
        fault = {'kind': str(body['kind']), 'method': body.get('method'), 'path': body.get('path'), 'count': body.get('count', 1),
                 'retry_after': body.get('retry_after', self.config['retry_after']), 'seconds': body.get('seconds', 2),
                 'location': body.get('location')}
        if fault['kind'] == 'redirect' and not (isinstance(fault['location'], str) and fault['location']):
            raise bad('location: required with kind redirect (the Location header to answer with)')
        if fault['kind'] not in QUEUED_FAULT_KINDS:
            raise bad(f'kind: must be one of {", ".join(QUEUED_FAULT_KINDS)}')
        if fault['method'] is not None:
            fault['method'] = check_str(fault['method'], 'method', non_empty=True).upper()
        if fault['path'] is not None:
            try:
                re.compile(check_str(fault['path'], 'path'))
            except re.error as exc:
                raise bad(f'path: not a valid regular expression ({exc})') from None
        if not is_int(fault['count']) or fault['count'] < 1:
            raise bad('count: must be an integer >= 1')
        for key in ('retry_after', 'seconds'):
            if not is_number(fault[key]) or fault[key] < 0:
                raise bad(f'{key}: must be a number >= 0')
        self.fault_queue.append(fault)
        return {'faults': copy.deepcopy(self.fault_queue)}

    def ctl_clear_faults(self, _body):
        self.fault_queue = []
        return {'faults': []}

    def ctl_state(self, _body, account):
        return copy.deepcopy(self.account(account).dump(time.monotonic()))

    @staticmethod
    def ctl_health(_body):
        return {'ok': True}


# == HTTP plumbing

class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid the 40 ms delayed-ACK stall

    def version_string(self):
        return 'cni-simulator'

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def dispatch(self):
        parts = urlsplit(self.path)
        raw = self.read_body()
        engine = self.server.engine
        if parts.path.startswith(API_PREFIX + '/accounts/'):
            self.serve_api(engine, self.command, parts.path[len(API_PREFIX):], parts.query, raw)
        elif parts.path.startswith(CONTROL_PREFIX + '/'):
            self.send(*engine.handle_control(self.command, parts.path, raw))
        else:
            self.send(*error_response(ApiError(404, CODE_NO_ROUTE, f'no route for {parts.path}')))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = dispatch

    def read_body(self):
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b''

    def serve_api(self, engine, method, api_path, query_string, raw):
        query = {key: values[-1] for key, values in parse_qs(query_string, keep_blank_values=True).items()}
        entry, fault, limit_headers = engine.begin(method, api_path, query, raw, self.headers.get('User-Agent'))
        kind = fault['kind'] if fault else None
        delay = engine.config['latency_ms'] / 1000.0 + (fault['seconds'] if kind == 'slow' else 0)
        if delay > 0:
            time.sleep(delay)
        if kind == 'drop':
            engine.finish(entry, None)
            self.drop()
            return
        if kind in ('429', '500', '502', '503', 'rate_limit'):
            response = engine.fault_response(fault)
        elif kind == 'html':
            response = (200, 'text/html', HTML_PAGE, [])
        elif kind == 'redirect':
            response = (307, 'text/html', b'<html>moved</html>', [('Location', fault['location'])])
        else:
            response = engine.handle_api(method, api_path, query, self.headers, raw)
        if kind == 'drop_after':
            engine.finish(entry, None)
            self.drop()
            return
        engine.finish(entry, response[0])
        status, content_type, body, headers = response
        self.send(status, content_type, body, list(headers) + limit_headers)

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def send(self, status, content_type, body, headers):
        self.send_response(status)
        self.send_header('cf-ray', uuid.uuid4().hex[:16] + '-SIM')
        if content_type:
            self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class SimServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, engine):
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        self.engine = engine
        super().__init__(address, Handler)


class Simulator:
    """In-process simulator: ``Simulator(tokens=[...], fixtures=..., page_size=...).start()`` returns the base URL."""

    def __init__(self, *, host='127.0.0.1', port=0, tokens=None, email=None, key=None, fixtures=None, log_file=None, **options):
        self.host = host
        self.port = port
        self.engine = Engine(tokens=tokens, email=email, key=key, fixtures=fixtures, log_file=log_file, options=options)
        self.server = None
        self.thread = None

    def start(self):
        self.server = SimServer((self.host, self.port), self.engine)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()
        return self.url

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(5)
            self.server = None

    @property
    def control_url(self):
        host = self.host
        if host in ('', '0.0.0.0'):
            host = '127.0.0.1'
        elif host == '::':
            host = '::1'
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.port}"

    @property
    def url(self):
        return self.control_url + API_PREFIX

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()


class CleanParser(argparse.ArgumentParser):
    """argparse that reports a bad option in one line, without the usage block."""

    def error(self, message):
        self.exit(2, f'{self.prog}: error: {message}\n')


def _number_type(minimum=0.0, maximum=None, integer=False):
    def convert(text):
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or value < minimum or (maximum is not None and value > maximum):
            bounds = f'from {minimum:g} to {maximum:g}' if maximum is not None else f'>= {minimum:g}'
            raise argparse.ArgumentTypeError(f"must be {'an integer' if integer else 'a number'} {bounds}, got {text!r}")
        return value
    return convert


def _rate_limit_type(text):
    try:
        parse_rate_limit(text)
    except ApiError as exc:
        raise argparse.ArgumentTypeError(f'must be REQUESTS/SECONDS such as 1200/300 (both above 0), got {text!r}') from None
    return text


def build_parser():
    parser = CleanParser(prog='cni_simulator.py', description="Stateful simulator of Cloudflare's CNI API.")
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default 127.0.0.1)')
    parser.add_argument('--port', type=_number_type(0, 65535, integer=True), default=0, help='port to listen on (default 0 = a free port)')
    parser.add_argument('--token', action='append', dest='tokens', help='accepted API token (repeatable; default sim-token)')
    parser.add_argument('--email', help='accepted X-Auth-Email (legacy auth, with --key)')
    parser.add_argument('--key', help='accepted X-Auth-Key (legacy auth, with --email)')
    parser.add_argument('--fixtures', help='JSON fixtures file replacing the default estate')
    parser.add_argument('--page-size', type=_number_type(1, integer=True), default=DEFAULT_CONFIG['page_size'],
                        help='server-side cap on items per page (default 50)')
    parser.add_argument('--latency-ms', type=_number_type(0), default=0, help='sleep before answering every API request (default 0)')
    parser.add_argument('--fault-rate', type=_number_type(0, 1), default=0.0, help='probability 0..1 of a random fault per API request (default 0)')
    parser.add_argument('--faults', default=','.join(DEFAULT_CONFIG['faults']), help='comma list of random fault kinds (default 429,500,502,503)')
    parser.add_argument('--seed', type=_number_type(-2 ** 63, integer=True), default=0, help='random seed for faults (default 0)')
    parser.add_argument('--retry-after', type=_number_type(0), default=1, help='Retry-After seconds on injected 429s (default 1)')
    parser.add_argument('--healthy-after', type=_number_type(0), default=None, help='new interconnects become Healthy after this many seconds')
    parser.add_argument('--envelope', action='store_true', help='wrap 200 JSON bodies in the Cloudflare envelope')
    parser.add_argument('--omit-md5-key', action='store_true', help='leave bgp.md5_key out of CNI answers (the API may)')
    parser.add_argument('--rate-limit', type=_rate_limit_type, default=None, metavar='N/S',
                        help="Cloudflare's rate limit: N requests per S seconds, e.g. 1200/300 (default: none)")
    parser.add_argument('--ready-file', help='write the base URL to this file once listening')
    parser.add_argument('--log-file', help='append one JSON line per API request to this file')
    return parser


def write_ready_file(path, text):
    temporary = f'{path}.tmp{os.getpid()}'
    with open(temporary, 'w', encoding='utf-8') as handle:
        handle.write(text)
    os.replace(temporary, path)


def main(argv=None):
    args = build_parser().parse_args(argv)
    numbers = {name: int(value) if float(value).is_integer() else value
               for name, value in (('latency_ms', args.latency_ms), ('retry_after', args.retry_after))}
    try:
        fixtures = load_fixtures(args.fixtures)
    except (OSError, ValueError) as exc:
        print(f'cni_simulator.py: error: --fixtures {args.fixtures}: {getattr(exc, "strerror", None) or exc}', file=sys.stderr)
        return 2
    try:
        sim = Simulator(host=args.host, port=args.port, tokens=args.tokens, email=args.email, key=args.key,
                        fixtures=fixtures, log_file=args.log_file, page_size=args.page_size, fault_rate=args.fault_rate,
                        faults=args.faults, seed=args.seed, healthy_after=args.healthy_after, envelope=args.envelope,
                        omit_md5_key=args.omit_md5_key, rate_limit=args.rate_limit, **numbers)
    except ValueError as exc:
        print(f'cni_simulator.py: error: {exc}', file=sys.stderr)
        return 2
    try:
        sim.start()
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, 'strerror', None) or str(exc)
        print(f'cni_simulator.py: error: cannot listen on {args.host} port {args.port}: {reason}', file=sys.stderr)
        return 2
    # Ready means ready: the signal handlers and the ready file are in place before the line is printed.
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_signal: stopping.set())
    signal.signal(signal.SIGINT, lambda *_signal: stopping.set())
    if args.ready_file:
        write_ready_file(args.ready_file, sim.url)
    print(f'CNI simulator listening on {sim.control_url}', flush=True)
    while not stopping.wait(0.5):
        pass
    sim.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
