# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client as users meet it, through real ansible-playbook runs: Cloudflare's rate limit (pacing and 429 waits),
bounded retries, redirects, and messages that name what to fix."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import uuid

import pytest

from harness import ACCOUNT, EMAIL, KEY, TOKEN, run_playbook, start_simulator, stop_simulator


def gcp_interconnects(count):
    return [dict(type='gcp_partner', name='gcp-europe-west4-%d' % index, account=ACCOUNT, owner=ACCOUNT,
                 region='europe-west4', speed='1G',
                 virtual_port_reservation_id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'vpr-%d' % index)))
            for index in range(count)]


@pytest.fixture
def limited(sim):
    """The simulator with Cloudflare's rate limit switched on by the test; off again afterwards."""
    yield sim
    sim.configure(rate_limit=None)


def free_port():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def settings_task(name='settings', **options):
    return {'name': name, 'cloudflare.cni.settings': options, 'ignore_errors': True}


def test_one_module_reading_many_pages_paces_itself_from_the_ratelimit_header(limited):
    limited.reset(dict(interconnects=gcp_interconnects(45)))
    limited.configure(page_size=1, rate_limit='20/4')
    run = run_playbook(limited, [{'name': 'all', 'cloudflare.cni.interconnect_info': {}}])
    result = run.result()
    assert result.get('failed') is not True, result.get('msg')
    assert len(result['interconnects']) == 45
    log = limited.requests()
    assert len(log) == 45
    assert [entry['status'] for entry in log] == [200] * 45  # paced: not one request refused
    assert log[40]['at'] - log[0]['at'] >= 8  # 45 requests at 20 per 4 s span at least two window resets
    waits = [w for w in result.get('warnings', []) if 'no requests left in the current window' in w]
    assert len(waits) >= 2


def test_module_runs_in_a_loop_wait_out_429_and_no_request_is_refused_twice_in_a_row(limited):
    # Each module run is a new process, so only the API's 429 can stop it. The 429 comes from the request count, not
    # the speed of the machine: the window (40 s) is far longer than three runs of one GET take even on a busy
    # machine, so the fourth run's request is the fourth of the window and is refused; it waits out the Retry-After
    # (the rest of the window, within the default rate_limit_wait of 330 s) and the fifth run finds the new window.
    limited.configure(rate_limit='3/40')
    task = settings_task()
    task['loop'] = list(range(5))
    run = run_playbook(limited, [task])
    items = [res for name, res in run.results() if name == 'settings' and 'item' in res]
    assert len(items) == 5
    assert all(item.get('failed') is not True for item in items), [i.get('msg') for i in items if i.get('failed')]
    log = limited.requests()
    assert [entry['status'] for entry in log[:4]] == [200, 200, 200, 429], 'the fourth request of the window'
    refused = [index for index, entry in enumerate(log) if entry['status'] == 429]
    assert refused == [3]
    assert all(log[index + 1]['status'] == 200 for index in refused)
    assert all(log[index]['fault'] == 'rate_limit' for index in refused)
    assert log[4]['at'] >= log[0]['at'] + 40 - 1  # the retry waited for the window to end (the simulator's clock)
    warned = [w for item in items for w in item.get('warnings', []) if 'rate limit reached (HTTP 429' in w]
    assert len(warned) == len(refused)
    assert 'waiting' in warned[0] and 'rate_limit_wait=330' in warned[0]
    assert [entry['status'] for entry in log] == [200, 200, 200, 429, 200, 200]


def test_rate_limit_wait_bounds_the_wait_for_a_429_and_the_failure_names_it(limited):
    limited.configure(rate_limit='2/60')
    task = settings_task(rate_limit_wait=5)
    task['loop'] = [1, 2, 3]
    run = run_playbook(limited, [task])
    items = [res for name, res in run.results() if 'item' in res]
    assert [item.get('failed') is True for item in items] == [False, False, True]
    failed = items[2]
    assert 'HTTP 429 rate limited: the API asks to wait' in failed['msg']
    assert 'beyond rate_limit_wait=5.0s' in failed['msg']
    assert '[10100] More than 2 requests per 60 seconds reached' in failed['msg']
    assert failed['failure']['status'] == 429
    assert [entry['status'] for entry in limited.requests()] == [200, 200, 429]


