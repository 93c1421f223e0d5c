# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API client against a scripted local HTTP server: retries, pagination, envelopes, error mapping."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
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


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    httpd.script = []
    httpd.log = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs=dict(poll_interval=0.05), daemon=True)
    thread.start()
    httpd.url = 'http://127.0.0.1:%d/client/v4' % httpd.server_address[1]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


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


def test_retry_on_429_honours_retry_after(server, sleeps):
    server.script = [(429, {'Retry-After': '2'}, None), (200, {}, {'default_asn': 1})]
    assert client(server).get('/accounts/a/cni/settings') == {'default_asn': 1}
    assert len(server.log) == 2
    assert sleeps == [2.0]


def test_retry_after_is_capped(server, sleeps):
    server.script = [(429, {'Retry-After': '86400'}, None), (200, {}, {})]
    client(server).get('/x')
    assert sleeps == [_client.CniRetry.retry_after_cap]


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


def test_post_is_retried_on_429(server, sleeps):
    server.script = [(429, {'Retry-After': '1'}, None), (200, {}, {'id': 'x'})]
    assert client(server).post('/x', {}) == {'id': 'x'}
    assert len(server.log) == 2
    assert sleeps == [1.0]


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
    assert caught.value.message.startswith('GET /accounts/a/cni/settings: request failed')
    assert len(server.log) == 2


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


def test_an_errors_field_that_is_not_a_list_is_ignored(server):
    server.script = [(400, {}, {'success': False, 'errors': 'boom', 'result': None})]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).get('/x')
    assert caught.value.errors == []
    assert 'b; o' not in caught.value.message


def test_the_error_answer_to_a_document_request_is_read_as_json(server):
    body = {'success': False, 'errors': [{'code': 1002, 'message': 'interconnect not found'}], 'result': None}
    server.script = [(404, {'cf-ray': 'abc-SIM'}, body)]
    with pytest.raises(CloudflareApiError) as caught:
        client(server).request('GET', '/accounts/a/cni/interconnects/x/loa', raw=True)
    assert '[1002] interconnect not found' in caught.value.message
