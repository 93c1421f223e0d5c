# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The CNI rules shared by cni and cnis (checks, compare, write bodies) and the set planning of cnis."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.cloudflare.cni.plugins.module_utils._cni import (
    cni_changes, conflict_message, option_problems, post_body, prefix_problem, put_body, shown_change, wanted_settings)
from ansible_collections.cloudflare.cni.plugins.module_utils._cni_plan import (
    after_list, config_problems, gather, needs_interconnects, needs_settings, plan)

ACCOUNT = 'acct'


def api_cni(index, interconnect='ic-a', name=None, bgp=None, **extra):
    doc = dict(id='id-%d' % index, account=ACCOUNT, interconnect=interconnect, p2p_ip='100.64.0.%d/31' % (2 * index),
               cust_ip='100.64.0.%d/31' % (2 * index + 1),
               magic=dict(conduit_name=name or 'link-%d' % index, description='link %d' % index, mtu=1500))
    if bgp is not None:
        doc['bgp'] = bgp
    doc.update(extra)
    return doc


def entry(name, interconnect='ic-a', mtu=1500, description=None, bgp=None, bgp_mode=None, account=None):
    """A config entry as Ansible's argument spec hands it over: every suboption present, unset ones None."""
    return dict(interconnect=interconnect, account=account,
                magic=dict(conduit_name=name, description=description, mtu=mtu),
                bgp=None if bgp is None else dict(dict(customer_asn=None, extra_prefixes=None, md5_key=None), **bgp),
                bgp_mode=bgp_mode)


def actions(the_plan):
    return [(item['conduit_name'], item['action']) for item in the_plan.items]


# -- input checks ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('prefix, meant', [('10.1.2.3/8', '10.0.0.0/8'), ('192.0.2.1/24', '192.0.2.0/24')])
def test_host_bits_are_refused_with_the_network_meant(prefix, meant):
    assert prefix_problem(prefix).endswith('did you mean %s?' % meant)


@pytest.mark.parametrize('options, path', [
    (dict(magic=dict(mtu=True)), 'magic.mtu'),
    (dict(bgp=dict(customer_asn=False)), 'bgp.customer_asn'),
    (dict(bgp=dict(customer_asn=0)), 'bgp.customer_asn'),
    (dict(magic=dict(mtu=2 ** 31)), 'magic.mtu'),
    (dict(interconnect=''), 'interconnect'),
    (dict(account=''), 'account'),
    (dict(magic=dict(conduit_name='a\x00b')), 'magic.conduit_name'),
    (dict(magic=dict(conduit_name='a\nb')), 'magic.conduit_name'),
    (dict(magic=dict(conduit_name='n' * 256)), 'magic.conduit_name'),
    (dict(bgp=dict(md5_key='k' * 81)), 'bgp.md5_key'),
    (dict(bgp=dict(extra_prefixes=['192.0.2.0/24', '10.1.2.3/8'])), 'bgp.extra_prefixes[1]'),
])
def test_option_problems_name_the_option(options, path):
    assert [p for p, _rule in option_problems(options, 'config[2].')] == ['config[2].' + path]


def test_option_problems_accept_the_limits():
    assert option_problems(dict(magic=dict(conduit_name='n' * 255, mtu=0), bgp=dict(
        customer_asn=2 ** 31 - 1, md5_key='k' * 80, extra_prefixes=['0.0.0.0/0']))) == []


def test_config_problems_are_all_reported_with_their_index():
    config = [entry('a'), entry('b', mtu=True), entry('a'), entry(None), entry('c', bgp=dict(md5_key='x?'))]
    paths = [p for p, _rule in config_problems(config, 'merged')]
    assert paths == ['config[1].magic.mtu', 'config[2].magic.conduit_name', 'config[3].magic.conduit_name',
                     'config[4].bgp.md5_key']


def test_replaced_needs_mtu_and_customer_asn_but_not_description():
    config = [entry('a', mtu=None), entry('b', bgp=dict(extra_prefixes=[])), entry('c')]
    paths = [p for p, _rule in config_problems(config, 'replaced')]
    assert paths == ['config[0].magic.mtu', 'config[1].bgp.customer_asn']
    assert config_problems(config, 'merged') == []


