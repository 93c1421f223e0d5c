# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The edge step of the estate role (estate_edge) and the cloudflare.cni.edge playbook, run as users run them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import yaml

from test_edge_config import KEY, fixtures
from test_playbooks import run_collection_playbook

EDGE = dict(dest='configs', interface='eth1', platforms=['frr', 'eos'], prefixes=['192.0.2.0/24'])


def test_the_edge_playbook_writes_every_cni_of_the_account_once(sim, tmp_path):
    sim.reset(fixtures())
    first = run_collection_playbook(sim, 'edge', tmp_path, '-e', json.dumps(dict(estate_edge=EDGE)))
    assert first.rc == 0, first.output
    assert sorted(os.listdir(str(tmp_path / 'configs'))) == sorted(
        '%s.%s.conf' % (name, platform) for name in ('ams-core-1', 'ams-core-2', 'fra-core-1') for platform in ('frr', 'eos'))
    assert first.stats['changed'] == 1
    again = run_collection_playbook(sim, 'edge', tmp_path, '-e', json.dumps(dict(estate_edge=EDGE)), '--diff')
    assert again.rc == 0 and again.stats['changed'] == 0
    assert KEY not in first.output + again.output
    assert KEY in (tmp_path / 'configs' / 'ams-core-1.frr.conf').read_text()
    assert sim.writes() == []


def test_the_edge_playbook_without_a_folder_fails_before_any_request(sim, tmp_path):
    run = run_collection_playbook(sim, 'edge', tmp_path)
    assert run.rc != 0 and 'Set estate_edge with at least dest and interface' in run.output
    assert sim.requests() == []


def test_an_estate_writes_only_its_own_cnis_and_lists_those_not_created_yet(sim, tmp_path):
    sim.reset(fixtures())
    estate = dict(estate_edge=dict(EDGE, platforms=['junos']), estate_spec=dict(interconnects=[
        dict(type='direct', name='ic-a', slot_id='00000000-0000-4000-8000-000000000000', cnis=[
            dict(magic=dict(conduit_name='ams-core-1', mtu=1476)), dict(magic=dict(conduit_name='not-yet', mtu=1500))])]))
    (tmp_path / 'estate.yml').write_text(yaml.safe_dump(estate))
    run = run_collection_playbook(sim, 'edge', tmp_path, '-e', 'estate_vars_file=estate.yml')
    assert run.rc == 0, run.output
    assert os.listdir(str(tmp_path / 'configs')) == ['ams-core-1.junos.conf']
    assert 'No router configuration yet for: not-yet' in run.output


def test_the_role_writes_the_configurations_in_its_edge_phase(sim, tmp_path):
    sim.reset(fixtures())
    estate = dict(estate_edge=dict(EDGE, platforms=['ios_xe'], dest=str(tmp_path / 'role')), estate_spec=dict(
        interconnects=[dict(type='direct', name='ic-b', slot_id='00000000-0000-4000-8000-000000000000', cnis=[
            dict(magic=dict(conduit_name='fra-core-1', mtu=1500))])]))
    run = run_collection_playbook(sim, 'site', tmp_path, '--tags', 'edge', '-e', json.dumps(estate))
    assert run.rc == 0, run.output
    assert os.listdir(str(tmp_path / 'role')) == ['fra-core-1.ios_xe.conf']
    assert sim.writes() == []


ESTATE_KEY = 'estate-sentinel-Md5-4b1d'
EDGE_KEY = 'estate-edge-sentinel-Md5-90aa'


def test_the_edge_phase_takes_the_estates_md5_keys_and_an_interconnect_without_cnis(sim, tmp_path):
    sim.reset(fixtures(key=None))  # the API returns no MD5 key
    estate_spec = dict(interconnects=[
        dict(type='direct', name='ic-a', slot_id='00000000-0000-4000-8000-000000000000', cnis=[
            dict(magic=dict(conduit_name='ams-core-1', mtu=1476),
                 bgp=dict(customer_asn=64600, md5_key=ESTATE_KEY))]),
        dict(type='direct', name='ic-b', slot_id='00000000-0000-4000-8000-000000000001')])  # no cnis key
    estate = dict(estate_edge=dict(EDGE, platforms=['frr'], dest=str(tmp_path / 'edge')), estate_spec=estate_spec)
    run = run_collection_playbook(sim, 'site', tmp_path, '--tags', 'edge', '-vvv', '-e', json.dumps(estate))
    assert run.rc == 0, run.output
    assert os.listdir(str(tmp_path / 'edge')) == ['ams-core-1.frr.conf']
    assert ' neighbor 100.65.0.2 password %s\n' % ESTATE_KEY in (tmp_path / 'edge' / 'ams-core-1.frr.conf').read_text()
    assert ESTATE_KEY not in run.output and 'without a password' not in run.output

    # estate_edge.md5_keys take precedence over the estate's own keys.
    estate['estate_edge']['md5_keys'] = {'ams-core-1': EDGE_KEY}
    again = run_collection_playbook(sim, 'site', tmp_path, '--tags', 'edge', '-e', json.dumps(estate))
    assert again.rc == 0, again.output
    assert ' neighbor 100.65.0.2 password %s\n' % EDGE_KEY in (tmp_path / 'edge' / 'ams-core-1.frr.conf').read_text()
    assert EDGE_KEY not in again.output and ESTATE_KEY not in again.output
    assert sim.writes() == []