def test_retries_bound_the_attempts_of_a_request_that_times_out(sim):
    sim.fault('slow', method='GET', path='/settings$', count=5, seconds=3)
    run = run_playbook(sim, [settings_task(timeout=0.5, retries=1)])
    result = run.result()
    assert result['failed'] is True
    assert result['msg'] == ('GET /accounts/%s/cni/settings: timed out: no answer from %s within timeout=0.5s, after 2 '
                             'attempts' % (ACCOUNT, sim.control_url))
    assert len(sim.requests()) == 2


@pytest.mark.parametrize('options, option', [(dict(retries=11), 'retries'), (dict(retries=-1), 'retries'),
                                             (dict(rate_limit_wait=-1), 'rate_limit_wait'),
                                             (dict(rate_limit_wait='inf'), 'rate_limit_wait')])
def test_bad_transport_options_fail_before_any_request(sim, options, option):
    run = run_playbook(sim, [settings_task(**options)])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith(option + ':')
    assert sim.requests() == []


def test_connection_refused_names_the_url_and_the_attempts(sim):
    port = free_port()
    run = run_playbook(sim, [settings_task(retries=1)],
                       env=dict(CLOUDFLARE_BASE_URL='http://127.0.0.1:%d/client/v4' % port))
    assert run.result()['msg'] == (
        'GET /accounts/%s/cni/settings: could not connect to http://127.0.0.1:%d (connection refused) after 2 '
        'attempts; is base_url / CLOUDFLARE_BASE_URL right?' % (ACCOUNT, port))
    assert 'Traceback' not in run.output


def test_a_base_url_without_client_v4_gets_the_prefix_suggested(sim):
    run = run_playbook(sim, [settings_task(), {'name': 'slots', 'ignore_errors': True,
                                               'cloudflare.cni.slot_info': {}}],
                       env=dict(CLOUDFLARE_BASE_URL=sim.control_url))
    for name in ('settings', 'slots'):
        message = run.result(name)['msg']
        assert 'HTTP 404' in message and 'no route for /accounts/' in message
        assert 'base_url must be the API root ending in /client/v4' in message


def test_a_403_mentions_the_token_permissions(sim):
    run = run_playbook(sim, [settings_task()], env=dict(CLOUDFLARE_API_TOKEN='not-the-token-0123'))
    message = run.result()['msg']
    assert 'HTTP 403' in message
    assert 'check the token permissions: reads need Magic WAN Read or Magic Transit Read' in message
    assert 'not-the-token-0123' not in run.output


def test_a_redirect_is_not_followed_and_the_legacy_key_never_reaches_the_other_host(sim):
    other = start_simulator()
    try:
        location = other.url.replace('127.0.0.1', 'localhost') + '/accounts/%s/cni/settings' % ACCOUNT
        sim.fault('redirect', location=location, count=5)
        env = dict(CLOUDFLARE_EMAIL=EMAIL, CLOUDFLARE_API_KEY=KEY, CLOUDFLARE_ACCOUNT_ID=ACCOUNT)
        run = run_playbook(sim, [settings_task()], env=env, credentials=False)
        message = run.result()['msg']
        assert message.startswith('GET /accounts/%s/cni/settings: HTTP 307 ' % ACCOUNT)
        assert 'a redirect to localhost:%s, not followed' % other.control_url.rsplit(':', 1)[1] in message
        assert other.requests() == []
        assert [entry['status'] for entry in sim.requests()] == [307]
        assert KEY not in run.output and TOKEN not in run.output
    finally:
        stop_simulator(other)
