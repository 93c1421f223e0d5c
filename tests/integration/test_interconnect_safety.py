# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.interconnect and the base class: never two objects, never a bad input sent, messages that lead to
the fix, check mode that tells the truth. Real ansible-playbook runs against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fcntl
import os
import sys
import uuid

from estate import cni, direct, slot
from harness import ACCOUNT, COLLECTIONS, TOKEN, run_playbook

GCP_KEY = '2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/1'


def interconnect(task_name='interconnect', **options):
    return dict(name=task_name, ignore_errors=True, **{'cloudflare.cni.interconnect': options})


def module_utils_base():
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    from ansible_collections.cloudflare.cni.plugins.module_utils import _base  # pylint: disable=import-outside-toplevel
    return _base


def gcp_fixture(name='gcp-europe-west4-1', **fields):
    doc = dict(type='gcp_partner', name=name, account=ACCOUNT, region='europe-west4',
               virtual_port_reservation_id='vpr-0001', status=dict(state='Healthy'))
    doc.update(fields)
    return doc


def test_a_create_that_outlives_timeout_is_not_sent_again(sim):
    # The API takes 6 s to answer the create; the task gives up on the answer after 2 s.
    sim.fault('slow', method='POST', path='/interconnects$', seconds=6)
    run = run_playbook(sim, [interconnect(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G', timeout=2)])
    result = run.result()
    assert result.get('failed') is not True, result.get('msg')
    state = sim.state()['interconnects']
    assert len(state) == 1, [i['name'] for i in state]
    assert result['changed'] is True and result['interconnect']['name'] == state[0]['name']
    assert [r['method'] for r in sim.requests() if r['path'].endswith('/interconnects')].count('POST') == 1
    assert any('was lost' in w for w in result['warnings'])
    again = run_playbook(sim, [interconnect(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')])
    assert again.result()['changed'] is False, again.result().get('msg')


def test_a_gcp_answer_without_speed_is_unknown_not_a_different_bandwidth(sim):
    sim.reset(dict(interconnects=[gcp_fixture()]))  # the API's speed is optional for gcp_partner
    run = run_playbook(sim, [
        interconnect('by name', name='gcp-europe-west4-1', type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G'),
        interconnect('by match', type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G'),
    ], diff=True)
    for task in ('by name', 'by match'):
        result = run.result(task)
        assert result.get('failed') is not True, result.get('msg')
        assert result['changed'] is False
        assert result['interconnect']['name'] == 'gcp-europe-west4-1'
    assert sim.writes() == []


def test_fields_of_the_api_today_are_returned_and_never_compared(sim):
    slots = [dict(slot(0, occupied=True), ccr_device_name='ccr01.ams01')]
    icon = dict(direct('cni-ams01-1', slots[0]), virtual_port_reservation_id='vpr-1', ccr_device_name='ccr01.ams01')
    sim.reset(dict(slots=slots, interconnects=[icon, gcp_fixture(speed='1G')]))
    run = run_playbook(sim, [
        interconnect('direct', type='direct', slot_id=slots[0]['id'], speed='10G'),
        interconnect('gcp', name='gcp-europe-west4-1', type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G'),
        dict(name='info', **{'cloudflare.cni.interconnect_info': {}}),
        dict(name='slots', **{'cloudflare.cni.slot_info': dict(id=slots[0]['id'])}),
    ])
    assert run.result('direct')['changed'] is False
    assert run.result('direct')['interconnect']['virtual_port_reservation_id'] == 'vpr-1'
    assert run.result('direct')['interconnect']['ccr_device_name'] == 'ccr01.ams01'
    assert run.result('gcp')['changed'] is False
    assert run.result('gcp')['interconnect']['virtual_port_reservation_id'] == 'vpr-0001'
    reservations = sorted(i['virtual_port_reservation_id'] for i in run.result('info')['interconnects'])
    assert reservations == ['vpr-0001', 'vpr-1']
    assert run.result('slots')['slots'][0]['ccr_device_name'] == 'ccr01.ams01'
    assert sim.writes() == []


BAD_PAIRING_KEYS = [
    'not-a-key',
    GCP_KEY.rsplit('/', 1)[0],  # no zone
    GCP_KEY[:-1] + '7',  # zone 7
    GCP_KEY[:-1] + '12',
    'zz' + GCP_KEY[2:],  # not a UUID
    GCP_KEY.replace('europe-west4', 'Europe West4'),
]


def test_a_malformed_pairing_key_fails_before_any_request_even_in_check_mode(sim):
    sim.reset(dict(interconnects=[gcp_fixture(speed='1G')]))  # a loose match would find this one
    for check in (True, False):
        run = run_playbook(sim, [interconnect('bad key %d' % index, type='gcp_partner', pairing_key=key, bandwidth='1G')
                                 for index, key in enumerate(BAD_PAIRING_KEYS)], check=check, verbosity=3)
        results = run.results()
        assert len(results) == len(BAD_PAIRING_KEYS)
        for key, (_task, result) in zip(BAD_PAIRING_KEYS, results):
            assert result['failed'] is True, key
            assert result['msg'].startswith('pairing_key: must be the key Google Cloud gave'), result['msg']
            assert result['failure']['option'] == 'pairing_key'
        for key in BAD_PAIRING_KEYS:
            assert key not in run.output
    assert sim.requests() == []


def test_booleans_are_not_integers_and_names_are_checked_before_any_request(sim):
    slot_id = str(uuid.uuid4())
    cases = [
        ('wait_timeout', dict(type='direct', slot_id=slot_id, wait=True, wait_timeout=True)),
        ('name', dict(name='cni-\x00ams01-1', state='absent')),
        ('name', dict(name='x' * 256, state='absent')),
        ('name', dict(name='cni-ams01-1\n', state='absent')),
        ('exclude_names', dict(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G', exclude_names=['a\x00'])),
        ('account', dict(type='direct', slot_id=slot_id, account='a' * 200000)),
    ]
    tasks = [interconnect(option, **options) for option, options in cases]
    tasks.append(dict(name='default_asn', ignore_errors=True, **{'cloudflare.cni.settings': dict(default_asn=True)}))
    run = run_playbook(sim, tasks)
    results = run.results()
    for (option, _options), (_task, result) in zip(cases + [('default_asn', None)], results):
        assert result['failed'] is True, (option, result)
        assert result['msg'].startswith(option + ':'), (option, result['msg'])
    assert 'Traceback' not in run.output
    assert sim.requests() == []


def test_a_missing_account_names_the_variable_and_a_port_out_of_range_says_so(sim):
    run = run_playbook(sim, [interconnect(name='cni-ams01-1', state='absent')], credentials=False,
                       env=dict(CLOUDFLARE_API_TOKEN=TOKEN))
    assert run.result()['msg'].startswith('account_id: set account_id (or CLOUDFLARE_ACCOUNT_ID)')
    run = run_playbook(sim, [interconnect(name='cni-ams01-1', state='absent')],
                       env=dict(CLOUDFLARE_BASE_URL='http://127.0.0.1:99999/client/v4'))
    assert run.result()['msg'] == 'base_url: the port 99999 is out of range: a port is a number from 1 to 65535'
    assert sim.requests() == []


def test_speed_is_checked_against_the_slot_case_insensitively_before_any_talk_of_recreating(sim):
    slots = [slot(0, occupied=True), slot(1)]
    sim.reset(dict(slots=slots, interconnects=[direct('ic-a', slots[0])]))
    run = run_playbook(sim, [
        interconnect('lower case', type='direct', slot_id=slots[0]['id'], speed='10g'),
        interconnect('by name', name='ic-a', speed='10g'),
        interconnect('wrong speed', name='ic-a', type='direct', slot_id=slots[0]['id'], speed='100G'),
        interconnect('wrong speed in lower case', name='ic-a', speed='100g', recreate=True, remove_cnis=True),
        interconnect('create in lower case', type='direct', slot_id=slots[1]['id'], speed='10g'),
    ])
    assert run.result('lower case')['changed'] is False, run.result('lower case').get('msg')
    assert run.result('by name')['changed'] is False, run.result('by name').get('msg')
    for task in ('wrong speed', 'wrong speed in lower case'):
        msg = run.result(task)['msg']
        assert msg.startswith('speed: slot %s supports 10G, not 100' % slots[0]['id']), msg
        assert 'recreate' not in msg and 'remove_cnis' not in msg
    created = run.result('create in lower case')
    assert created['changed'] is True, created.get('msg')
    assert [w['body'] for w in sim.writes()] == [dict(account=ACCOUNT, type='direct', slot_id=slots[1]['id'],
                                                      speed='10G')]


def test_with_name_an_existing_interconnect_needs_no_pairing_key_nor_slot_id(sim):
    slots = [slot(0, occupied=True)]
    sim.reset(dict(slots=slots, interconnects=[direct('ic-a', slots[0]), gcp_fixture(speed='1G')]))
    run = run_playbook(sim, [
        interconnect('gcp', name='gcp-europe-west4-1', type='gcp_partner', bandwidth='1G'),
        interconnect('gcp without bandwidth', name='gcp-europe-west4-1', type='gcp_partner'),
        interconnect('direct', name='ic-a', type='direct'),
        interconnect('gcp recreate needs the key', name='gcp-europe-west4-1', type='gcp_partner', bandwidth='2G',
                     recreate=True),
    ])
    for task in ('gcp', 'gcp without bandwidth', 'direct'):
        assert run.result(task).get('failed') is not True, run.result(task).get('msg')
        assert run.result(task)['changed'] is False
    assert run.result('gcp recreate needs the key')['msg'].startswith('pairing_key: required to recreate')
    assert sim.writes() == []


def cnis_on_ic_a():
    slots = [slot(0, occupied=True)]
    return dict(slots=slots, interconnects=[direct('ic-a', slots[0])],
                cnis=[cni(1, 'ic-a', name='ams-core-1'), cni(2, 'ic-a', name='ams-core-2')])


def test_delete_with_remove_cnis_lists_the_cnis_in_check_mode_diff_and_warning(sim):
    fixtures = cnis_on_ic_a()
    sim.reset(fixtures)
    expected = [dict(id=c['id'], conduit_name=c['magic']['conduit_name']) for c in fixtures['cnis']]
    run = run_playbook(sim, [interconnect(name='ic-a', state='absent', remove_cnis=True)], check=True, diff=True)
    result = run.result()
    assert result['changed'] is True
    assert result['diff']['before']['cnis'] == expected
    assert result['diff']['before']['name'] == 'ic-a' and result['diff']['after'] == {}
    warning = [w for w in result['warnings'] if 'would delete its 2 CNI(s)' in w]
    assert warning, result['warnings']
    for item in expected:
        assert '%s (%s)' % (item['id'], item['conduit_name']) in warning[0]
    assert sim.writes() == []
    run = run_playbook(sim, [interconnect(name='ic-a', state='absent', remove_cnis=True)], diff=True)
    assert run.result()['diff']['before']['cnis'] == expected
    assert any('deletes its 2 CNI(s)' in w for w in run.result()['warnings'])
    assert sim.state()['cnis'] == [] and sim.state()['interconnects'] == []


def hold_the_account_lock(sim):
    path = module_utils_base().lock_path(sim.url, ACCOUNT)
    handle = open(path, 'a+')
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def test_a_writing_module_waits_for_the_account_lock_and_check_mode_does_not_take_it(sim):
    slots = [slot(0)]
    sim.reset(dict(slots=slots))
    handle = hold_the_account_lock(sim)
    try:
        tasks = [interconnect('create', type='direct', slot_id=slots[0]['id']),
                 dict(name='settings', ignore_errors=True, **{'cloudflare.cni.settings': dict(default_asn=64512)}),
                 dict(name='read', **{'cloudflare.cni.slot_info': {}})]
        checked = run_playbook(sim, tasks, check=True)
        assert checked.result('create')['changed'] is True, checked.result('create').get('msg')
        assert checked.result('settings')['changed'] is True
        run = run_playbook(sim, tasks, env=dict(CLOUDFLARE_CNI_LOCK_TIMEOUT='1'))
        for task in ('create', 'settings'):
            msg = run.result(task)['msg']
            assert msg.startswith('another run is changing account %s through 127.0.0.1' % ACCOUNT), msg
            assert 'process %d' % os.getpid() in msg and 'concurrent jobs' in msg
            assert 'CLOUDFLARE_CNI_LOCK_TIMEOUT' in msg
        assert run.result('read').get('failed') is not True  # reads never wait
    finally:
        handle.close()
    assert sim.writes() == []
    run = run_playbook(sim, tasks)
    assert run.result('create')['changed'] is True and run.result('settings')['changed'] is True
