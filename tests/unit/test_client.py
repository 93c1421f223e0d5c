# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API client against a scripted local HTTP server: retries, pagination, envelopes, error mapping."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
import urllib3.util.retry

from ansible_collections.cloudflare.cni.plugins.module_utils import _client
from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError, CloudflareClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SENTINEL_TOKEN = 'SENTINEL-TOKEN-7c1d9e'
DROP = 'drop'
SLOW = 'slow'


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def _answer(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        url = urlsplit(self.path)
        self.server.log.append(dict(method=self.command, path=url.path, query=dict(parse_qsl(url.query)),
                                    headers=dict(self.headers), body=json.loads(body) if body else None))
        step = self.server.script.pop(0) if self.server.script else (200, {}, {})
        if step == SLOW:
            time.sleep(0.6)
            step = (200, {}, {})
        if step == DROP:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        status, headers, payload = step
        data = payload if isinstance(payload, bytes) else (b'' if payload is None else json.dumps(payload).encode())
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


def scripted_server():
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    httpd.script = []
    httpd.log = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs=dict(poll_interval=0.05), daemon=True)
    thread.start()
    httpd.url = 'http://127.0.0.1:%d/client/v4' % httpd.server_address[1]
    return httpd


@pytest.fixture
def server():
    httpd = scripted_server()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def other_server():
    httpd = scripted_server()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class FakeClock(object):
    """The rate limiter's clock: sleeping advances it at once, and each sleep is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(_client, '_clock', fake.clock)
    monkeypatch.setattr(_client, '_sleep', fake.sleep)
    return fake


@pytest.fixture
def sleeps(monkeypatch):
    """Record urllib3's retry sleeps instead of sleeping (the durations are what we assert)."""
    recorded = []

    class Clock(object):
        sleep = staticmethod(recorded.append)
        time = staticmethod(time.time)

    monkeypatch.setattr(urllib3.util.retry, 'time', Clock)
    return recorded


def client(server, **options):
    options.setdefault('api_token', SENTINEL_TOKEN)
    options.setdefault('timeout', 5)
    return CloudflareClient(base_url=server.url, **options)


def test_retry_on_429_honours_retry_after_and_warns(server, clock, sleeps):
    warnings = []
    server.script = [(429, {'Retry-After': '2'}, None), (200, {}, {'default_asn': 1})]
    assert client(server, warn=warnings.append).get('/accounts/a/cni/settings') == {'default_asn': 1}
    assert len(server.log) == 2
    assert clock.sleeps == [2.0] and sleeps == []
    assert len(warnings) == 1
    assert 'HTTP 429 on GET /accounts/a/cni/settings' in warnings[0] and 'waiting 2s' in warnings[0]


def test_a_5xx_retry_after_far_ahead_is_capped(server, sleeps):
    server.script = [(503, {'Retry-After': '86400'}, None), (200, {}, {})]
    client(server).get('/x')
    assert sleeps == [_client.CniRetry.retry_after_cap] == [30]