@pytest.mark.parametrize('kwargs, state, path', [
    (dict(delete_all=True), 'merged', 'delete_all'),
    (dict(parallel=0), 'merged', 'parallel'),
    (dict(parallel=33), 'merged', 'parallel'),
    (dict(interconnects=[''], delete_all=True), 'overridden', 'interconnects[0]'),
])
def test_option_rules(kwargs, state, path):
    assert [p for p, _rule in config_problems([], state, **kwargs)] == [path]


def test_delete_all_wants_an_empty_config_and_gathered_takes_none():
    assert config_problems([entry('a')], 'deleted', delete_all=True)[0][0] == 'delete_all'
    assert config_problems([entry('a')], 'gathered')[0][0] == 'config'


def test_reads_are_made_only_when_needed():
    assert needs_interconnects([entry('a')], 'merged')
    assert not needs_interconnects([entry('a')], 'merged', deferred=['ic-a'])
    assert not needs_interconnects([entry('a')], 'deleted')
    assert not needs_settings([entry('a')], 'merged')
    assert needs_settings([entry('a', bgp=dict(customer_asn=64600))], 'replaced')
    assert not needs_settings([entry('a', bgp=dict(customer_asn=64600))], 'deleted')


# -- compare and write bodies ---------------------------------------------------------------------------------------

def test_an_md5_key_the_api_did_not_return_is_no_difference_but_rides_along_every_put():
    current = api_cni(1, bgp=dict(customer_asn=64600, extra_prefixes=[]))
    wanted = wanted_settings(entry('link-1', mtu=1476, bgp=dict(md5_key='secret')))
    changes = cni_changes(current, wanted)
    assert changes == dict(magic=dict(mtu=1476))
    assert put_body(current, changes, wanted)['bgp'] == dict(customer_asn=64600, extra_prefixes=[], md5_key='secret')
    assert cni_changes(current, wanted_settings(entry('link-1', bgp=dict(md5_key='secret')))) == {}


def test_an_md5_key_the_api_returned_is_compared_and_a_change_is_shown_masked():
    current = api_cni(1, bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='old'))
    wanted = wanted_settings(entry('link-1', mtu=None, bgp=dict(md5_key='new')))
    changes = cni_changes(current, wanted)
    assert changes == dict(bgp=dict(md5_key='new'))
    before, after = shown_change(current, put_body(current, changes, wanted), changes)
    assert before['bgp']['md5_key'] == '********' and after['bgp']['md5_key'] == '******** (changed)'


def test_without_a_key_from_the_user_the_put_carries_what_the_api_returned():
    current = api_cni(1, bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='kept'))
    wanted = wanted_settings(entry('link-1', mtu=1476))
    assert put_body(current, cni_changes(current, wanted), wanted)['bgp']['md5_key'] == 'kept'


def test_put_body_holds_only_documented_fields_and_no_null():
    current = api_cni(1, tunnel_id='t-1', bgp_mode=None)
    body = put_body(current, dict(bgp_mode='advertise_only'), {})
    assert sorted(body) == ['account', 'bgp_mode', 'cust_ip', 'id', 'interconnect', 'magic', 'p2p_ip']


def test_bgp_mode_is_compared_when_set():
    current = api_cni(1, bgp_mode='dynamic_route_exchange')
    assert cni_changes(current, dict(bgp_mode='advertise_only')) == dict(bgp_mode='advertise_only')
    assert cni_changes(current, dict(bgp_mode='dynamic_route_exchange')) == {}
    assert cni_changes(api_cni(1), dict(bgp_mode='advertise_only')) == dict(bgp_mode='advertise_only')


def test_post_body_defaults_description_and_prefixes_and_never_carries_bgp_mode():
    wanted = wanted_settings(entry('n', bgp=dict(customer_asn=64600), bgp_mode='advertise_only'))
    assert post_body(wanted, 'ic-a', ACCOUNT) == dict(
        account=ACCOUNT, interconnect='ic-a', magic=dict(conduit_name='n', description='', mtu=1500),
        bgp=dict(customer_asn=64600, extra_prefixes=[]))


def test_replace_fills_documented_defaults():
    assert wanted_settings(entry('n', bgp=dict(customer_asn=1)), replace=True) == dict(
        magic=dict(conduit_name='n', description='', mtu=1500), bgp=dict(customer_asn=1, extra_prefixes=[]))


def test_conflict_message_leads_to_the_fix():
    class Exc(object):
        message = 'POST /x: HTTP 409 Conflict'
    message = conflict_message(Exc(), 'config[1].magic.conduit_name', 'dup')
    assert message.startswith("config[1].magic.conduit_name: a CNI named 'dup' already exists in the account; "
                              "conduit names are unique per account, pick another name")
    assert 'recreate' not in message and 'HTTP 409' in message


