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

from estate import direct, slot
from harness import ACCOUNT, TOKEN, run_playbook, start_simulator, stop_simulator

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


def cnis_task(run):
    return run.result(ROLE + 'Converge the CNIs of the whole estate')


def actions(run):
    return dict((a['conduit_name'], a['action']) for a in cnis_task(run)['actions'])


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
    # One task for all CNIs; the CNI of the interconnect that check mode would create is left out and listed.
    assert actions(run) == {'ams-core-1': 'none', 'ams-core-2': 'update', 'ams-core-3': 'create', 'gcp-prod': 'none'}
    diffs = dict((d['before_header'], d) for d in cnis_task(run)['diff'])
    assert sorted(diffs) == ['ams-core-2', 'ams-core-3']
    assert diffs['ams-core-2']['before'] == dict(magic=dict(mtu=1476))
    assert diffs['ams-core-2']['after'] == dict(magic=dict(mtu=1500))
    assert any(m.startswith('gcp-us would be created (check mode)') and 'gcp-us-prod' in m for m in messages(run))
    assert os.listdir(str(tmp_path / 'loa')) == []


def test_the_cnis_of_the_whole_estate_take_one_read_of_the_cni_list(sim, tmp_path):
    sim.reset(converged())
    (tmp_path / 'loa').mkdir()
    run = apply_role(sim, spec(), tmp_path)
    assert run.rc == 0, run.output
    cni_reads = [r for r in sim.requests() if r['method'] == 'GET' and r['path'].endswith('/cnis')]
    assert len(cni_reads) == 1
    assert [task for task, result in run.results() if 'cnis' in task.lower() and 'Converge' in task] == [
        ROLE + 'Converge the CNIs of the whole estate']


def test_a_description_the_estate_does_not_set_is_left_alone(sim, tmp_path):
    fixtures = converged()
    fixtures['cnis'][1]['magic']['description'] = 'set by the NOC'
    sim.reset(fixtures)
    (tmp_path / 'loa').mkdir()
    unset = spec()
    del unset['interconnects'][0]['cnis'][1]['magic']['description']
    run = apply_role(sim, unset, tmp_path)
    assert run.rc == 0, run.output
    assert sim.writes() == []
    assert state_of(sim)[2]['ams-core-2']['magic']['description'] == 'set by the NOC'
    # With an MTU change, the PUT keeps the NOC's text.
    unset['interconnects'][0]['cnis'][1]['magic']['mtu'] = 1500
    assert apply_role(sim, unset, tmp_path).rc == 0
    cni = state_of(sim)[2]['ams-core-2']
    assert cni['magic'] == dict(conduit_name='ams-core-2', description='set by the NOC', mtu=1500)