def test_a_429_asking_for_more_than_rate_limit_wait_fails_at_once(server, clock):
    server.script = [(429, {'Retry-After': '86400'}, {'errors': [{'code': 10100, 'message': 'More than 1200 requests '
                                                                                            'per 300 seconds reached'}]})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/accounts/a/cni/cnis')
    assert caught.value.status == 429
    assert 'the API asks to wait 86400s more, beyond rate_limit_wait=330' in caught.value.message
    assert '[10100] More than 1200 requests per 300 seconds reached' in caught.value.message
    assert len(server.log) == 1 and clock.sleeps == []


def test_a_retry_after_date_is_honoured_within_the_bound_only(server, clock):
    in_100s = email.utils.formatdate(time.time() + 100, usegmt=True)
    tomorrow = email.utils.formatdate(time.time() + 86400, usegmt=True)
    server.script = [(429, {'Retry-After': in_100s}, None), (200, {}, {'ok': 1}), (429, {'Retry-After': tomorrow}, None)]
    api = client(server)
    assert api.get('/x') == {'ok': 1}
    assert len(clock.sleeps) == 1 and 95 <= clock.sleeps[0] <= 101
    with pytest.raises(CloudflareApiError) as caught:
        api.get('/x')
    assert 'rate_limit_wait' in caught.value.message
    assert len(server.log) == 3


def test_the_waits_for_429_of_one_request_add_up_to_rate_limit_wait_at_most(server, clock):
    server.script = [(429, {'Retry-After': '200'}, None), (429, {'Retry-After': '200'}, None), (200, {}, {})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/x')
    assert '(after 200s of waiting)' in caught.value.message
    assert clock.sleeps == [200.0] and len(server.log) == 2
    server.script = [(429, {'Retry-After': '200'}, None), (429, {'Retry-After': '100'}, None), (200, {}, {'ok': 1})]
    assert client(server).get('/x') == {'ok': 1}


def test_a_fractional_retry_after_is_honoured_and_a_zero_one_waits_a_second(server, clock):
    server.script = [(429, {'Retry-After': '2.5'}, None), (429, {'Retry-After': '0'}, None), (200, {}, {})]
    client(server).get('/x')
    assert clock.sleeps == [2.5, 1.0]


def test_rate_limit_wait_zero_fails_at_the_first_429(server, clock):
    server.script = [(429, {'Retry-After': '1'}, None), (200, {}, {})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server, rate_limit_wait=0).get('/x')
    assert caught.value.status == 429 and len(server.log) == 1


def test_pacing_waits_for_the_reset_when_the_ratelimit_header_says_none_are_left(server, clock):
    warnings = []
    server.script = [(200, {'Ratelimit': '"default";r=1;t=30'}, {}), (200, {'Ratelimit': '"default";r=0;t=29'}, {}),
                     (200, {'Ratelimit': '"default";r=99;t=300'}, {}), (200, {}, {})]
    api = client(server, warn=warnings.append)
    for _request in range(4):
        api.get('/x')
    assert clock.sleeps == [29.0]  # before the third request only: the window had no request left
    assert len(warnings) == 1 and 'waiting 29s' in warnings[0]


def test_pacing_never_waits_longer_than_rate_limit_wait(server, clock):
    server.script = [(200, {'Ratelimit': '"default";r=0;t=86400'}, {}), (200, {}, {})]
    api = client(server, rate_limit_wait=60)
    api.get('/x')
    api.get('/x')
    assert clock.sleeps == [] and len(server.log) == 2


def test_the_older_ratelimit_header_form_is_understood():
    assert _client.parse_ratelimit('limit=100, remaining=0, reset=7') == (0, 7.0)
    assert _client.parse_ratelimit('"default";r=50;t=30') == (50, 30.0)
    assert _client.parse_ratelimit('garbage') is None and _client.parse_ratelimit(None) is None


def test_without_the_header_a_local_budget_paces_the_run(server, clock):
    warnings = []
    api = client(server, rate_limit=(3, 10), warn=warnings.append)
    for _request in range(7):
        api.get('/x')
    assert clock.sleeps == [10.0, 10.0]
    assert len(server.log) == 7
    assert len(warnings) == 2 and 'its budget is 3 per 10s' in warnings[0]


def test_the_default_local_budget_keeps_headroom_below_cloudflares_limit(server, clock):
    """Without a Ratelimit header, the 1,101st request of a run waits: the budget is 1,100 per 300 s, not 1,200."""
    assert _client.CLOUDFLARE_RATE_LIMIT == (1200, 300)
    api = client(server)
    assert (api.limiter.limit, api.limiter.period) == (1100, 300)
    for _request in range(1100):
        api.limiter.acquire()
        api.limiter.answered(None)
    assert clock.sleeps == []
    api.get('/x')
    assert clock.sleeps == [300.0] and len(server.log) == 1


def test_retries_of_5xx_take_their_turn_from_the_limiter(server, clock, sleeps):
    """urllib3's retries are requests too: with a budget of 2 per 10 s, the third attempt of one GET waits."""
    server.script = [(503, {}, None), (503, {}, None), (200, {}, {'ok': True})]
    api = client(server, rate_limit=(2, 10))
    assert api.get('/x') == {'ok': True}
    assert len(server.log) == 3
    assert clock.sleeps == [10.0]  # the limiter's wait before the third attempt
    assert api.limiter.total == 3 and api.limiter.in_flight == 0


def test_retries_of_dropped_connections_take_their_turn_from_the_limiter(server, clock, sleeps):
    server.script = [DROP, DROP, (200, {}, {'ok': 1})]
    api = client(server, rate_limit=(1, 10))
    assert api.get('/x') == {'ok': 1}
    assert len(server.log) == 3
    assert clock.sleeps == [10.0, 10.0]
    assert api.limiter.total == 3 and api.limiter.in_flight == 0


def test_retries_are_counted_when_the_request_finally_fails(server, clock, sleeps):
    server.script = [(503, {}, None)] * 5
    api = client(server, retries=2)
    with pytest.raises(CloudflareApiError):
        api.get('/x')
    assert len(server.log) == 3 and api.limiter.total == 3 and api.limiter.in_flight == 0


def test_a_retry_learns_the_window_from_the_5xx_answer(server, clock, sleeps):
    """A 5xx that says no requests are left in the window: the retry waits for the reset."""
    server.script = [(503, {'Ratelimit': '"default";r=0;t=20'}, None), (200, {}, {'ok': True})]
    api = client(server)
    assert api.get('/x') == {'ok': True}
    assert clock.sleeps == [20.0] and len(server.log) == 2


def test_a_429_blocks_every_thread_of_the_run(monkeypatch):
    """Thread A meets a 429 (Retry-After 2); thread B, started while A waits, sends nothing until the block ends."""
    sys.path.insert(0, os.path.join(ROOT, 'simulator'))
    import cni_simulator  # pylint: disable=import-error,import-outside-toplevel
    with cni_simulator.Simulator(tokens=[SENTINEL_TOKEN]) as sim:
        requests_module = pytest.importorskip('requests')
        requests_module.post(sim.control_url + '/__sim__/faults', json=dict(kind='429', retry_after=2, path='settings$'),
                             timeout=10)
        api = CloudflareClient(base_url=sim.url, api_token=SENTINEL_TOKEN, timeout=10)
        first = threading.Thread(target=api.get, args=('/accounts/acct/cni/settings',))
        first.start()
        deadline = time.monotonic() + 10
        while api.limiter.blocked_until == 0.0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert api.limiter.blocked_until > 0.0
        api.get('/accounts/acct/cni/slots')  # from this thread, while the other one waits
        first.join(10)
        log = requests_module.get(sim.control_url + '/__sim__/requests', timeout=10).json()['requests']
    assert [(entry['path'].rsplit('/', 1)[1], entry['status']) for entry in log] == [
        ('settings', 429), ('settings', 200), ('slots', 200)] or [
        (entry['path'].rsplit('/', 1)[1], entry['status']) for entry in log] == [
        ('settings', 429), ('slots', 200), ('settings', 200)]
    refused_at = log[0]['at']
    assert all(entry['at'] >= refused_at + 1.9 for entry in log[1:])


def test_the_connection_pool_holds_sixteen_parallel_requests(server, caplog):
    server.script = [SLOW] * 16
    api = client(server)
    threads = [threading.Thread(target=api.get, args=('/x',)) for _thread in range(16)]
    with caplog.at_level('WARNING', logger='urllib3.connectionpool'):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert len(server.log) == 16
    assert not [r for r in caplog.records if 'pool is full' in r.getMessage()]


def test_retry_on_5xx_for_get(server, sleeps):
    server.script = [(503, {}, None), (502, {}, None), (500, {}, None), (200, {}, {'ok': True})]
    assert client(server).get('/x') == {'ok': True}
    assert [r['method'] for r in server.log] == ['GET'] * 4
    assert len(sleeps) >= 2


def test_retries_are_bounded_and_the_last_answer_is_reported(server, sleeps):
    server.script = [(503, {'cf-ray': 'ray-%d' % i}, None) for i in range(10)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server, retries=2).get('/x')
    assert caught.value.status == 503
    assert len(server.log) == 3


def test_put_and_delete_retry_on_5xx(server, sleeps):
    server.script = [(500, {}, None), (200, {}, {'a': 1}), (502, {}, None), (200, {}, None)]
    api = client(server)
    assert api.put('/x', {'a': 1}) == {'a': 1}
    assert api.delete('/x') is True
    assert [r['method'] for r in server.log] == ['PUT', 'PUT', 'DELETE', 'DELETE']


def test_post_is_never_retried_blindly_on_5xx(server, sleeps):
    server.script = [(500, {}, None), (200, {}, {'id': 'x'})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).post('/accounts/a/cni/cnis', {'magic': {}})
    assert caught.value.status == 500
    assert caught.value.ambiguous is True
    assert len(server.log) == 1


def test_post_is_retried_on_429(server, clock):
    server.script = [(429, {'Retry-After': '1'}, None), (200, {}, {'id': 'x'})]
    assert client(server).post('/x', {}) == {'id': 'x'}
    assert len(server.log) == 2
    assert clock.sleeps == [1.0]


def test_post_is_not_retried_after_a_dropped_connection(server, sleeps):
    server.script = [DROP, (200, {}, {'id': 'x'})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).post('/x', {})
    assert caught.value.ambiguous is True
    assert caught.value.status is None
    assert len(server.log) == 1


def test_get_is_retried_after_a_dropped_connection(server, sleeps):
    server.script = [DROP, (200, {}, {'ok': 1})]
    assert client(server).get('/x') == {'ok': 1}
    assert len(server.log) == 2


def test_pagination_follows_next_across_pages(server):
    page = [dict(id=n) for n in range(1, 6)]
    server.script = [(200, {}, {'items': page[:2], 'next': 2}), (200, {}, {'items': page[2:4], 'next': 4}),
                     (200, {}, {'items': page[4:], 'next': None})]
    assert client(server).list_all('/l', {'site': 'ams01', 'speed': None}) == page
    assert [r['query'] for r in server.log] == [
        {'site': 'ams01', 'limit': '1000'},
        {'site': 'ams01', 'limit': '1000', 'cursor': '2'},
        {'site': 'ams01', 'limit': '1000', 'cursor': '4'},
    ]


def test_pagination_stops_when_next_is_absent(server):
    server.script = [(200, {}, {'items': [{'id': 1}]})]
    assert client(server).list_all('/l') == [{'id': 1}]
    assert len(server.log) == 1


@pytest.mark.parametrize('last', [0, '', None])
def test_pagination_stops_at_next_0_as_in_the_reference_example(server, last):
    server.script = [(200, {}, {'items': [{'id': 1}], 'next': 1}), (200, {}, {'items': [{'id': 2}], 'next': last}),
                     (200, {}, {'items': [{'id': 1}], 'next': 1})]
    assert client(server).list_all('/l') == [{'id': 1}, {'id': 2}]
    assert len(server.log) == 2


def test_a_list_that_never_ends_is_bounded_and_fails_clearly(server):
    server.script = [(200, {}, {'items': [{'id': n}], 'next': n + 1}) for n in range(1, 30)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server, max_pages=5).list_all('/accounts/a/cni/cnis')
    assert len(server.log) == 5
    assert 'did not end after 5 pages (5 objects' in caught.value.message
    assert _client.MAX_PAGES * 50 >= 50000


def test_pagination_refuses_a_repeated_cursor(server):
    server.script = [(200, {}, {'items': [{'id': 1}], 'next': 7}), (200, {}, {'items': [{'id': 2}], 'next': 9}),
                     (200, {}, {'items': [{'id': 3}], 'next': 7})] + [(200, {}, {'items': [], 'next': 7})] * 5
    with pytest.raises(CloudflareApiError) as caught:
        client(server).list_all('/l')
    assert 'repeated' in caught.value.message
    assert len(server.log) == 3


def test_pagination_of_an_enveloped_list(server):
    envelope = dict(success=True, errors=[], messages=[])
    server.script = [(200, {}, dict(envelope, result={'items': [{'id': 1}], 'next': 1})),
                     (200, {}, dict(envelope, result={'items': [{'id': 2}]}))]
    assert client(server).list_all('/l') == [{'id': 1}, {'id': 2}]


def test_envelope_is_unwrapped_and_bare_bodies_are_kept(server):
    server.script = [(200, {}, {'success': True, 'errors': [], 'messages': [], 'result': {'default_asn': 1}}),
                     (200, {}, {'default_asn': 2}),
                     (200, {}, {'result': 'a field, not an envelope'})]
    api = client(server)
    assert api.get('/x') == {'default_asn': 1}
    assert api.get('/x') == {'default_asn': 2}
    assert api.get('/x') == {'result': 'a field, not an envelope'}


def test_envelope_with_success_false_is_an_error(server):
    server.script = [(200, {'cf-ray': 'abc-FRA'}, {'success': False, 'errors': [{'code': 7003, 'message': 'nope'}],
                                                   'messages': [], 'result': None})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/x')
    assert '[7003] nope' in caught.value.message


def test_error_names_status_method_path_codes_and_cf_ray_but_never_the_token(server):
    body = {'success': False, 'result': None, 'messages': [],
            'errors': [{'code': 1001, 'message': 'magic.mtu: must be an integer >= 0'},
                       {'code': 1002, 'message': 'echo of Bearer %s' % SENTINEL_TOKEN}]}
    server.script = [(400, {'cf-ray': '8f1e2d3c4b5a6978-AMS'}, body)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).post('/accounts/a/cni/cnis', {'magic': {'mtu': -1}})
    error = caught.value
    assert error.message.startswith('POST /accounts/a/cni/cnis: HTTP 400')
    assert '[1001] magic.mtu: must be an integer >= 0' in error.message
    assert 'cf-ray: 8f1e2d3c4b5a6978-AMS' in error.message
    assert SENTINEL_TOKEN not in error.message
    assert SENTINEL_TOKEN not in json.dumps(error.failure())
    assert error.failure()['status'] == 400
    assert error.failure()['cf_ray'] == '8f1e2d3c4b5a6978-AMS'
    assert [e['code'] for e in error.errors] == [1001, 1002]


def test_error_without_a_json_body(server):
    server.script = [(404, {'Content-Type': 'text/html'}, b'<html>not here</html>')]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/accounts/a/cni/slots/x')
    assert caught.value.not_found
    assert caught.value.message.startswith('GET /accounts/a/cni/slots/x: HTTP 404')


def test_non_json_success_is_an_error_not_a_traceback(server):
    server.script = [(200, {'Content-Type': 'text/plain'}, b'hello')]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/x')
    assert 'not JSON' in caught.value.message


def test_raw_bytes_for_documents(server):
    server.script = [(200, {'Content-Type': 'application/pdf'}, b'%PDF-1.4 ...')]
    assert client(server).request('GET', '/loa', raw=True) == b'%PDF-1.4 ...'


def test_connection_failures_after_retries_name_the_request(server, sleeps):
    server.script = [DROP] * 10
    with pytest.raises(CloudflareApiError) as caught:
        client(server, retries=1).get('/accounts/a/cni/settings')
    port = server.server_address[1]
    assert caught.value.message == ('GET /accounts/a/cni/settings: connection closed without an answer from '
                                    'http://127.0.0.1:%d after 2 attempts' % port)
    assert len(server.log) == 2


def free_port():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_connection_refused_names_the_origin_the_attempts_and_base_url(sleeps):
    port = free_port()
    api = CloudflareClient(base_url='http://127.0.0.1:%d/client/v4' % port, api_token=SENTINEL_TOKEN, retries=2)
    with pytest.raises(CloudflareApiError) as caught:
        api.get('/accounts/a/cni/settings')
    assert caught.value.message == (
        'GET /accounts/a/cni/settings: could not connect to http://127.0.0.1:%d (connection refused) after 3 '
        'attempts; is base_url / CLOUDFLARE_BASE_URL right?' % port)
    assert caught.value.ambiguous is False


def test_a_refused_create_is_retried_and_not_ambiguous(sleeps):
    api = CloudflareClient(base_url='http://127.0.0.1:%d' % free_port(), api_token=SENTINEL_TOKEN, retries=1)
    with pytest.raises(CloudflareApiError) as caught:
        api.post('/accounts/a/cni/cnis', {})
    assert 'after 2 attempts' in caught.value.message and caught.value.ambiguous is False


def test_an_unknown_host_says_so(sleeps):
    api = CloudflareClient(base_url='https://no-such-host.invalid/client/v4', api_token=SENTINEL_TOKEN, retries=0)
    with pytest.raises(CloudflareApiError) as caught:
        api.get('/x')
    assert 'could not connect to https://no-such-host.invalid:443 (host name not found) after 1 attempt;' \
        in caught.value.message


def test_timeouts_are_retried_for_reads_and_the_attempts_are_counted(server, sleeps):
    server.script = [SLOW, SLOW, SLOW]
    with pytest.raises(CloudflareApiError) as caught:
        client(server, timeout=0.2, retries=2).get('/x')
    assert 'timed out: no answer from http://127.0.0.1:%d within timeout=0.2s, after 3 attempts' \
        % server.server_address[1] in caught.value.message
    assert len(server.log) == 3


def test_a_redirect_is_never_followed_and_the_legacy_key_never_leaves(server, other_server):
    other_server.script = [(200, {}, {'stolen': True})]
    location = 'http://localhost:%d/collect' % other_server.server_address[1]
    for status in (301, 302, 307, 308):
        server.script = [(status, {'Location': location}, b'')]
        api = CloudflareClient(base_url=server.url, api_email='a@example.com', api_key=SENTINEL_TOKEN)
        with pytest.raises(CloudflareApiError) as caught:
            api.get('/accounts/a/cni/settings')
        assert caught.value.status == status
        assert caught.value.message.startswith('GET /accounts/a/cni/settings: HTTP %d ' % status)
        assert 'a redirect to localhost:%d, not followed' % other_server.server_address[1] in caught.value.message
    assert other_server.log == []
    assert SENTINEL_TOKEN not in caught.value.message


def test_a_204_is_reported_as_204(server):
    server.script = [(204, {}, None)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/accounts/a/cni/settings')
    assert caught.value.message == 'GET /accounts/a/cni/settings: HTTP 204 answer is not a JSON object (got no body)'
    assert caught.value.status == 204


@pytest.mark.parametrize('payload, detail', [
    ({'success': False, 'errors': 'boom'}, 'Cloudflare errors: boom'),
    ({'success': False, 'errors': {'code': 1001, 'message': 'mtu too big'}}, 'Cloudflare errors: [1001] mtu too big'),
    ({'message': 'bad request body'}, 'answer: {"message": "bad request body"}'),
    (b'invalid   JSON\nat line 1', 'answer: invalid JSON at line 1'),
])
def test_a_400_keeps_its_detail_whatever_its_shape(server, payload, detail):
    server.script = [(400, {}, payload)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).put('/accounts/a/cni/cnis/x', {})
    assert caught.value.message.startswith('PUT /accounts/a/cni/cnis/x: HTTP 400 ')
    assert detail in caught.value.message


def test_a_404_without_a_route_suggests_the_client_v4_prefix_and_is_not_a_missing_object(server):
    body = {'success': False, 'errors': [{'code': 7000, 'message': 'No route for that URI'}], 'result': None}
    server.script = [(404, {}, body), (404, {}, body)]
    api = CloudflareClient(base_url=server.url.replace('/client/v4', ''), api_token=SENTINEL_TOKEN)
    with pytest.raises(CloudflareApiError) as caught:
        api.get_or_none('/accounts/a/cni/cnis/x')
    assert caught.value.not_found is False and caught.value.no_route is True
    assert 'base_url must be the API root ending in /client/v4' in caught.value.message
    with pytest.raises(CloudflareApiError):
        api.delete('/accounts/a/cni/cnis/x', missing_ok=True)


@pytest.mark.parametrize('status, words', [(403, 'Magic WAN Read or Magic Transit Read'), (401, 'set api_token')])
def test_auth_failures_say_what_to_check(server, status, words):
    server.script = [(status, {}, {'success': False, 'errors': [{'code': 10000, 'message': 'Authentication error'}]})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/accounts/a/cni/cnis')
    assert words in caught.value.message and '[10000] Authentication error' in caught.value.message


def test_timeout_of_a_create_is_ambiguous(server, sleeps):
    server.script = [SLOW]
    with pytest.raises(CloudflareApiError) as caught:
        client(server, timeout=0.2).post('/accounts/a/cni/cnis', {})
    assert 'timed out' in caught.value.message
    assert caught.value.ambiguous is True
    assert len(server.log) == 1


def test_headers_bearer_token_and_user_agent(server):
    client(server).get('/x')
    headers = server.log[0]['headers']
    assert headers['Authorization'] == 'Bearer %s' % SENTINEL_TOKEN
    with open(os.path.join(ROOT, 'galaxy.yml')) as handle:
        version = re.search(r'^version: *(\S+)', handle.read(), re.M).group(1)
    assert headers['User-Agent'].startswith('ansible-cloudflare.cni/%s ' % version)


def test_headers_legacy_email_and_key(server):
    CloudflareClient(base_url=server.url, api_email='a@example.com', api_key='k3y').get('/x')
    headers = server.log[0]['headers']
    assert headers['X-Auth-Email'] == 'a@example.com'
    assert headers['X-Auth-Key'] == 'k3y'
    assert 'Authorization' not in headers


def test_missing_requests_gives_missing_required_lib(tmp_path):
    """With requests unimportable, a module fails with Ansible's missing_required_lib message, not a traceback."""
    blocker = tmp_path / 'requests.py'
    blocker.write_text('raise ImportError("No module named requests (blocked by the test)")\n')
    args = json.dumps({'ANSIBLE_MODULE_ARGS': {'api_token': 'unused-token', 'account_id': 'acct'}})
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path)] + sys.path))
    module = os.path.join(os.path.dirname(os.path.dirname(_client.__file__)), 'modules', 'settings.py')
    completed = subprocess.run([sys.executable, module], input=args, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)
    result = json.loads(completed.stdout)
    assert result['failed'] is True
    assert 'requests' in result['msg'] and 'Failed to import the required Python library' in result['msg']


def test_get_or_none_and_delete_missing_ok_treat_404_as_absent(server):
    server.script = [(404, {}, None), (404, {}, None), (404, {}, None), (500, {}, None)]
    api = client(server, retries=0)
    assert api.get_or_none('/accounts/a/cni/cnis/x') is None
    assert api.delete('/accounts/a/cni/cnis/x', missing_ok=True) is False
    with pytest.raises(CloudflareApiError) as caught:
        api.delete('/accounts/a/cni/cnis/x')
    assert caught.value.status == 404
    with pytest.raises(CloudflareApiError) as caught:
        api.get_or_none('/accounts/a/cni/cnis/x')
    assert caught.value.status == 500


def test_an_answer_that_is_not_an_object_is_an_error_not_a_traceback(server):
    server.script = [(200, {}, {'success': True, 'errors': [], 'messages': [], 'result': None}), (200, {}, None),
                     (200, {}, [1, 2])]
    api = client(server)
    for _attempt in range(3):
        with pytest.raises(CloudflareApiError) as caught:
            api.get('/accounts/a/cni/settings')
        assert 'not a JSON object' in caught.value.message


def test_a_non_json_answer_to_a_create_is_ambiguous(server):
    server.script = [(200, {'Content-Type': 'text/html'}, b'<html>proxy</html>')]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).post('/accounts/a/cni/cnis', {})
    assert caught.value.ambiguous is True


