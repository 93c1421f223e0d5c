# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A CNI create that outlives `timeout`: the base class's create_once looks the CNI up instead of sending the create
again (which the API would answer with a 409 and the task would fail although its own create succeeded)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from estate import two_interconnects
from harness import run_playbook

CNI = dict(interconnect='ic-a', magic=dict(conduit_name='slow-link', description='d', mtu=1500))


def test_a_cni_create_that_outlives_timeout_is_found_not_sent_again(sim):
    sim.reset(two_interconnects())
    sim.fault('slow', method='POST', path='/cnis$', seconds=6)
    run = run_playbook(sim, [dict(name='cni', **{'cloudflare.cni.cni': dict(CNI, timeout=2)})])
    result = run.result()
    assert result.get('failed') is not True, result.get('msg')
    assert result['changed'] is True
    cnis = sim.state()['cnis']
    assert len(cnis) == 1 and result['cni']['id'] == cnis[0]['id']
    assert [r['method'] for r in sim.requests() if r['path'].endswith('/cnis')].count('POST') == 1
    assert any('was lost' in w for w in result['warnings'])