@pytest.mark.parametrize('mutate, words', [
    (lambda s: s['interconnects'][0]['cnis'][0]['magic'].update(colour='red'), ['magic.colour']),
    (lambda s: s['interconnects'][0]['cnis'][0]['magic'].update(mtu='big'), ['mtu', 'int']),
    (lambda s: s['interconnects'][1].update(bandwidth='3G'), ['bandwidth', '3G']),
    (lambda s: s['interconnects'][1].pop('pairing_key'), ['gcp_partner', 'pairing_key']),
    (lambda s: s.update(setings={}), ['estate_spec.setings']),
    (lambda s: s['interconnects'][1]['cnis'][0]['magic'].update(conduit_name='ams-core-1'),
     ['estate_spec.interconnects[1].cnis[0].magic.conduit_name: ams-core-1 is declared twice']),
    # The values of every CNI are checked, also on an interconnect that does not exist yet or is not Healthy (the
    # GCP one here): a bad value must not wait for the day its interconnect is Healthy.
    (lambda s: s['interconnects'][1]['cnis'][0]['bgp'].update(extra_prefixes=['10.0.0.300/8']),
     ['estate_spec.interconnects[1].cnis[0].bgp.extra_prefixes[0]: ', '10.0.0.300/8']),
    (lambda s: s['interconnects'][1]['cnis'][0]['bgp'].update(customer_asn=4294967296),
     ['estate_spec.interconnects[1].cnis[0].bgp.customer_asn: ', '4294967296']),
    (lambda s: s['interconnects'][1]['cnis'][0]['bgp'].update(customer_asn=True),
     ['estate_spec.interconnects[1].cnis[0].bgp.customer_asn: ', 'boolean']),
    (lambda s: s['interconnects'][1]['cnis'][0]['bgp'].update(customer_asn=64512),
     ['estate_spec.interconnects[1].cnis[0].bgp.customer_asn: ', 'default_asn']),
    (lambda s: s['interconnects'][1]['cnis'][0]['magic'].update(mtu=-1),
     ['estate_spec.interconnects[1].cnis[0].magic.mtu: ', 'got -1']),
    (lambda s: s['interconnects'][1]['cnis'][0]['bgp'].update(md5_key='x' * 81),
     ['estate_spec.interconnects[1].cnis[0].bgp.md5_key: ', '80']),
    (lambda s: s['interconnects'][1]['cnis'][0]['bgp'].update(extra_prefixes=['10.1.2.3/8']),
     ['estate_spec.interconnects[1].cnis[0].bgp.extra_prefixes[0]: ', '10.0.0.0/8']),
    # Refused by the interconnect module; found before the settings phase writes anything (the key is not quoted).
    (lambda s: s['interconnects'][1].update(pairing_key=PAIRING_SENTINEL + '/europe-west4/3'),
     ['estate_spec.interconnects[1].pairing_key: ', '<uuid>/<region>/<1|2>']),
    (lambda s: s['interconnects'][1].update(pairing_key=PAIRING_SENTINEL + '/Europe West4/1'),
     ['estate_spec.interconnects[1].pairing_key: ']),
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


def test_the_loas_take_the_modules_name_and_mode(sim, tmp_path):
    sim.reset(converged())
    run = apply_role(sim, spec(), tmp_path, estate_loa_name='Example B.V.', estate_loa_mode='0600')
    assert run.rc == 0, run.output
    loa = tmp_path / 'loa' / ('%s.pdf' % DIRECT_NAME)
    assert b'Example B.V.' in loa.read_bytes()
    assert oct(loa.stat().st_mode & 0o777) == '0o600'
    assert [r['query'] for r in sim.requests() if r['path'].endswith('/loa')] == [dict(name='Example B.V.')]


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
    assert 'stray-link' not in actions(listed) and cnis_task(listed)['changed'] is False
    pruned = prune_task(listed)
    assert pruned['changed'] is True
    assert [(a['conduit_name'], a['action']) for a in pruned['actions']] == [('stray-link', 'delete')]
    assert sim.writes() == []

    sim.clear_log()
    removed = apply_role(sim, spec(), tmp_path, estate_remove_undeclared_cnis=True)
    assert removed.rc == 0, removed.output
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in sim.writes()] == [('DELETE', stray['id'])]
    assert sorted(state_of(sim)[2]) == ['ams-core-1', 'ams-core-2', 'gcp-prod']
    # Exactly the undeclared CNI, with the interconnect it was found on (a CNI of that name elsewhere is not deleted).
    assert [(c['magic']['conduit_name'], c['interconnect'])
            for c in prune_task(removed)['invocation']['module_args']['config']] == [('stray-link', GCP_NAME)]
    # The undeclared ones come from the converge task's read: the delete task reads once more, nothing else does.
    assert len([r for r in sim.requests() if r['method'] == 'GET' and r['path'].endswith('/cnis')]) == 2

    sim.clear_log()
    again = apply_role(sim, spec(), tmp_path, estate_remove_undeclared_cnis=True)
    assert again.rc == 0 and sim.writes() == [] and again.stats['changed'] == 0, again.output
    assert len([r for r in sim.requests() if r['method'] == 'GET' and r['path'].endswith('/cnis')]) == 1


def prune_task(run):
    return run.result(ROLE + 'Remove the CNIs that the estate does not declare')


def test_removing_undeclared_cnis_never_clears_what_the_estate_does_not_set(sim, tmp_path):
    # The NOC's description, extra prefixes the estate does not list, and BGP on a CNI whose estate entry has no
    # bgp: merged leaves them alone; with estate_remove_undeclared_cnis only the undeclared CNI is deleted.
    stray = cni_doc(9, DIRECT_NAME, dict(conduit_name='stray-link', description='not declared', mtu=1500))
    fixtures = converged(extra_cnis=[stray])
    fixtures['cnis'][1]['magic']['description'] = 'set by the NOC'
    sim.reset(fixtures)
    (tmp_path / 'loa').mkdir()
    before = state_of(sim)[2]
    sparse = spec()
    del sparse['interconnects'][0]['cnis'][1]['magic']['description']
    del sparse['interconnects'][0]['cnis'][0]['bgp']['extra_prefixes']
    del sparse['interconnects'][1]['cnis'][0]['bgp']
    for check in (True, False):
        sim.clear_log()
        run = apply_role(sim, sparse, tmp_path, check=check, diff=True, estate_remove_undeclared_cnis=True)
        assert run.rc == 0, run.output
        assert cnis_task(run)['changed'] is False and 'update' not in actions(run).values()
        assert [a['action'] for a in prune_task(run)['actions']] == ['delete']
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in sim.writes()] == [('DELETE', stray['id'])]
    after = state_of(sim)[2]
    assert sorted(after) == ['ams-core-1', 'ams-core-2', 'gcp-prod']
    for name in after:
        assert after[name] == before[name]
    assert after['ams-core-2']['magic']['description'] == 'set by the NOC'
    assert after['ams-core-1']['bgp']['extra_prefixes'] == ['192.0.2.0/25']
    assert after['gcp-prod']['bgp']['customer_asn'] == 16550


