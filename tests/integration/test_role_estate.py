# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The cloudflare.cni.estate role, applied by ansible-playbook to the simulator: converge, idempotence, check mode,
input validation, undeclared CNIs, interconnects that are not ready, and keys kept out of the output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os

import pytest

from estate import slot
from harness import ACCOUNT, TOKEN, run_playbook

PAIRING_SENTINEL = '5e47f1e1-0000-4000-8000-00000000c0de'
MD5_SENTINEL = 'MD5-SENTINEL-e57a7e'
PAIRING_KEY = PAIRING_SENTINEL + '/europe-west4/1'
SLOTS = [slot(0), slot(1), slot(2, site='fra02')]
DIRECT_NAME = 'cni-ams01-1'
ROLE = 'cloudflare.cni.estate : '
GCP_NAME = 'gcp-europe-west4-2'


def spec():
    """A small estate: one direct interconnect with two CNIs, one GCP partner interconnect with one."""
    return dict(
        settings=dict(default_asn=64512),
        interconnects=[
            dict(label='ams', type='direct', slot_id=SLOTS[0]['id'], cnis=[
                dict(magic=dict(conduit_name='ams-core-1', description='core 1', mtu=1500),
                     bgp=dict(customer_asn=65001, extra_prefixes=['192.0.2.0/25'])),
                dict(magic=dict(conduit_name='ams-core-2', description='core 2', mtu=1476)),
            ]),
            dict(label='gcp', type='gcp_partner', pairing_key=PAIRING_KEY, bandwidth='1G', cnis=[
                dict(magic=dict(conduit_name='gcp-prod', description='GCP VPC', mtu=1460),
                     bgp=dict(customer_asn=16550)),
            ]),
        ])


def cni_doc(index, interconnect, magic, bgp=None):
    doc = dict(id='00000000-0000-4000-8000-%012d' % index, account=ACCOUNT, interconnect=interconnect,
               p2p_ip='100.64.9.%d/31' % (2 * index), cust_ip='100.64.9.%d/31' % (2 * index + 1), magic=magic)
    if bgp:
        doc['bgp'] = dict(dict(extra_prefixes=[]), **bgp)
    return doc


def converged(extra_cnis=(), gcp_status=None):
    """The simulator's fixtures for an account that already matches spec() (interconnects Healthy)."""
    slots = copy.deepcopy(SLOTS)
    slots[0]['occupied'] = True
    direct = dict(type='direct', name=DIRECT_NAME, slot_id=slots[0]['id'], site='ams01', speed='10G',
                  facility=slots[0]['facility'], status=dict(state='Healthy'))
    gcp = dict(type='gcp_partner', name=GCP_NAME, region='europe-west4', speed='1G',
               status=gcp_status or dict(state='Healthy'))
    names = {'ams': DIRECT_NAME, 'gcp': GCP_NAME}
    cnis = []
    for entry in spec()['interconnects']:
        for cni in entry['cnis']:
            cnis.append(cni_doc(len(cnis), names[entry['label']], cni['magic'], cni.get('bgp')))
    return dict(settings=dict(default_asn=64512), slots=slots, interconnects=[direct, gcp],
                cnis=cnis + list(extra_cnis))


def apply_role(sim, estate_spec, tmp_path, check=False, diff=False, verbosity=0, callback='test_json', **role_vars):
    role_vars.setdefault('estate_loa_dir', str(tmp_path / 'loa'))
    role_vars.setdefault('estate_wait_sleep', 0.2)
    return run_playbook(sim, [], check=check, diff=diff, verbosity=verbosity, callback=callback,
                        play=dict(roles=['cloudflare.cni.estate'], vars=dict(role_vars, estate_spec=estate_spec)))


def messages(run):
    """The messages of the role's "List ..." tasks (loop items included)."""
    return [result['msg'] for task, result in run.results()
            if task.startswith(ROLE + 'List ') and 'results' not in result and isinstance(result.get('msg'), str)]


def changed_tasks(run):
    return sorted(set(task[len(ROLE):] for task, result in run.results() if result.get('changed')))


def state_of(sim):
    state = sim.state()
    return (state['settings'], dict((i['name'], i) for i in state['interconnects']),
            dict((c['magic']['conduit_name'], c) for c in state['cnis']))


