# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.cnis, the resource module for a set of CNIs, run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re
import threading
import time

import pytest

from estate import cni, two_interconnects
from harness import ACCOUNT, run_adhoc, run_playbook

MD5_SENTINEL = 'MD5-SENTINEL-9c2e'


def cnis_task(config=None, **options):
    if config is not None:
        options['config'] = config
    return dict(name='cnis', **{'cloudflare.cni.cnis': options})


def entry(name, interconnect='ic-a', mtu=1500, description=None, bgp=None, **extra):
    magic = dict(conduit_name=name)
    if mtu is not None:
        magic['mtu'] = mtu
    if description is not None:
        magic['description'] = description
    doc = dict(magic=magic, **extra)
    if interconnect is not None:
        doc['interconnect'] = interconnect
    if bgp is not None:
        doc['bgp'] = bgp
    return doc


def state_of(sim):
    return dict((c['magic']['conduit_name'], c) for c in sim.state()['cnis'])


def actions(run):
    return [(a['conduit_name'], a['action']) for a in run.result()['actions']]


def methods(sim):
    return sorted(w['method'] for w in sim.writes())


@pytest.fixture
def estate(sim):
    sim.reset(two_interconnects([cni(1, 'ic-a'), cni(2, 'ic-a', bgp=dict(customer_asn=64700, extra_prefixes=[])),
                                 cni(3, 'ic-b')]))
    return sim


# -- input --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('config, options, words', [
    ([entry('a'), entry('b', bgp=dict(customer_asn=64600, extra_prefixes=['10.1.2.3/8']))], {},
     'config[1].bgp.extra_prefixes[0]: \'10.1.2.3/8\' has host bits set; did you mean 10.0.0.0/8?'),
    ([entry('a'), entry('b', bgp=dict(customer_asn=True))], {}, 'config[1].bgp.customer_asn: must be an integer, not'),
    ([entry('a', bgp=dict(customer_asn=2147483648))], {}, 'config[0].bgp.customer_asn: must be an integer from 1'),
    ([entry('a', mtu=-1)], {}, 'config[0].magic.mtu: must be an integer from 0'),
    ([entry('a'), entry('b'), entry('c', bgp=dict(customer_asn=64600, md5_key='k' * 81))], {},
     'config[2].bgp.md5_key: must be at most 80 characters'),
    ([entry('a', bgp=dict(customer_asn=64600, md5_key='why?'))], {}, 'config[0].bgp.md5_key: must not contain'),
    ([entry('a'), entry('a')], {}, "config[1].magic.conduit_name: 'a' is also config[0]"),
    ([entry('a', interconnect='')], {}, 'config[0].interconnect: must not be empty'),
    ([dict(interconnect='ic-a', magic=dict(mtu=1500))], {}, 'config[0].magic.conduit_name: required'),
    ([entry('a' * 256)], {}, 'config[0].magic.conduit_name: must be at most 255 characters'),
    ([entry('a', mtu=None)], dict(state='replaced'), 'config[0].magic.mtu: required with state replaced'),
    ([entry('a')], dict(state='deleted', delete_all=True), 'delete_all: deletes every CNI'),
    ([], dict(parallel=0), 'parallel: must be an integer from 1 to 16'),
    ([], dict(state='overridden'), 'config: is empty: state overridden would delete every CNI'),
    ([], dict(state='overridden', interconnects=['ic-a']), 'config: is empty: state overridden would delete'),
    ([entry('a')], dict(state='merged', delete_all=True), 'delete_all: only applies to states deleted and overridden'),
])
def test_bad_input_fails_before_any_request_naming_the_entry(estate, config, options, words):
    run = run_playbook(estate, [cnis_task(config, **options)])
    result = run.result()
    assert result['failed'] is True
    assert words in result['msg'], result['msg']
    assert 'Traceback' not in run.output
    assert estate.requests() == []