def test_cnis_on_an_interconnect_that_is_not_healthy_are_skipped_and_listed(sim, tmp_path):
    sim.reset(converged(gcp_status=dict(state='Down', reason='BGP peer unreachable')))
    (tmp_path / 'loa').mkdir()
    grown = spec()
    grown['interconnects'][0]['cnis'].append(dict(magic=dict(conduit_name='ams-core-3', description='', mtu=1500)))
    grown['interconnects'][1]['cnis'].append(dict(magic=dict(conduit_name='gcp-dev', description='', mtu=1460)))
    stray = cni_doc(9, GCP_NAME, dict(conduit_name='stray-link', description='not declared', mtu=1500))
    fixtures = converged(extra_cnis=[stray], gcp_status=dict(state='Down', reason='BGP peer unreachable'))
    fixtures['cnis'][2]['magic']['mtu'] = 1500  # gcp-prod differs, but its interconnect is Down: not touched
    sim.reset(fixtures)
    run = apply_role(sim, grown, tmp_path, estate_wait=True, estate_wait_timeout=1, estate_remove_undeclared_cnis=True)
    assert run.rc == 0, run.output
    cnis = state_of(sim)[2]
    assert 'ams-core-3' in cnis and 'gcp-dev' not in cnis
    # Neither written nor deleted on the interconnect that is Down.
    assert cnis['gcp-prod']['magic']['mtu'] == 1500 and 'stray-link' in cnis
    assert [w['method'] for w in sim.writes()] == ['POST']
    assert actions(run)['gcp-dev'] == 'deferred' and actions(run)['gcp-prod'] == 'deferred'
    assert any(m.startswith('gcp (%s) is Down (BGP peer unreachable)' % GCP_NAME) and 'gcp-prod, gcp-dev' in m
               for m in messages(run)), messages(run)
    # The wait said what it waited for, and for how long, before it started.
    announced = run.result(ROLE + 'Say what the role waits for (estate_wait)')['msg']
    assert 'Waiting up to 1 s' in announced and DIRECT_NAME in announced and GCP_NAME in announced
    # Reported in the recap (ignored=1), not only in a message; the run succeeds.
    report = run.result(ROLE + 'Report the declared interconnects that are not Healthy')
    assert report['failed'] is True and 'Down (BGP peer unreachable)' in report['msg']
    assert run.stats['ignored'] == 1 and run.stats['failures'] == 0


def test_estate_require_healthy_fails_the_run_at_the_end_after_converging_the_rest(sim, tmp_path):
    sim.reset(converged(gcp_status=dict(state='Unhealthy', reason='light levels low')))
    (tmp_path / 'loa').mkdir()
    grown = spec()
    grown['interconnects'][0]['cnis'].append(dict(magic=dict(conduit_name='ams-core-3', mtu=1500)))
    run = apply_role(sim, grown, tmp_path, estate_require_healthy=True)
    assert run.rc != 0
    assert 'ams-core-3' in state_of(sim)[2]  # the Healthy interconnect's CNIs converged first
    failed = [(task, r) for task, r in run.results() if r.get('failed')]
    assert [task for task, r in failed] == [ROLE + 'Report the declared interconnects that are not Healthy']
    assert run.results()[-1][0] == failed[0][0]
    assert '%s) is Unhealthy (light levels low)' % GCP_NAME in failed[0][1]['msg']
    assert 'estate_require_healthy is true' in failed[0][1]['msg']

    healthy = apply_role(sim, spec(), tmp_path, estate_require_healthy=True, callback='default')
    assert healthy.rc != 0 and 'light levels low' in healthy.output
    sim.set_status(GCP_NAME, 'Healthy')
    assert apply_role(sim, spec(), tmp_path, estate_require_healthy=True).rc == 0


