# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The estate role's planning (module_utils/_estate.py, through the cloudflare.cni.estate_* filters): the checks of
every CNI whatever its interconnect's state, duplicates, the cnis config and the interconnects that are not ready."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.cloudflare.cni.plugins.filter.estate import FilterModule
from ansible_collections.cloudflare.cni.plugins.module_utils import _estate

KEY = '5e47f1e1-0000-4000-8000-00000000c0de/europe-west4/1'
MD5 = 'MD5-SENTINEL-unit'


def spec():
    return dict(
        settings=dict(default_asn=64512),
        interconnects=[
            dict(label='ams', type='direct', slot_id='SLOT-A', cnis=[
                dict(magic=dict(conduit_name='ams-1', description='core 1', mtu=1500),
                     bgp=dict(customer_asn=65001, extra_prefixes=['192.0.2.0/25'], md5_key=MD5)),
                dict(magic=dict(conduit_name='ams-2', mtu=1476)),
            ]),
            dict(type='gcp_partner', pairing_key=KEY, bandwidth='1G', cnis=[
                dict(magic=dict(conduit_name='gcp-1', description='', mtu=1460), bgp=dict(customer_asn=16550),
                     bgp_mode='advertise_only'),
            ]),
            dict(name='ic-named', type='direct', slot_id='SLOT-B'),
        ])


def test_plan_lists_interconnects_and_cnis_without_any_key():
    plan = _estate.plan(spec())
    assert plan['problems'] == []
    assert [(i['index'], i['label'], i['type'], i['region'], i['named']) for i in plan['interconnects']] == [
        (0, 'ams', 'direct', None, False), (1, 'gcp_partner 1G in europe-west4', 'gcp_partner', 'europe-west4', False),
        (2, 'ic-named', 'direct', None, True)]
    assert plan['interconnects'][1]['exclude_names'] == ['ic-named'] and plan['interconnects'][2]['exclude_names'] == []
    assert plan['cnis'] == [dict(interconnect=0, index=0, conduit_name='ams-1'),
                            dict(interconnect=0, index=1, conduit_name='ams-2'),
                            dict(interconnect=1, index=0, conduit_name='gcp-1')]
    shown = json.dumps(plan)
    assert MD5 not in shown and '5e47f1e1' not in shown


@pytest.mark.parametrize('path, value, words', [
    ('magic.mtu', 'big', ['magic.mtu', 'integer', "'big'"]),
    ('magic.mtu', True, ['magic.mtu', 'boolean']),
    ('magic.mtu', -1, ['magic.mtu', 'from 0 to 2147483647', 'got -1']),
    ('magic.mtu', 2147483648, ['magic.mtu', 'got 2147483648']),
    ('magic.conduit_name', '', ['magic.conduit_name', 'empty']),
    ('magic.conduit_name', 'a\x00b', ['magic.conduit_name', 'control characters']),
    ('bgp.md5_key', 'k' * 81, ['bgp.md5_key', 'at most 80']),
    ('bgp.extra_prefixes', ['10.1.2.3/8'], ['bgp.extra_prefixes[0]', 'host bits', '10.0.0.0/8']),
    ('bgp.customer_asn', 0, ['bgp.customer_asn', 'from 1']),
    ('bgp.customer_asn', 4294967296, ['bgp.customer_asn', 'got 4294967296']),
    ('bgp.customer_asn', False, ['bgp.customer_asn', 'boolean']),
    ('bgp.customer_asn', 64512, ['bgp.customer_asn', 'must differ from estate_spec.settings.default_asn (64512)']),
    ('bgp.extra_prefixes', ['192.0.2.0/24', '10.0.0.300/8'], ['bgp.extra_prefixes[1]', 'IPv4 CIDR', '10.0.0.300/8']),
    ('bgp.extra_prefixes', ['192.0.2.0'], ['bgp.extra_prefixes[0]', 'A.B.C.D/N']),
    ('bgp.md5_key', 'bad"key?', ['bgp.md5_key', 'double quote']),
    ('bgp.md5_key', '', ['bgp.md5_key', 'empty']),
])
def test_a_bad_cni_value_is_found_on_any_interconnect_naming_its_path(path, value, words):
    # The GCP interconnect (index 1) is the one that is typically not Healthy for weeks: its CNIs are checked too.
    bad = spec()
    cni = bad['interconnects'][1]['cnis'][0]
    section, key = path.split('.')
    cni.setdefault(section, {})[key] = value
    problems = _estate.plan(bad)['problems']
    assert len(problems) == 1, problems
    assert problems[0].startswith('estate_spec.interconnects[1].cnis[0].' + words[0] + ': ')
    for word in words[1:]:
        assert word in problems[0]