def test_a_secret_is_masked_in_every_form_a_message_can_show_it():
    api = CloudflareClient(base_url='http://127.0.0.1:9', api_token=SENTINEL_TOKEN + '\n')
    text = "header value: 'Bearer %s\\n' and %s" % (SENTINEL_TOKEN, SENTINEL_TOKEN)
    assert SENTINEL_TOKEN not in api._scrub(text)  # pylint: disable=protected-access


@pytest.mark.parametrize('page', [{'items': [1, 'x']}, {'items': [{}], 'next': {'cursor': 1}}, {'items': {}}])
def test_a_malformed_page_is_an_error_not_a_traceback(server, page):
    server.script = [(200, {}, page)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).list_all('/accounts/a/cni/cnis')
    assert 'not a page of a list' in caught.value.message


def test_an_errors_field_that_is_not_a_list_is_kept_as_one_entry(server):
    server.script = [(400, {}, {'success': False, 'errors': 'boom', 'result': None})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/x')
    assert caught.value.errors == [dict(code=None, message='boom')]
    assert 'b; o' not in caught.value.message


def test_the_error_answer_to_a_document_request_is_read_as_json(server):
    body = {'success': False, 'errors': [{'code': 1002, 'message': 'interconnect not found'}], 'result': None}
    server.script = [(404, {'cf-ray': 'abc-SIM'}, body)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).request('GET', '/accounts/a/cni/interconnects/x/loa', raw=True)
    assert '[1002] interconnect not found' in caught.value.message


def test_https_to_a_plain_http_port_fails_cleanly_naming_http_versus_https(server):
    # ssl.SSLError carries its reason as a str: the failure is still explained, never a crash.
    client = CloudflareClient(base_url=server.url.replace('http://', 'https://'), api_token='sentinel-token-4711',
                              timeout=5, retries=0)
    with pytest.raises(CloudflareApiError) as caught:
        client.get('/accounts/a/cni/settings')
    assert 'http:// versus https://' in str(caught.value)
    assert 'TLS' in str(caught.value)


def test_a_tls_error_with_a_str_reason_is_classified_as_tls():
    import ssl
    import requests
    error = requests.exceptions.SSLError(urllib3.exceptions.SSLError(ssl.SSLError(1, '[SSL: WRONG_VERSION_NUMBER]')))
    error.args[0].reason = 'a str, as ssl errors have'
    kind, words, _exhausted = _client._failure_kind(error)
    assert kind == 'tls' and 'TLS handshake failed' in words
    assert 'self-signed' in _client._tls_advice('certificate verify failed: self-signed certificate') or \
        'CA bundle' in _client._tls_advice('certificate verify failed: self-signed certificate')
    assert 'host name' in _client._tls_advice("hostname 'x' doesn't match 'y'")