def tagged(sim, estate_spec, tmp_path, tags=None, skip=None, **role_vars):
    env = {}
    if tags:
        env['ANSIBLE_RUN_TAGS'] = tags
    if skip:
        env['ANSIBLE_SKIP_TAGS'] = skip
    role_vars.setdefault('estate_loa_dir', str(tmp_path / 'loa'))
    return run_playbook(sim, [], env=env, play=dict(roles=['cloudflare.cni.estate'],
                                                    vars=dict(role_vars, estate_spec=estate_spec)))


def test_tags_select_the_phases(sim, tmp_path):
    stray = cni_doc(9, GCP_NAME, dict(conduit_name='stray-link', description='not declared', mtu=1500))
    fixtures = converged(extra_cnis=[stray])
    fixtures['cnis'] = [c for c in fixtures['cnis'] if c['magic']['conduit_name'] != 'ams-core-2']
    sim.reset(fixtures)
    grown = spec()
    grown['settings']['default_asn'] = 64513
    grown['interconnects'].append(dict(label='ams-new', type='direct', slot_id=SLOTS[1]['id'], cnis=[
        dict(magic=dict(conduit_name='ams-new-1', mtu=1500))]))

    settings = tagged(sim, grown, tmp_path, tags='settings')
    assert settings.rc == 0, settings.output
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in sim.writes()] == [('PUT', 'settings')]
    assert not (tmp_path / 'loa').exists()

    sim.clear_log()
    prune = tagged(sim, grown, tmp_path, tags='prune', estate_remove_undeclared_cnis=True)
    assert prune.rc == 0, prune.output
    assert [(w['method'], w['path'].rsplit('/', 1)[-1]) for w in sim.writes()] == [('DELETE', stray['id'])]
    assert 'ams-core-2' not in state_of(sim)[2]  # declared but missing: not created by prune alone

    sim.clear_log()
    cnis = tagged(sim, grown, tmp_path, tags='cnis')
    assert cnis.rc == 0, cnis.output
    # The new interconnect is only looked up (check mode), never created, so its CNI is skipped.
    assert [w['method'] for w in sim.writes()] == ['POST']
    assert 'ams-core-2' in state_of(sim)[2] and len(state_of(sim)[1]) == 2

    sim.clear_log()
    rest = tagged(sim, grown, tmp_path, skip='loa,cnis,prune')
    assert rest.rc == 0, rest.output
    assert [w['method'] for w in sim.writes()] == ['POST'] and len(state_of(sim)[1]) == 3
    assert not (tmp_path / 'loa').exists()
    loa = tagged(sim, grown, tmp_path, tags='loa')
    assert loa.rc == 0, loa.output
    assert len(os.listdir(str(tmp_path / 'loa'))) == 2


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


def test_an_estate_of_200_cnis_converges_under_a_rate_limit_of_60_requests_per_10_s(tmp_path):
    """Cloudflare refuses every call for the rest of the window past its limit: the role's traffic keeps within it
    (the client paces itself on the Ratelimit header), and a refused request is never refused again."""
    limited = start_simulator('--rate-limit', '60/10')
    try:
        slots = [slot(0, occupied=True), slot(1, occupied=True)]
        names = ['ic-rate-a', 'ic-rate-b']
        limited.reset(dict(settings=dict(default_asn=64512), slots=slots,
                           interconnects=[direct(name, slot_doc) for name, slot_doc in zip(names, slots)]))
        estate_spec = dict(settings=dict(default_asn=64512), interconnects=[
            dict(name=name, type='direct', slot_id=slot_doc['id'], cnis=[
                dict(magic=dict(conduit_name='rate-%s-%03d' % (name[-1], index), mtu=1500),
                     bgp=dict(customer_asn=65000 + index))
                for index in range(100)])
            for name, slot_doc in zip(names, slots)])
        run = apply_role(limited, estate_spec, tmp_path)
        assert run.rc == 0, run.output[-3000:]
        assert run.stats['failures'] == 0 and run.stats['ignored'] == 0
        assert len(limited.state()['cnis']) == 200
        log = sorted(limited.requests(), key=lambda entry: entry['seq'])
        assert len(log) > 3 * 60  # more than three windows' worth: the limit mattered
        refused = [entry['fault'] == 'rate_limit' for entry in log]
        assert not any(one and two for one, two in zip(refused, refused[1:])), [
            (e['seq'], e['method'], e['path'], e['fault']) for e in log if e['fault']]
        # A second run under the same limit changes nothing.
        again = apply_role(limited, estate_spec, tmp_path)
        assert again.rc == 0 and again.stats['changed'] == 0, again.output[-3000:]
    finally:
        stop_simulator(limited)