def test_an_md5_key_is_never_quoted_in_a_problem():
    bad = spec()
    bad['interconnects'][0]['cnis'][0]['bgp']['md5_key'] = 'SECRET"PART'
    problems = _estate.plan(bad)['problems']
    assert problems and 'SECRET' not in ' '.join(problems)


def test_an_integer_in_a_string_is_an_integer_and_every_problem_is_listed():
    ok = spec()
    ok['interconnects'][0]['cnis'][1]['magic']['mtu'] = '1500'
    assert _estate.plan(ok)['problems'] == []
    bad = spec()
    bad['settings']['default_asn'] = True
    bad['interconnects'][0]['cnis'][0]['magic']['mtu'] = None
    bad['interconnects'][2]['cnis'] = [dict(magic=dict(conduit_name='x', mtu=1500), bgp=dict(customer_asn=None))]
    assert sorted(p.split(':')[0] for p in _estate.plan(bad)['problems']) == [
        'estate_spec.interconnects[0].cnis[0].magic.mtu', 'estate_spec.interconnects[2].cnis[0].bgp.customer_asn',
        'estate_spec.settings.default_asn']


def test_duplicates_are_problems():
    bad = spec()
    bad['interconnects'][2]['slot_id'] = 'slot-a'  # slot ids compare without case
    bad['interconnects'][2]['cnis'] = [dict(magic=dict(conduit_name='ams-2', mtu=1500))]
    bad['interconnects'].append(dict(name='ic-named', type='direct', slot_id='SLOT-C'))
    problems = _estate.plan(bad)['problems']
    assert 'estate_spec.interconnects[2].slot_id: slot-a is declared twice' in problems
    assert ('estate_spec.interconnects[2].cnis[0].magic.conduit_name: ams-2 is declared twice (also at '
            'estate_spec.interconnects[0].cnis[1]; it names one CNI in the account)') in problems
    assert 'estate_spec.interconnects[3].name: ic-named is declared twice' in problems


def test_two_unnamed_gcp_entries_of_one_bandwidth_and_region_are_refused_and_named_ones_are_not():
    pair = spec()
    pair['interconnects'].append(dict(type='gcp_partner', pairing_key=KEY[:-1] + '2', bandwidth='1G', label='b'))
    problems = _estate.plan(pair)['problems']
    assert len(problems) == 1 and 'are both gcp_partner 1G in europe-west4' in problems[0]
    assert 'interconnects[1]' in problems[0] and 'interconnects[3] (b)' in problems[0]
    pair['interconnects'][1]['name'] = 'gcp-1'
    assert _estate.plan(pair)['problems'] == []
    assert _estate.plan(pair)['interconnects'][3]['exclude_names'] == ['gcp-1', 'ic-named']
    other = spec()
    other['interconnects'].append(dict(type='gcp_partner', pairing_key=KEY, bandwidth='2G'))
    assert _estate.plan(other)['problems'] == []


def found(names=('ic-a', 'gcp-europe-west4-1', 'ic-named')):
    plan = _estate.plan(spec())
    results = [dict(interconnect=dict(name=name, type=planned['type'])) if name else dict(interconnect=dict())
               for name, planned in zip(names, plan['interconnects'])]
    return plan, _estate.interconnects(plan, results)


def test_cni_config_sends_only_what_the_estate_sets():
    config = _estate.cni_config(spec(), found()[1])
    assert config == [
        dict(interconnect='ic-a', magic=dict(conduit_name='ams-1', description='core 1', mtu=1500),
             bgp=dict(customer_asn=65001, extra_prefixes=['192.0.2.0/25'], md5_key=MD5)),
        # No description in the estate: none sent, the NOC's text stays.
        dict(interconnect='ic-a', magic=dict(conduit_name='ams-2', mtu=1476)),
        # An empty description is set on purpose: it is sent.
        dict(interconnect='gcp-europe-west4-1', magic=dict(conduit_name='gcp-1', description='', mtu=1460),
             bgp=dict(customer_asn=16550), bgp_mode='advertise_only'),
    ]


def test_cni_config_leaves_out_the_cnis_of_an_interconnect_without_a_name():
    config = _estate.cni_config(spec(), found(names=(None, 'gcp-europe-west4-1', 'ic-named'))[1])
    assert [c['magic']['conduit_name'] for c in config] == ['gcp-1']


def status_results(states):
    return [dict(ansible_loop_var='estate_interconnect', estate_interconnect=dict(name=name, index=index),
                 state=state, status=dict(state=state, reason=reason) if reason else dict(state=state))
            for index, (name, state, reason) in enumerate(states)]