def test_every_problem_is_named_at_once(estate):
    config = [entry('a', mtu=True), entry('b', bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.1/24']))]
    result = run_playbook(estate, [cnis_task(config)]).result()
    assert [p['option'] for p in result['failure']['problems']] == ['config[0].magic.mtu',
                                                                    'config[1].bgp.extra_prefixes[0]']


@pytest.mark.parametrize('check', [True, False])
def test_problems_that_need_reads_fail_before_any_write_in_check_mode_too(estate, check):
    config = [entry('fine', 'ic-b'), entry('typo', 'ic-typo'), entry('asn', bgp=dict(customer_asn=13335)),
              entry('link-003', 'ic-a', mtu=None)]
    run = run_playbook(estate, [cnis_task(config)], check=check)
    result = run.result()
    assert result['failed'] is True
    msg = result['msg']
    assert "config[1].interconnect: no interconnect named 'ic-typo' in the account (it has ic-a, ic-b)" in msg
    assert "config[2].bgp.customer_asn: must differ from the account's Cloudflare ASN (default_asn 13335)" in msg
    assert 'config[3].interconnect: CNI %s (link-003) is on interconnect ic-b, not ic-a' % cni(3, '')['id'] in msg
    assert 'recreate' not in msg
    assert estate.writes() == []


# -- states -------------------------------------------------------------------------------------------------------

def test_merged_cycle_check_create_again_update(estate):
    config = [entry('link-001', mtu=None, description='edited'), entry('new-1', 'ic-b', description='one'),
              entry('new-2', bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24']))]

    run = run_playbook(estate, [cnis_task(config)], check=True)
    assert run.result()['changed'] is True
    assert actions(run) == [('link-001', 'update'), ('new-1', 'create'), ('new-2', 'create')]
    assert [c['magic']['conduit_name'] for c in run.result()['after']] == [
        'link-001', 'link-002', 'link-003', 'new-1', 'new-2']
    assert estate.writes() == []

    run = run_playbook(estate, [cnis_task(config)])
    assert run.result()['changed'] is True
    assert methods(estate) == ['POST', 'POST', 'PUT']
    now = state_of(estate)
    assert now['link-001']['magic'] == dict(conduit_name='link-001', description='edited', mtu=1500)
    assert now['new-1']['interconnect'] == 'ic-b' and now['new-1']['magic']['description'] == 'one'
    assert now['new-2']['bgp'] == dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24'])
    assert [a['id'] for a in run.result()['actions']] == [now[n]['id'] for n in ('link-001', 'new-1', 'new-2')]
    assert run.result()['after'] == sorted(estate.state()['cnis'], key=lambda c: c['magic']['conduit_name'])

    estate.clear_log()
    run = run_playbook(estate, [cnis_task(config)])
    assert run.result()['changed'] is False
    assert actions(run) == [('link-001', 'none'), ('new-1', 'none'), ('new-2', 'none')]
    assert estate.writes() == []


def test_replaced_sets_exactly_the_given_settings(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', bgp=dict(customer_asn=64700, extra_prefixes=['192.0.2.0/24']))]))
    config = [entry('link-001', mtu=1476, bgp=dict(customer_asn=64701))]
    run = run_playbook(estate, [cnis_task(config, state='replaced')], diff=True)
    assert actions(run) == [('link-001', 'update')]
    assert state_of(estate)['link-001']['magic'] == dict(conduit_name='link-001', description='', mtu=1476)
    assert state_of(estate)['link-001']['bgp'] == dict(customer_asn=64701, extra_prefixes=[])
    assert run.result()['diff'] == [dict(
        before_header='link-001', after_header='link-001 (update)',
        before=dict(magic=dict(description='link 1', mtu=1500),
                    bgp=dict(customer_asn=64700, extra_prefixes=['192.0.2.0/24'])),
        after=dict(magic=dict(description='', mtu=1476), bgp=dict(customer_asn=64701, extra_prefixes=[])))]
    estate.clear_log()
    assert run_playbook(estate, [cnis_task(config, state='replaced')]).result()['changed'] is False
    assert estate.writes() == []


def test_replaced_without_bgp_on_a_cni_with_bgp_fails_clearly(estate):
    run = run_playbook(estate, [cnis_task([entry('link-002')], state='replaced')])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith('config[0].bgp: CNI %s (link-002) has BGP and the entry has none, but the '
                                          'API has no documented way to remove BGP' % cni(2, '')['id'])
    assert estate.writes() == []


def test_overridden_deletes_what_is_not_listed(estate):
    config = [entry('link-001', description='link 1'), entry('new', 'ic-b', description='')]
    run = run_playbook(estate, [cnis_task(config, state='overridden')], check=True)
    assert actions(run) == [('link-001', 'none'), ('new', 'create'), ('link-002', 'delete'), ('link-003', 'delete')]
    assert estate.writes() == []
    run = run_playbook(estate, [cnis_task(config, state='overridden')])
    assert sorted(state_of(estate)) == ['link-001', 'new']
    assert methods(estate) == ['DELETE', 'DELETE', 'POST']
    estate.clear_log()
    run = run_playbook(estate, [cnis_task(config, state='overridden')])
    assert run.result()['changed'] is False and estate.writes() == []


def test_overridden_limited_to_interconnects_deletes_only_there(estate):
    run = run_playbook(estate, [cnis_task([entry('link-001', description='link 1')], state='overridden',
                                          interconnects=['ic-b'])])
    assert actions(run) == [('link-001', 'none'), ('link-003', 'delete')]
    assert sorted(state_of(estate)) == ['link-001', 'link-002']


def test_deferred_interconnects_are_reported_not_written_and_never_pruned(estate):
    config = [entry('link-001', mtu=9000), entry('later', 'ic-not-yet'), entry('new', 'ic-b', description='')]
    run = run_playbook(estate, [cnis_task(config, state='overridden', deferred_interconnects=['ic-a', 'ic-not-yet'])])
    assert actions(run) == [('link-001', 'deferred'), ('later', 'deferred'), ('new', 'create'),
                            ('link-003', 'delete')]
    assert sorted(state_of(estate)) == ['link-001', 'link-002', 'new']
    assert state_of(estate)['link-001']['magic']['mtu'] == 1500


def test_deleted_deletes_the_listed_and_nothing_else(estate):
    config = [dict(magic=dict(conduit_name='link-001')), dict(magic=dict(conduit_name='never-was'))]
    run = run_playbook(estate, [cnis_task(config, state='deleted')], check=True, diff=True)
    assert actions(run) == [('link-001', 'delete'), ('never-was', 'none')]
    assert run.result()['diff'][0]['after'] == {} and run.result()['diff'][0]['before']['id'] == cni(1, '')['id']
    assert estate.writes() == []
    run = run_playbook(estate, [cnis_task(config, state='deleted')])
    assert run.result()['changed'] is True
    assert sorted(state_of(estate)) == ['link-002', 'link-003']
    estate.clear_log()
    assert run_playbook(estate, [cnis_task(config, state='deleted')]).result()['changed'] is False
    assert estate.writes() == []


def test_overridden_without_config_fails_ad_hoc_and_deletes_only_with_delete_all(estate):
    run = run_adhoc(estate, 'cloudflare.cni.cnis', 'state=overridden')
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "config: is empty: state overridden would delete every CNI" in output
    assert 'Traceback' not in output
    assert estate.requests() == [] and len(state_of(estate)) == 3
    run = run_playbook(estate, [cnis_task(state='overridden', delete_all=True, interconnects=['ic-b'])])
    assert actions(run) == [('link-003', 'delete')]
    assert sorted(state_of(estate)) == ['link-001', 'link-002']


def test_deleted_with_an_empty_config_deletes_nothing_unless_delete_all(estate):
    run = run_playbook(estate, [cnis_task([], state='deleted')])
    assert run.result()['changed'] is False and len(state_of(estate)) == 3
    run = run_playbook(estate, [cnis_task(state='deleted', delete_all=True, interconnects=['ic-a'])])
    assert sorted(state_of(estate)) == ['link-003']
    run = run_playbook(estate, [cnis_task(state='deleted', delete_all=True)])
    assert state_of(estate) == {}
    assert actions(run) == [('link-003', 'delete')]


def test_gathered_fed_back_to_merged_and_overridden_changes_nothing(estate):
    tasks = [dict(cnis_task(state='gathered'), register='gathered_cnis'),
             dict(name='merged', **{'cloudflare.cni.cnis': dict(config='{{ gathered_cnis.gathered }}')}),
             dict(name='overridden', **{'cloudflare.cni.cnis': dict(config='{{ gathered_cnis.gathered }}',
                                                                    state='overridden')})]
    estate.clear_log()
    run = run_playbook(estate, tasks)
    gathered = run.result('cnis')['gathered']
    assert [g['magic']['conduit_name'] for g in gathered] == ['link-001', 'link-002', 'link-003']
    assert gathered[1]['bgp'] == dict(customer_asn=64700, extra_prefixes=[])
    assert run.result('merged')['changed'] is False and run.result('overridden')['changed'] is False
    assert estate.writes() == []


# -- diff, secrets ------------------------------------------------------------------------------------------------

def test_diff_is_one_readable_block_per_changed_cni(estate):
    config = [entry('link-001', mtu=1476), entry('link-002', mtu=None), entry('fresh', 'ic-b', description='x')]
    run = run_playbook(estate, [cnis_task(config)], diff=True, callback='default', check=True)
    assert run.rc == 0, run.output
    assert '--- before: link-001\n+++ after: link-001 (update)' in run.stdout
    assert '-        "mtu": 1500' in run.stdout and '+        "mtu": 1476' in run.stdout
    assert '+++ after: fresh (create)' in run.stdout
    assert 'link-002' not in run.stdout
    assert '"description"' not in run.stdout.split('+++ after: fresh (create)')[0]


def test_md5_sentinel_never_appears_in_output(estate):
    config = [entry('keyed', bgp=dict(customer_asn=64600, md5_key=MD5_SENTINEL))]
    run = run_playbook(estate, [cnis_task(config)], verbosity=3, callback='default', diff=True)
    assert run.rc == 0, run.output
    assert MD5_SENTINEL not in run.output
    assert state_of(estate)['keyed']['bgp']['md5_key'] == MD5_SENTINEL
    config = [entry('keyed', mtu=None, bgp=dict(md5_key=MD5_SENTINEL + '-2'))]
    run = run_playbook(estate, [cnis_task(config)], diff=True)
    assert run.result()['diff'][0]['after'] == dict(bgp=dict(md5_key='******** (changed)'))
    assert run.result()['after'][-1]['bgp']['md5_key'] == '********'
    assert MD5_SENTINEL not in run.output
    run = run_playbook(estate, [cnis_task(state='gathered')], verbosity=3)
    assert MD5_SENTINEL not in run.output


def keyed_estate(sim):
    """The estate plus a CNI whose MD5 key is only in the API: no task ever passes it, so no_log cannot hide it."""
    sim.reset(two_interconnects([cni(1, 'ic-a'), cni(2, 'ic-a', bgp=dict(customer_asn=64700, extra_prefixes=[])),
                                 cni(3, 'ic-b'),
                                 cni(4, 'ic-a', name='keyed', bgp=dict(customer_asn=64600, md5_key=MD5_SENTINEL))]))
    assert state_of(sim)['keyed']['bgp']['md5_key'] == MD5_SENTINEL
    return sim


@pytest.mark.parametrize('state, config, changed', [
    ('gathered', None, False),
    ('merged', [entry('keyed', mtu=1476)], True),
    ('overridden', [entry('link-001', description='link 1'),
                    entry('link-002', description='link 2', bgp=dict(customer_asn=64700)),
                    entry('link-003', 'ic-b', description='link 3')], True),
    ('deleted', [dict(magic=dict(conduit_name='keyed'))], True),
])
def test_an_md5_key_only_the_api_knows_never_appears_in_output(sim, state, config, changed):
    """The key comes from the API's answers (a read, the PUT that carries it back, a deleted CNI's diff), never
    from a module parameter: only the module's own redaction keeps it out of the output."""
    for check in (True, False):
        keyed_estate(sim)
        run = run_playbook(sim, [cnis_task(config, state=state)], check=check, diff=True, verbosity=3,
                           callback='default')
        assert run.rc == 0, run.output
        assert MD5_SENTINEL not in run.output, '%s%s shows the MD5 key' % (state, ' (check)' if check else '')
        assert ('changed=1' in run.output) is changed, run.output
    if state == 'gathered':
        assert 'keyed' in run.output
    elif state == 'merged':
        assert state_of(sim)['keyed']['magic']['mtu'] == 1476
        assert state_of(sim)['keyed']['bgp']['md5_key'] == MD5_SENTINEL
    else:
        assert 'keyed' not in state_of(sim)


# -- failures -----------------------------------------------------------------------------------------------------

def test_a_failed_write_does_not_stop_the_others_and_a_rerun_converges(estate):
    estate.fault('html', method='PUT', path='/cnis/%s$' % cni(2, '')['id'], count=1)
    estate.fault('html', method='DELETE', path='/cnis/%s$' % cni(3, '')['id'], count=1)
    config = [entry('link-001', mtu=1476), entry('link-002', mtu=1476, bgp=dict(customer_asn=64700)),
              entry('new', 'ic-b', description='')]
    run = run_playbook(estate, [cnis_task(config, state='overridden', parallel=2)])
    result = run.result()
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('2 of 4 writes failed; the others were made')
    assert 'config[1] update link-002 (%s): PUT ' % cni(2, '')['id'] in result['msg']
    assert 'delete link-003 (%s): DELETE ' % cni(3, '')['id'] in result['msg']
    failed = dict((a['conduit_name'], a.get('failed', False)) for a in result['actions'])
    assert failed == {'link-001': False, 'link-002': True, 'new': False, 'link-003': True}
    now = state_of(estate)
    assert now['link-001']['magic']['mtu'] == 1476 and 'new' in now
    assert now['link-002']['magic']['mtu'] == 1500 and 'link-003' in now

    estate.clear_log()
    run = run_playbook(estate, [cnis_task(config, state='overridden', parallel=2)])
    assert run.result().get('failed') is not True
    assert actions(run) == [('link-001', 'none'), ('link-002', 'update'), ('new', 'none'), ('link-003', 'delete')]
    assert methods(estate) == ['DELETE', 'PUT']
    assert run_playbook(estate, [cnis_task(config, state='overridden')]).result()['changed'] is False


def test_an_ambiguous_create_makes_no_duplicate(estate):
    estate.fault('drop_after', method='POST', path='/cnis$', count=1)
    config = [entry('new-%d' % i, description='') for i in range(3)]
    run = run_playbook(estate, [cnis_task(config)])
    result = run.result()
    assert result.get('failed') is not True, result.get('msg')
    assert sorted(n for n in state_of(estate) if n.startswith('new-')) == ['new-0', 'new-1', 'new-2']
    assert len(estate.state()['cnis']) == 6
    assert len([w for w in estate.writes() if w['method'] == 'POST']) == 3
    assert any('was lost' in w for w in result['warnings'])
    assert sorted(a['id'] for a in result['actions']) == sorted(state_of(estate)[n]['id'] for n in
                                                                ('new-0', 'new-1', 'new-2'))
    assert run_playbook(estate, [cnis_task(config)]).result()['changed'] is False


# -- traffic ------------------------------------------------------------------------------------------------------

def test_a_converged_run_reads_each_list_once_and_writes_nothing(sim):
    count, interconnects = 120, ('ic-a', 'ic-b')
    bgp = dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24'])
    sim.reset(two_interconnects([cni(i, interconnects[i % 2], bgp=bgp) for i in range(count)]))
    sim.configure(page_size=50)
    config = [entry('link-%03d' % i, interconnects[i % 2], description='link %d' % i, bgp=bgp) for i in range(count)]
    run = run_playbook(sim, [cnis_task(config, state='overridden')])
    assert run.result()['changed'] is False, run.result().get('msg')
    paths = [(r['method'], r['path'].split('/cni/', 1)[1]) for r in sim.requests()]
    assert paths.count(('GET', 'cnis')) == math.ceil(count / 50.0)
    assert paths.count(('GET', 'interconnects')) == 1
    assert paths.count(('GET', 'settings')) == 1
    assert len(paths) == math.ceil(count / 50.0) + 2


# -- fields the API does not (always) return ----------------------------------------------------------------------

def test_an_md5_key_the_api_does_not_return_converges_and_rides_along_an_mtu_change(estate):
    estate.configure(omit_md5_key=True)
    try:
        config = [entry('keyed', bgp=dict(customer_asn=64600, md5_key=MD5_SENTINEL))]
        run_playbook(estate, [cnis_task(config)])
        estate.clear_log()
        run = run_playbook(estate, [cnis_task(config)])
        assert run.result()['changed'] is False and estate.writes() == []
        config[0]['magic']['mtu'] = 1476
        run = run_playbook(estate, [cnis_task(config)])
        assert [w['body']['bgp'].get('md5_key') for w in estate.writes()] == [MD5_SENTINEL]
        assert state_of(estate)['keyed']['bgp']['md5_key'] == MD5_SENTINEL
        assert MD5_SENTINEL not in run.output
    finally:
        estate.configure(omit_md5_key=False)


def test_bgp_mode_is_set_by_an_update_after_the_create_and_compared(estate):
    config = [entry('mode', bgp=dict(customer_asn=64600), bgp_mode='advertise_only'),
              entry('link-001', mtu=None, bgp_mode='advertise_only')]
    run = run_playbook(estate, [cnis_task(config)])
    assert actions(run) == [('mode', 'create'), ('link-001', 'update')]
    posts = [w for w in estate.writes() if w['method'] == 'POST']
    assert len(posts) == 1 and 'bgp_mode' not in posts[0]['body']
    assert [w['body']['bgp_mode'] for w in estate.writes() if w['method'] == 'PUT'] == ['advertise_only'] * 2
    assert state_of(estate)['mode']['bgp_mode'] == 'advertise_only'
    estate.clear_log()
    assert run_playbook(estate, [cnis_task(config)]).result()['changed'] is False
    assert estate.writes() == []
    gathered = run_playbook(estate, [cnis_task(state='gathered')]).result()['gathered']
    assert [g.get('bgp_mode') for g in gathered] == ['advertise_only', None, None, 'advertise_only']


def race_a_cni_in(sim, name, after_path):
    """While the module waits for `after_path` (made slow), create a CNI called `name` behind its back."""
    sim.fault('slow', method='GET', path=after_path, seconds=3)

    def racer():
        for _attempt in range(400):
            if any(re.search(after_path, r['path']) for r in sim.requests()):
                sim.api('POST', 'cnis', dict(account=ACCOUNT, interconnect='ic-b',
                                             magic=dict(conduit_name=name, description='', mtu=1500)))
                return
            time.sleep(0.05)

    thread = threading.Thread(target=racer)
    thread.start()
    return thread


def test_a_409_on_create_says_that_the_name_is_taken(estate):
    thread = race_a_cni_in(estate, 'race', '/interconnects$')
    run = run_playbook(estate, [cnis_task([entry('ok', description=''), entry('race', description='')])])
    thread.join()
    result = run.result()
    assert result['failed'] is True
    assert "config[1] create race (new): config[1].magic.conduit_name: a CNI named 'race' already exists in the " \
           "account; conduit names are unique per account, pick another name (POST " in result['msg']
    assert 'HTTP 409' in result['msg']
    assert 'ok' in state_of(estate)


def test_parallel_creates_keep_within_the_rate_limit(estate):
    estate.configure(rate_limit='20/5')
    try:
        config = [entry('paced-%02d' % i, ('ic-a', 'ic-b')[i % 2], description='') for i in range(40)]
        run = run_playbook(estate, [cnis_task(config, parallel=4)])
        result = run.result()
        assert result.get('failed') is not True, result.get('msg')
        assert len([n for n in state_of(estate) if n.startswith('paced-')]) == 40
        statuses = [r['status'] for r in estate.requests()]
        assert not any(a == b == 429 for a, b in zip(statuses, statuses[1:]))
        # a POST refused with 429 was not processed: every CNI was created once
        assert len([w for w in estate.writes() if w['method'] == 'POST' and w['status'] == 200]) == 40
    finally:
        estate.configure(rate_limit=None)


def test_entries_on_deferred_interconnects_are_checked_before_any_request(estate):
    config = [entry('later', 'ic-not-yet', bgp=dict(customer_asn=64600, extra_prefixes=['10.1.2.3/8']))]
    run = run_playbook(estate, [cnis_task(config, deferred_interconnects=['ic-not-yet'])], check=True)
    assert run.result()['failed'] is True
    assert "config[0].bgp.extra_prefixes[0]: '10.1.2.3/8' has host bits set; did you mean 10.0.0.0/8?" \
        in run.result()['msg']
    assert estate.requests() == []