def test_converge_from_empty_then_second_run_changes_nothing(sim, tmp_path):
    sim.reset(dict(slots=SLOTS))
    sim.configure(healthy_after=0.5)
    first = apply_role(sim, spec(), tmp_path, estate_wait=True, estate_wait_timeout=20)
    assert first.rc == 0, first.output
    assert first.stats['changed'] > 0

    settings, interconnects, cnis = state_of(sim)
    assert settings['default_asn'] == 64512
    direct = [i for i in interconnects.values() if i['type'] == 'direct']
    gcp = [i for i in interconnects.values() if i['type'] == 'gcp_partner']
    assert len(direct) == 1 and direct[0]['slot_id'] == SLOTS[0]['id']
    assert len(gcp) == 1 and gcp[0]['speed'] == '1G' and gcp[0]['pairing_key'] == PAIRING_KEY
    assert sorted(cnis) == ['ams-core-1', 'ams-core-2', 'gcp-prod']
    assert cnis['ams-core-1']['interconnect'] == direct[0]['name']
    assert cnis['ams-core-1']['bgp'] == dict(customer_asn=65001, extra_prefixes=['192.0.2.0/25'])
    assert cnis['ams-core-2']['magic']['mtu'] == 1476 and 'bgp' not in cnis['ams-core-2']
    assert cnis['gcp-prod']['interconnect'] == gcp[0]['name']
    loa = tmp_path / 'loa' / ('%s.pdf' % direct[0]['name'])
    assert loa.read_bytes().startswith(b'%PDF-')
    assert os.listdir(str(tmp_path / 'loa')) == [loa.name]  # no LOA for gcp_partner

    sim.clear_log()
    second = apply_role(sim, spec(), tmp_path, estate_wait=True, estate_wait_timeout=20)
    assert second.rc == 0, second.output
    assert second.stats['changed'] == 0
    assert sim.writes() == []


def test_check_mode_after_a_spec_change_sends_no_write(sim, tmp_path):
    sim.reset(converged())
    (tmp_path / 'loa').mkdir()
    changed = spec()
    changed['settings']['default_asn'] = 64513
    changed['interconnects'][0]['cnis'][1]['magic']['mtu'] = 1500
    changed['interconnects'][0]['cnis'].append(dict(magic=dict(conduit_name='ams-core-3', description='new', mtu=1500)))
    changed['interconnects'].append(dict(label='gcp-us', type='gcp_partner', bandwidth='2G',
                                         pairing_key='0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b/us-east4/2',
                                         cnis=[dict(magic=dict(conduit_name='gcp-us-prod', description='', mtu=1460))]))
    run = apply_role(sim, changed, tmp_path, check=True, diff=True)
    assert run.rc == 0, run.output
    assert run.stats['changed'] > 0
    assert sim.writes() == []
    assert run.result(ROLE + "Converge the account's CNI settings")['diff']['after'] == dict(default_asn=64513)
    mtu = [r for task, r in run.results() if task == ROLE + 'Converge the CNIs on the ready interconnects'
           and r.get('estate_cni', {}).get('conduit_name') == 'ams-core-2'][0]
    assert mtu['changed'] and mtu['diff']['after'] == dict(magic=dict(mtu=1500))
    assert any(m.startswith('gcp-us would be created (check mode)') and 'gcp-us-prod' in m for m in messages(run))
    assert os.listdir(str(tmp_path / 'loa')) == []


@pytest.mark.parametrize('mutate, words', [
    (lambda s: s['interconnects'][0]['cnis'][0]['magic'].update(colour='red'), ['magic.colour']),
    (lambda s: s['interconnects'][0]['cnis'][0]['magic'].update(mtu='big'), ['mtu', 'int']),
    (lambda s: s['interconnects'][1].update(bandwidth='3G'), ['bandwidth', '3G']),
    (lambda s: s['interconnects'][1].pop('pairing_key'), ['gcp_partner', 'pairing_key']),
    (lambda s: s.update(setings={}), ['estate_spec.setings']),
    (lambda s: s['interconnects'][1]['cnis'][0]['magic'].update(conduit_name='ams-core-1'),
     ['conduit_name ams-core-1 is declared twice']),
])
def test_wrong_key_or_type_in_the_spec_fails_at_the_start_naming_it(sim, tmp_path, mutate, words):
    bad = spec()
    mutate(bad)
    run = apply_role(sim, bad, tmp_path)
    assert run.rc != 0
    failed = [(task, r) for task, r in run.results() if r.get('failed')]
    assert len(failed) == 1 and len(run.results()) <= 3, run.results()
    for word in words:
        assert word in failed[0][1]['msg']
    assert PAIRING_SENTINEL not in run.output
    assert sim.requests() == []