def test_health_defers_the_interconnects_that_are_not_healthy_and_skips_those_without_a_name():
    plan, interconnects = found(names=(None, 'gcp-europe-west4-1', 'ic-named'))
    statuses = status_results([('gcp-europe-west4-1', 'Down', 'BGP peer unreachable'), ('ic-named', 'Healthy', None)])
    health = _estate.health(plan, interconnects[:1] + interconnects[1:], statuses)
    assert health['deferred_interconnects'] == ['gcp-europe-west4-1']
    assert health['skipped'] == ['ams-1', 'ams-2']
    assert health['messages'] == [
        'ams would be created (check mode): skipped its CNIs until it is Healthy: ams-1, ams-2',
        'gcp_partner 1G in europe-west4 (gcp-europe-west4-1) is Down (BGP peer unreachable): skipped its CNIs until '
        'it is Healthy: gcp-1']
    assert [(n['label'], n['name'], n['state'], n['reason']) for n in health['not_ready']] == [
        ('ams', None, None, None), ('gcp_partner 1G in europe-west4', 'gcp-europe-west4-1', 'Down',
                                    'BGP peer unreachable')]


def test_health_of_an_all_healthy_estate_is_empty_and_an_interconnect_without_cnis_says_so():
    plan, interconnects = found()
    all_healthy = status_results([('ic-a', 'Healthy', None), ('gcp-europe-west4-1', 'Healthy', None),
                                  ('ic-named', 'Healthy', None)])
    empty = dict(deferred_interconnects=[], not_ready=[], skipped=[], messages=[])
    assert _estate.health(plan, interconnects, all_healthy) == empty
    pending = _estate.health(plan, interconnects, {'ic-a': dict(state='Healthy'), 'gcp-europe-west4-1':
                                                   dict(state='Healthy'), 'ic-named': dict(state='Pending')})
    assert pending['messages'] == ['ic-named (ic-named) is Pending: it carries no CNI']


def test_the_filters_are_the_planning_functions():
    filters = FilterModule().filters()
    plan = filters['estate_plan'](copy.deepcopy(spec()))
    assert plan == _estate.plan(spec())
    interconnects = filters['estate_interconnects'](plan, [dict(interconnect=dict(name='ic-a'))] * 3)
    assert filters['estate_cni_config'](spec(), interconnects)[0]['interconnect'] == 'ic-a'
    assert filters['estate_health'](plan, interconnects, {})['deferred_interconnects'] == ['ic-a', 'ic-a', 'ic-a']


@pytest.mark.parametrize('run_tags, skip_tags, converged', [
    (None, None, ['settings', 'interconnects', 'loa', 'cnis', 'prune']),
    (['all'], [], ['settings', 'interconnects', 'loa', 'cnis', 'prune']),
    (['cnis'], [], ['cnis']),
    (['cnis', 'prune'], [], ['cnis', 'prune']),
    (['all'], ['prune', 'loa'], ['settings', 'interconnects', 'cnis']),
])
def test_phases_follow_the_run_tags(run_tags, skip_tags, converged):
    phases = _estate.plan(spec(), run_tags, skip_tags)['phases']
    assert sorted(phase for phase, on in phases.items() if on) == sorted(converged)


def test_undeclared_cnis_are_listed_as_removed_or_kept():
    plan = _estate.plan(spec())
    result = dict(
        before=[dict(id='1', interconnect='ic-a', magic=dict(conduit_name='ams-1')),
                dict(id='2', interconnect='ic-a', magic=dict(conduit_name='stray')),
                dict(id='3', interconnect='gcp-x', magic=dict(conduit_name='kept-stray'))],
        actions=[dict(conduit_name='ams-1', id='1', interconnect='ic-a', action='none'),
                 dict(conduit_name='stray', id='2', interconnect='ic-a', action='delete')])
    found = _estate.undeclared(plan, result, check_mode=True, purge=True)
    assert found['removed'] == [dict(conduit_name='stray', interconnect='ic-a', id='2')]
    assert found['kept'] == [dict(conduit_name='kept-stray', interconnect='gcp-x', id='3')]
    assert found['messages'] == [
        'Would remove 1 CNI(s) that the estate does not declare: stray on ic-a',
        'Kept 1 CNI(s) that the estate does not declare (on interconnects that are not Healthy): kept-stray on gcp-x']
    merged = _estate.undeclared(plan, dict(before=result['before'], actions=result['actions'][:1]))
    assert merged['messages'] == ['Kept 2 CNI(s) that the estate does not declare (estate_remove_undeclared_cnis is '
                                  'false): stray on ic-a, kept-stray on gcp-x']
    assert _estate.undeclared(plan, dict(before=result['before'][:1]))['messages'] == []


