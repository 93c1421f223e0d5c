# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.settings, run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from estate import cni, two_interconnects
from harness import ACCOUNT, EMAIL, KEY, TOKEN, run_adhoc, run_playbook


def settings_task(**options):
    return dict(name='settings', **{'cloudflare.cni.settings': options})


@pytest.mark.parametrize('options, option', [
    (dict(default_asn=-1), 'default_asn'),
    (dict(default_asn=2147483648), 'default_asn'),
    (dict(default_asn='sixty-four'), 'default_asn'),
    (dict(default_asn=64512, base_url='ftp://127.0.0.1/client/v4'), 'base_url'),
    (dict(default_asn=64512, timeout=0), 'timeout'),
    (dict(default_asn=64512, timeout='inf'), 'timeout'),
    (dict(default_asn=64512, timeout='nan'), 'timeout'),
    (dict(default_asn=64512, base_url='http://[::1/client/v4'), 'base_url'),
    (dict(default_asn=64512, base_url='https://127.0.0.1:99999/client/v4'), 'base_url'),
])
def test_bad_input_fails_before_any_request_naming_the_option(sim, options, option):
    run = run_playbook(sim, [settings_task(**options)])
    result = run.result()
    assert result['failed'] is True
    assert option in result['msg']
    assert 'Traceback' not in run.output
    assert sim.requests() == []


def test_missing_credentials_fail_naming_the_option(sim):
    run = run_playbook(sim, [settings_task()], credentials=False, env=dict(CLOUDFLARE_ACCOUNT_ID=ACCOUNT))
    assert run.result()['failed'] is True
    assert 'api_token' in run.result()['msg']
    assert sim.requests() == []


def test_empty_environment_variable_counts_as_unset(sim):
    run = run_playbook(sim, [settings_task()], env=dict(CLOUDFLARE_ACCOUNT_ID=''))
    assert run.result()['failed'] is True
    assert 'account_id' in run.result()['msg']
    assert sim.requests() == []


def test_read_only_reports_the_settings_without_change(sim):
    run = run_playbook(sim, [settings_task()])
    result = run.result()
    assert result['changed'] is False
    assert result['settings'] == {'default_asn': 13335}
    assert sim.writes() == []


def test_set_in_check_mode_predicts_and_sends_no_write(sim):
    run = run_playbook(sim, [settings_task(default_asn=64512)], check=True)
    result = run.result()
    assert result['changed'] is True
    assert result['settings'] == {'default_asn': 64512}
    assert sim.writes() == []
    assert sim.api('GET', 'settings') == {'default_asn': 13335}


def test_set_then_again_is_idempotent(sim):
    first = run_playbook(sim, [settings_task(default_asn=64512)])
    assert first.result()['changed'] is True
    assert first.result()['settings'] == {'default_asn': 64512}
    assert [(w['method'], w['body']) for w in sim.writes()] == [('PUT', {'default_asn': 64512})]
    sim.clear_log()
    second = run_playbook(sim, [settings_task(default_asn=64512)])
    assert second.result()['changed'] is False
    assert sim.writes() == []
    assert sim.api('GET', 'settings') == {'default_asn': 64512}


def test_diff_shows_the_change(sim):
    run = run_playbook(sim, [settings_task(default_asn=64513)], diff=True, callback='default')
    assert run.rc == 0, run.output
    assert '-    "default_asn": 13335' in run.stdout
    assert '+    "default_asn": 64513' in run.stdout
    assert 'changed=1' in run.stdout


def test_no_diff_when_nothing_changes(sim):
    run = run_playbook(sim, [settings_task(default_asn=13335)], diff=True)
    assert run.result()['changed'] is False
    assert run.result()['diff'] == {'before': {}, 'after': {}}


def test_warns_about_a_public_asn_that_is_not_cloudflares(sim):
    run = run_playbook(sim, [settings_task(default_asn=65550)], check=True)
    assert any('private ASN' in w for w in run.result().get('warnings', []))


def test_module_defaults_group_sets_the_common_options_once(sim):
    tasks = [settings_task(default_asn=64600)]
    play = {'module_defaults': {'group/cloudflare.cni.all': dict(api_token=TOKEN, account_id=ACCOUNT, base_url=sim.url)}}
    run = run_playbook(sim, tasks, credentials=False, play=play, env=dict(CLOUDFLARE_BASE_URL=''))
    assert run.result()['changed'] is True
    assert sim.api('GET', 'settings') == {'default_asn': 64600}


def test_legacy_email_and_key(sim):
    run = run_playbook(sim, [settings_task(api_email=EMAIL, api_key=KEY, account_id=ACCOUNT)], credentials=False)
    assert run.result()['settings'] == {'default_asn': 13335}


def test_wrong_token_fails_clearly_and_never_shows_it(sim):
    sentinel = 'WRONG-TOKEN-SENTINEL-5f2a'
    run = run_playbook(sim, [settings_task(default_asn=64512)], verbosity=3, callback='default',
                       env=dict(CLOUDFLARE_API_TOKEN=sentinel))
    assert run.rc != 0
    assert 'HTTP 403' in run.output
    assert 'GET /accounts/%s/cni/settings' % ACCOUNT in run.output
    assert 'cf-ray' in run.output
    assert sentinel not in run.output
    assert 'Traceback' not in run.output


def test_wrong_legacy_key_fails_with_403_and_never_shows_it(sim):
    run = run_playbook(sim, [settings_task(api_email=EMAIL, api_key='not-the-key')], credentials=False,
                       env=dict(CLOUDFLARE_ACCOUNT_ID=ACCOUNT))
    assert run.result()['failed'] is True
    assert run.result()['failure']['status'] == 403
    assert 'not-the-key' not in run.output


def test_adhoc_read(sim):
    completed = run_adhoc(sim, 'cloudflare.cni.settings')
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert '"default_asn": 13335' in completed.stdout


def test_an_asn_that_a_cni_uses_as_customer_asn_fails_naming_the_cni(sim):
    link = cni(1, 'ic-a', name='bgp-link', bgp=dict(customer_asn=64600, extra_prefixes=[]))
    sim.reset(two_interconnects([link]))
    run = run_playbook(sim, [settings_task(default_asn=64600)])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith('default_asn: 64600 is the customer ASN of CNI(s) %s (bgp-link)' % link['id'])
    assert sim.writes() == []


@pytest.mark.parametrize('token', ['SENTINEL-TOKEN-3c9a\n', 'tok\u20acn-SENTINEL'])
def test_a_token_that_cannot_be_sent_fails_naming_the_option_not_the_value(sim, token):
    value = token.encode().decode('unicode_escape')
    run = run_playbook(sim, [settings_task(api_token=value)], verbosity=3, callback='default')
    assert run.rc != 0
    assert 'api_token: must be printable ASCII' in run.output
    assert 'SENTINEL' not in run.output
    assert 'Traceback' not in run.output
    assert sim.requests() == []
