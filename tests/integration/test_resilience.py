# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whole tasks against a simulator that rate-limits, fails and wraps its answers: the results stay right."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from estate import two_interconnects
from harness import run_playbook

CNI = {'cloudflare.cni.cni': dict(interconnect='ic-a', magic=dict(conduit_name='steady', description='d', mtu=1500),
                                  bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24']))}


def test_queued_429s_and_5xx_are_retried_and_the_task_succeeds(sim):
    sim.reset(two_interconnects())
    sim.fault('429', method='GET', path='/cnis$', count=2, retry_after=1)
    sim.fault('503', method='GET', path='/settings$', count=1)
    sim.fault('429', method='POST', path='/cnis$', count=1, retry_after=1)
    run = run_playbook(sim, [dict(name='cni', **CNI)])
    assert run.result().get('failed') is not True, run.result().get('msg')
    assert run.result()['changed'] is True
    log = sim.requests()
    assert [r['fault'] for r in log if r['method'] == 'POST'] == ['429', None]
    assert len([r for r in log if r['path'].endswith('/cnis') and r['method'] == 'GET']) == 3
    assert len(sim.state()['cnis']) == 1


def test_random_faults_at_a_fixed_seed_do_not_change_the_outcome(sim):
    sim.reset(two_interconnects())
    sim.configure(fault_rate=0.25, faults=['429', '500', '502', '503'], seed=7, retry_after=0)
    first = run_playbook(sim, [dict(name='cni', **CNI), dict(name='info', **{'cloudflare.cni.slot_info': {}})])
    assert first.result('cni')['changed'] is True, first.result('cni').get('msg')
    second = run_playbook(sim, [dict(name='cni', **CNI)])
    assert second.result('cni')['changed'] is False
    sim.configure(fault_rate=0)
    assert len(sim.state()['cnis']) == 1
    assert any(r['fault'] for r in sim.requests()), 'the seed injected no fault: the test proves nothing'


def test_enveloped_answers_are_unwrapped(sim):
    sim.reset(two_interconnects())
    sim.configure(envelope=True)
    run = run_playbook(sim, [dict(name='cni', **CNI), dict(name='settings', **{'cloudflare.cni.settings': {}}),
                             dict(name='again', **CNI)])
    assert run.result('cni')['cni']['magic']['conduit_name'] == 'steady'
    assert run.result('settings')['settings'] == {'default_asn': 13335}
    assert run.result('again')['changed'] is False