def test_undeclared_from_a_gathered_list_gives_the_config_that_deletes_them_except_on_deferred_interconnects():
    plan = _estate.plan(spec())
    gathered = dict(gathered=[dict(interconnect='ic-a', magic=dict(conduit_name='ams-1', mtu=1500)),
                              dict(interconnect='ic-a', magic=dict(conduit_name='stray', mtu=1500)),
                              dict(interconnect='gcp-x', magic=dict(conduit_name='kept-stray', mtu=1500))])
    found = _estate.undeclared(plan, gathered, deferred=['gcp-x'])
    assert [c['conduit_name'] for c in found['kept']] == ['stray', 'kept-stray']
    # With its interconnect, so that the cnis module deletes it only where it was found.
    assert found['deletable'] == [dict(magic=dict(conduit_name='stray'), interconnect='ic-a')]


def test_undeclared_from_the_merged_result_gives_the_same_config_without_another_read():
    plan = _estate.plan(spec())
    before = [dict(interconnect='ic-a', magic=dict(conduit_name='ams-1', mtu=1500)),
              dict(interconnect='ic-a', magic=dict(conduit_name='stray', mtu=1500)),
              dict(interconnect='gcp-x', magic=dict(conduit_name='kept-stray', mtu=1500))]
    merged = dict(before=before, actions=[dict(conduit_name='ams-1', interconnect='ic-a', action='none'),
                                          dict(conduit_name='gcp-1', interconnect='gcp-x', action='deferred')])
    assert _estate.undeclared(plan, merged, deferred=['gcp-x'])['deletable'] == [
        dict(magic=dict(conduit_name='stray'), interconnect='ic-a')]
    assert _estate.undeclared(plan, merged)['deletable'] == [
        dict(magic=dict(conduit_name='stray'), interconnect='ic-a'),
        dict(magic=dict(conduit_name='kept-stray'), interconnect='gcp-x')]


@pytest.mark.parametrize('key', [
    KEY.rsplit('/', 1)[0],  # no zone
    KEY[:-1] + '3',  # zone 3
    KEY.replace('europe-west4', 'Europe West4'),
    'zz' + KEY[2:],  # not a UUID
    'not a key',
    42,
])
def test_a_malformed_pairing_key_is_a_problem_naming_its_path_never_the_key(key):
    bad = spec()
    bad['interconnects'][1]['pairing_key'] = key
    problems = _estate.plan(bad)['problems']
    assert [p.split(':')[0] for p in problems] == ['estate_spec.interconnects[1].pairing_key']
    assert str(key) not in ' '.join(problems)
    assert _estate.plan(spec())['problems'] == []


def test_the_region_is_the_interconnect_modules_rule():
    from ansible_collections.cloudflare.cni.plugins.module_utils import _interconnect
    for key in (KEY, KEY[:-1] + '7', KEY.replace('europe-west4', 'europe_west4'), None, 7):
        expected = _interconnect.pairing_key_region(key) if isinstance(key, str) else None
        assert _estate.region_of(key) == expected
    assert not hasattr(_estate, 'GCP_KEY')


def test_conduit_names_of_the_edge_phase_tolerate_an_interconnect_without_cnis():
    estate = spec()  # its third interconnect has no cnis key
    account = [dict(magic=dict(conduit_name='gcp-1')), dict(magic=dict(conduit_name='ams-1')),
               dict(magic=dict(conduit_name='other'))]
    found = FilterModule().filters()['estate_conduit_names'](estate, account)
    assert found == dict(existing=['ams-1', 'gcp-1'], missing=['ams-2'])
    assert _estate.conduit_names(None, account) == dict(existing=['gcp-1', 'ams-1', 'other'], missing=[])
    assert _estate.conduit_names(dict(interconnects=[dict(type='direct')]), account) == dict(existing=[], missing=[])


def test_edge_md5_keys_come_from_the_estate_under_estate_edge_md5_keys():
    keys = FilterModule().filters()['estate_edge_md5_keys']
    assert keys(spec()) == {'ams-1': MD5}
    assert keys(spec(), {'ams-1': 'given', 'gcp-1': 'other'}) == {'ams-1': 'given', 'gcp-1': 'other'}
    assert keys(None, {'x': 'y'}) == {'x': 'y'} and keys(None) == {}


def test_paths_and_seconds_left():
    filters = FilterModule().filters()
    assert filters['estate_abspath']('loa', '/srv/run') == '/srv/run/loa'
    assert filters['estate_abspath']('/abs/loa', '/srv/run') == '/abs/loa'
    assert filters['estate_abspath']('~/loa', '/srv/run').endswith('/loa')
    assert not filters['estate_abspath']('~/loa', '/srv/run').startswith('/srv/run')
    assert filters['estate_seconds_left'](100.0, 90.2) == 10
    assert filters['estate_seconds_left'](100, 100) == 0
    assert filters['estate_seconds_left'](100, 130.5) == 0