def test_undeclared_cni_is_kept_by_default_listed_in_check_mode_and_removed_on_request(sim, tmp_path):
    stray = cni_doc(9, GCP_NAME, dict(conduit_name='stray-link', description='not declared', mtu=1500))
    sim.reset(converged(extra_cnis=[stray]))
    (tmp_path / 'loa').mkdir()

    kept = apply_role(sim, spec(), tmp_path)
    assert kept.rc == 0, kept.output
    assert changed_tasks(kept) == ['Save the Letters of Authorization of the direct interconnects']
    assert sim.writes() == []
    assert any(m.startswith('Kept') and 'stray-link on %s' % GCP_NAME in m for m in messages(kept))

    listed = apply_role(sim, spec(), tmp_path, check=True, estate_remove_undeclared_cnis=True)
    assert listed.rc == 0, listed.output
    assert any(m.startswith('Would remove 1 CNI') and 'stray-link' in m for m in messages(listed))
    assert listed.result(ROLE + 'Remove the CNIs that the estate does not declare')['changed'] is True
    assert sim.writes() == []

    removed = apply_role(sim, spec(), tmp_path, estate_remove_undeclared_cnis=True)
    assert removed.rc == 0, removed.output
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in sim.writes()] == [('DELETE', stray['id'])]
    assert sorted(state_of(sim)[2]) == ['ams-core-1', 'ams-core-2', 'gcp-prod']


def test_cnis_on_an_interconnect_that_is_not_healthy_are_skipped_and_listed(sim, tmp_path):
    sim.reset(converged(gcp_status=dict(state='Down', reason='BGP peer unreachable')))
    (tmp_path / 'loa').mkdir()
    grown = spec()
    grown['interconnects'][0]['cnis'].append(dict(magic=dict(conduit_name='ams-core-3', description='', mtu=1500)))
    grown['interconnects'][1]['cnis'].append(dict(magic=dict(conduit_name='gcp-dev', description='', mtu=1460)))
    run = apply_role(sim, grown, tmp_path, estate_wait=True, estate_wait_timeout=1)
    assert run.rc == 0, run.output
    cnis = state_of(sim)[2]
    assert 'ams-core-3' in cnis and 'gcp-dev' not in cnis
    assert any(m.startswith('gcp (%s) is Down (BGP peer unreachable)' % GCP_NAME) and 'gcp-prod, gcp-dev' in m
               for m in messages(run)), messages(run)


def test_pairing_and_md5_keys_never_appear_in_verbose_output(sim, tmp_path):
    sim.reset(dict(slots=SLOTS))
    sim.configure(healthy_after=0.5)
    secret = spec()
    secret['interconnects'][0]['cnis'][0]['bgp']['md5_key'] = MD5_SENTINEL
    run = apply_role(sim, secret, tmp_path, diff=True, verbosity=3, callback='default', estate_wait=True,
                     estate_wait_timeout=20)
    assert run.rc == 0, run.output
    assert 'ams-core-1' in run.output and 'ok=' in run.output
    assert PAIRING_SENTINEL not in run.output
    assert MD5_SENTINEL not in run.output
    # Both keys did reach the API.
    interconnects, cnis = state_of(sim)[1:]
    assert [i['pairing_key'] for i in interconnects.values() if i['type'] == 'gcp_partner'] == [PAIRING_KEY]
    assert cnis['ams-core-1']['bgp']['md5_key'] == MD5_SENTINEL


def test_credentials_can_come_from_estate_api(sim, tmp_path):
    run = run_playbook(sim, [], credentials=False, play=dict(roles=['cloudflare.cni.estate'], vars=dict(
        estate_spec=dict(settings=dict(default_asn=64600)),
        estate_api=dict(api_token=TOKEN, account_id=ACCOUNT, base_url=sim.url))))
    assert run.rc == 0, run.output
    assert sim.state()['settings']['default_asn'] == 64600
    assert TOKEN not in run.output


def test_a_redundant_gcp_pair_is_refused_unnamed_and_converges_once_the_first_is_named(sim, tmp_path):
    second_key = '6b0d5f00-0000-4000-8000-0000000000b2/europe-west4/2'
    pair = dict(interconnects=[dict(label='gcp-a', type='gcp_partner', pairing_key=PAIRING_KEY, bandwidth='1G'),
                               dict(label='gcp-b', type='gcp_partner', pairing_key=second_key, bandwidth='1G')])
    refused = apply_role(sim, pair, tmp_path)
    assert refused.rc != 0
    assert 'are both gcp_partner 1G in europe-west4' in refused.output
    assert sim.requests() == []

    first = dict(interconnects=[pair['interconnects'][0]])
    assert apply_role(sim, first, tmp_path).rc == 0
    first_name = sim.state()['interconnects'][0]['name']
    pair['interconnects'][0]['name'] = first_name
    run = apply_role(sim, pair, tmp_path)
    assert run.rc == 0, run.output
    names = [i['name'] for i in sim.state()['interconnects']]
    assert len(names) == 2 and names[0] == first_name
    sim.clear_log()
    again = apply_role(sim, pair, tmp_path)
    assert again.rc == 0 and again.stats['changed'] == 0
    assert sim.writes() == []
