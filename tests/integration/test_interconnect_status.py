# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.interconnect_status, run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from harness import ACCOUNT, run_playbook


def interconnect_status(task_name='interconnect_status', **options):
    return dict(name=task_name, ignore_errors=True, **{'cloudflare.cni.interconnect_status': options})


def create_gcp(sim):
    icon = sim.api('POST', 'interconnects', dict(account=ACCOUNT, type='gcp_partner', bandwidth='1G',
                                                 pairing_key='2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/us-east4/1'))
    sim.clear_log()
    return icon['name']


def status_reads(sim):
    return [r for r in sim.requests() if r['path'].endswith('/status')]


def test_reads_the_state_once_in_check_mode_too(sim):
    name = create_gcp(sim)
    other = create_gcp(sim)
    sim.set_status(other, 'Unhealthy', reason='light levels low')
    run = run_playbook(sim, [
        interconnect_status('pending', name=name),
        interconnect_status('unhealthy', name=other),
        interconnect_status('already there', name=other, wait_for=['Down', 'Unhealthy']),
        interconnect_status('unknown', name='gcp-nowhere-1'),
    ], check=True)
    assert run.result('pending') == dict(run.result('pending'), changed=False, state='Pending', reason=None,
                                         status={'state': 'Pending'})
    unhealthy = run.result('unhealthy')
    assert (unhealthy['state'], unhealthy['reason']) == ('Unhealthy', 'light levels low')
    assert unhealthy['status'] == {'state': 'Unhealthy', 'reason': 'light levels low'}
    assert run.result('already there')['state'] == 'Unhealthy'
    assert run.result('unknown')['failed'] is True
    assert run.result('unknown')['failure']['status'] == 404
    assert len(status_reads(sim)) == 4
    assert sim.writes() == []


def test_wait_for_succeeds_when_the_state_changes_during_the_wait(sim):
    name = create_gcp(sim)
    # the simulator's clock is the module's own reads (not a timer racing ansible-playbook's start-up):
    # Pending for the first two reads, Healthy from the third
    sim.set_status(name, 'Healthy', after_reads=2)
    run = run_playbook(sim, [interconnect_status(name=name, wait_for=['Healthy'], wait_timeout=600, wait_sleep=0.5)],
                       check=True)
    result = run.result()
    assert result.get('failed') is not True, result
    assert result['state'] == 'Healthy' and result['reason'] is None
    # It says how long it waited (a number of whole seconds; the value depends on the machine's speed).
    assert isinstance(result['waited'], int) and result['waited'] >= 0
    assert len(status_reads(sim)) == 3  # it stops reading at the wanted state (the pauses between: unit tests)
    assert sim.writes() == []


def test_wait_for_times_out_with_the_last_state_and_reason(sim):
    name = create_gcp(sim)
    sim.set_status(name, 'Down', reason='BGP session idle')
    run = run_playbook(sim, [interconnect_status(name=name, wait_for=['Healthy', 'Unhealthy'], wait_timeout=3,
                                                 wait_sleep=0.5)])
    result = run.result()
    assert result['failed'] is True
    assert result['msg'] == ('interconnect %s: still Down after 3s (reason: BGP session idle), waiting for Healthy '
                             'or Unhealthy' % name)
    assert (result['state'], result['reason']) == ('Down', 'BGP session idle')
    assert result['failure']['reason'] == 'BGP session idle'
    assert 'Traceback' not in run.output


def test_bad_input_fails_before_any_request(sim):
    run = run_playbook(sim, [
        interconnect_status('wait_for', name='cni-ams01-1', wait_for=['Up']),
        interconnect_status('wait_timeout', name='cni-ams01-1', wait_for=['Healthy'], wait_timeout=-5),
        interconnect_status('wait_sleep', name='cni-ams01-1', wait_for=['Healthy'], wait_sleep=-1),
        interconnect_status('name', name=''),
    ])
    for option in ('wait_for', 'wait_timeout', 'wait_sleep', 'name'):
        assert run.result(option)['failed'] is True
        assert option in run.result(option)['msg']
    assert sim.requests() == []