# -- planning -------------------------------------------------------------------------------------------------------

CURRENT = [api_cni(1), api_cni(2, bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24'])), api_cni(3, 'ic-b')]
NAMES = set(['ic-a', 'ic-b'])


def test_merged_creates_the_missing_updates_what_is_set_and_leaves_the_rest():
    config = [entry('link-1', mtu=None, description='new text'), entry('link-2', mtu=1500), entry('new', 'ic-b')]
    the_plan = plan(config, CURRENT, 'merged', ACCOUNT, NAMES)
    assert the_plan.problems == []
    assert actions(the_plan) == [('link-1', 'update'), ('link-2', 'none'), ('new', 'create')]
    assert the_plan.items[0]['body']['magic'] == dict(conduit_name='link-1', description='new text', mtu=1500)
    assert the_plan.items[2]['body']['interconnect'] == 'ic-b'


def test_merged_does_not_modify_the_cnis_it_read():
    before = copy.deepcopy(CURRENT)
    plan([entry('link-1', mtu=9000), entry('link-2', bgp=dict(extra_prefixes=[]))], CURRENT, 'merged', ACCOUNT, NAMES)
    assert CURRENT == before


def test_replaced_sets_unset_fields_to_their_defaults():
    config = [entry('link-1', description=None), entry('link-2', description='link 2',
                                                       bgp=dict(customer_asn=64600))]
    the_plan = plan(config, CURRENT, 'replaced', ACCOUNT, NAMES)
    assert actions(the_plan) == [('link-1', 'update'), ('link-2', 'update')]
    assert the_plan.items[0]['changes'] == dict(magic=dict(description=''))
    assert the_plan.items[1]['changes'] == dict(bgp=dict(extra_prefixes=[]))


def test_replaced_refuses_to_pretend_it_removes_bgp():
    the_plan = plan([entry('link-2', description='link 2')], CURRENT, 'replaced', ACCOUNT, NAMES)
    assert [p for p, _rule in the_plan.problems] == ['config[0].bgp']
    assert 'no documented way to remove BGP' in the_plan.problems[0][1]


def test_merged_with_empty_bgp_warns_and_changes_nothing():
    the_plan = plan([entry('link-2', mtu=None, bgp=dict())], CURRENT, 'merged', ACCOUNT, NAMES)
    assert actions(the_plan) == [('link-2', 'none')]
    assert 'does not remove BGP' in the_plan.warnings[0]


def test_overridden_deletes_the_unlisted_within_scope_and_never_on_deferred_interconnects():
    config = [entry('link-1', description='link 1')]
    assert actions(plan(config, CURRENT, 'overridden', ACCOUNT, NAMES)) == [
        ('link-1', 'none'), ('link-2', 'delete'), ('link-3', 'delete')]
    assert actions(plan(config, CURRENT, 'overridden', ACCOUNT, NAMES, scope=['ic-b'])) == [
        ('link-1', 'none'), ('link-3', 'delete')]
    assert actions(plan(config, CURRENT, 'overridden', ACCOUNT, NAMES, deferred=['ic-a'])) == [
        ('link-1', 'deferred'), ('link-3', 'delete')]


def test_deferred_entries_are_checked_but_not_written_and_need_no_interconnect():
    config = [entry('later', 'ic-new', bgp=dict(customer_asn=13335))]
    the_plan = plan(config, CURRENT, 'merged', ACCOUNT, NAMES, default_asn=13335, deferred=['ic-new'])
    assert actions(the_plan) == [('later', 'deferred')]
    assert [p for p, _rule in the_plan.problems] == ['config[0].bgp.customer_asn']
    assert plan([entry('later', 'ic-new')], CURRENT, 'merged', ACCOUNT, NAMES, deferred=['ic-new']).problems == []


def test_deleted_deletes_the_listed_and_with_delete_all_everything_in_scope():
    assert actions(plan([entry('link-1', None, None), entry('gone', None, None)], CURRENT, 'deleted', ACCOUNT)) == [
        ('link-1', 'delete'), ('gone', 'none')]
    assert actions(plan([], CURRENT, 'deleted', ACCOUNT)) == []
    assert actions(plan([], CURRENT, 'deleted', ACCOUNT, delete_all=True, scope=['ic-a'])) == [
        ('link-1', 'delete'), ('link-2', 'delete')]


def test_deleted_with_another_interconnect_deletes_nothing():
    the_plan = plan([entry('link-1', 'ic-b', None)], CURRENT, 'deleted', ACCOUNT)
    assert [p for p, _rule in the_plan.problems] == ['config[0].interconnect']


@pytest.mark.parametrize('config, path, words', [
    ([entry('x', 'ic-typo')], 'config[0].interconnect', "no interconnect named 'ic-typo'"),
    ([entry('link-1', 'ic-b')], 'config[0].interconnect', 'cannot move'),
    ([entry('link-1', account='other')], 'config[0].account', 'never moves to another account'),
    ([entry('new', None)], 'config[0].interconnect', 'required to create'),
    ([entry('new', mtu=None)], 'config[0].magic.mtu', 'required to create'),
    ([entry('new', bgp=dict(extra_prefixes=[]))], 'config[0].bgp.customer_asn', 'required to create'),
    ([entry('link-1', mtu=None, bgp=dict(extra_prefixes=[]))], 'config[0].bgp.customer_asn', 'required to add BGP'),
    ([entry('ok'), entry('n', bgp=dict(customer_asn=13335))], 'config[1].bgp.customer_asn', 'default_asn 13335'),
])
def test_plan_problems_name_the_entry(config, path, words):
    the_plan = plan(config, CURRENT, 'merged', ACCOUNT, NAMES, default_asn=13335)
    assert [p for p, _rule in the_plan.problems] == [path]
    assert words in the_plan.problems[0][1]


def test_a_new_cni_whose_name_is_taken_elsewhere_is_not_advised_to_recreate():
    the_plan = plan([entry('link-3', 'ic-a')], CURRENT, 'merged', ACCOUNT, NAMES)
    rule = the_plan.problems[0][1]
    assert 'conduit names are unique per account, so a new CNI needs another name' in rule
    assert 'recreate' not in rule


def test_two_cnis_with_one_name_are_a_problem_not_a_guess():
    twins = [api_cni(1, name='twin'), api_cni(2, 'ic-b', name='twin')]
    the_plan = plan([entry('twin')], twins, 'merged', ACCOUNT, NAMES)
    assert 'id-1, id-2' in the_plan.problems[0][1]


def test_gathered_feeds_merged_and_replaced_without_a_change():
    cnis = CURRENT + [api_cni(4, bgp=dict(customer_asn=64601, extra_prefixes=[], md5_key='secret'),
                              bgp_mode='advertise_only')]
    gathered = gather(cnis, ACCOUNT)
    assert 'secret' not in repr(gathered)
    assert gathered[3] == dict(interconnect='ic-a', magic=dict(conduit_name='link-4', description='link 4', mtu=1500),
                               bgp=dict(customer_asn=64601, extra_prefixes=[]), bgp_mode='advertise_only')
    full = [entry(e['magic']['conduit_name'], e['interconnect'], e['magic']['mtu'], e['magic']['description'],
                  e.get('bgp'), e.get('bgp_mode')) for e in gathered]
    for state in ('merged', 'replaced', 'overridden'):
        the_plan = plan(full, cnis, state, ACCOUNT, NAMES, default_asn=13335)
        assert the_plan.problems == [] and the_plan.writes() == [], state
    assert [e['magic']['conduit_name'] for e in gather(cnis, ACCOUNT, scope=['ic-b'])] == ['link-3']


def test_after_list_applies_updates_deletes_and_creates():
    the_plan = plan([entry('link-1', mtu=1476), entry('new')], CURRENT, 'overridden', ACCOUNT, NAMES)
    outcomes = [(item, item.get('predicted')) for item in the_plan.writes()]
    after = after_list(CURRENT, outcomes)
    assert [(c['magic']['conduit_name'], c['magic']['mtu']) for c in after] == [('link-1', 1476), ('new', 1500)]


def test_overridden_with_an_empty_config_is_refused_unless_delete_all():
    assert [p[0] for p in config_problems([], 'overridden')] == ['config']
    assert config_problems([], 'overridden', delete_all=True) == []
    assert actions(plan([], CURRENT, 'overridden', ACCOUNT, delete_all=True, scope=['ic-a'])) == actions(
        plan([], CURRENT, 'deleted', ACCOUNT, delete_all=True, scope=['ic-a']))
