# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.interconnect, run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

from harness import ACCOUNT, run_playbook

GCP_KEY = '2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/1'
OTHER_GCP_KEY = '7a1c9e3d-0b2f-4e6a-8d4c-5f6e7a8b9c0d/europe-west4/2'


def interconnect(task_name='interconnect', ignore_errors=False, check_mode=None, **options):
    task = dict(name=task_name, **{'cloudflare.cni.interconnect': options})
    if ignore_errors:
        task['ignore_errors'] = True
    if check_mode is not None:
        task['check_mode'] = check_mode
    return task


def free_slots(sim, site=None):
    slots = [s for s in sim.api('GET', 'slots?limit=1000')['items'] if not s['occupied']]
    return [s for s in slots if site is None or s['site'] == site]


def writes(sim):
    return [(w['method'], w['path'].rsplit('/cni/', 1)[1]) for w in sim.writes()]


def create_direct(sim, slot):
    return sim.api('POST', 'interconnects', dict(account=ACCOUNT, type='direct', slot_id=slot['id']))


def create_gcp(sim, key=GCP_KEY, bandwidth='1G'):
    return sim.api('POST', 'interconnects', dict(account=ACCOUNT, type='gcp_partner', pairing_key=key,
                                                 bandwidth=bandwidth))


def test_bad_input_fails_before_any_request_naming_the_option(sim):
    slot_id = str(uuid.uuid4())
    cases = [
        ('slot_id', dict(type='direct', slot_id='not-a-uuid')),
        ('bandwidth', dict(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='3G')),
        ('pairing_key', dict(type='direct', slot_id=slot_id, pairing_key=GCP_KEY)),
        ('slot_id', dict(type='gcp_partner', slot_id=slot_id, pairing_key=GCP_KEY, bandwidth='1G')),
        ('slot_id', dict(type='direct')),
        ('pairing_key', dict(type='gcp_partner', bandwidth='1G')),
        ('bandwidth', dict(type='gcp_partner', pairing_key=GCP_KEY)),
        ('type', dict(slot_id=slot_id, bandwidth='1G')),
        ('type', dict(speed='10G')),
        ('name', dict(state='absent')),
        ('name', dict(state='absent', type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')),
        ('wait_timeout', dict(type='direct', slot_id=slot_id, wait=True, wait_timeout=-1)),
        ('wait_sleep', dict(type='direct', slot_id=slot_id, wait=True, wait_sleep=0)),
        ('wait_sleep', dict(type='direct', slot_id=slot_id, wait=True, wait_sleep='nan')),
    ]
    run = run_playbook(sim, [interconnect(option, ignore_errors=True, **options) for option, options in cases])
    results = run.results()
    assert len(results) == len(cases)
    for (option, options), (_task, result) in zip(cases, results):
        assert result['failed'] is True, (options, result)
        assert option in result['msg'], (options, result['msg'])
    assert GCP_KEY not in run.output
    assert 'Traceback' not in run.output
    assert sim.requests() == []


def test_direct_create_in_check_mode_predicts_and_sends_no_write(sim):
    slot = free_slots(sim, 'ams01')[0]
    run = run_playbook(sim, [interconnect(type='direct', slot_id=slot['id'])], check=True, diff=True)
    result = run.result()
    assert result['changed'] is True
    expected = dict(type='direct', account=ACCOUNT, slot_id=slot['id'], site=slot['site'], speed=slot['speed'],
                    facility=slot['facility'])
    assert result['interconnect'] == expected
    assert result['diff'] == dict(before={}, after=expected)
    assert sim.writes() == []
    assert sim.state()['interconnects'] == []


def test_direct_create_again_delete_again(sim):
    slot = free_slots(sim, 'fra02')[0]
    run = run_playbook(sim, [
        interconnect('create', type='direct', slot_id=slot['id']),
        interconnect('create again', type='direct', slot_id=slot['id'], speed=slot['speed']),
        interconnect('delete in check mode', state='absent', slot_id=slot['id'], check_mode=True),
        interconnect('delete', state='absent', slot_id=slot['id']),
        interconnect('delete again', state='absent', slot_id=slot['id']),
    ])
    created = run.result('create')
    assert created['changed'] is True
    assert created['interconnect']['name'] == 'cni-fra02-1'
    assert created['interconnect']['slot_id'] == slot['id']
    assert 'status' not in created
    again = run.result('create again')
    assert again['changed'] is False
    assert again['interconnect'] == created['interconnect']
    assert run.result('delete in check mode')['changed'] is True
    deleted = run.result('delete')
    assert deleted['changed'] is True
    assert deleted['interconnect'] == {}
    assert run.result('delete again')['changed'] is False
    assert writes(sim) == [('POST', 'interconnects'), ('DELETE', 'interconnects/cni-fra02-1')]
    post = [w for w in sim.writes() if w['method'] == 'POST'][0]
    assert post['body'] == dict(account=ACCOUNT, type='direct', slot_id=slot['id'])


def test_delete_by_name_shows_the_deleted_interconnect_in_the_diff(sim):
    created = create_direct(sim, free_slots(sim)[0])
    sim.clear_log()
    run = run_playbook(sim, [interconnect(name=created['name'], state='absent')], diff=True)
    assert run.result()['changed'] is True
    assert run.result()['diff'] == dict(before=created, after={})
    assert writes(sim) == [('DELETE', 'interconnects/%s' % created['name'])]


def test_gcp_partner_create_in_check_mode_predicts_and_sends_no_write(sim):
    run = run_playbook(sim, [interconnect(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')], check=True,
                       diff=True)
    result = run.result()
    expected = dict(type='gcp_partner', account=ACCOUNT, region='europe-west4', speed='1G')
    assert result['changed'] is True
    assert result['interconnect'] == expected
    assert result['diff']['after'] == expected
    assert sim.writes() == []


def test_gcp_partner_create_again_delete_again(sim):
    options = dict(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='500M')
    by_name = dict(name='{{ created.interconnect.name }}', state='absent')
    create = interconnect('create', **options)
    create['register'] = 'created'
    run = run_playbook(sim, [
        create,
        interconnect('create again', **options),
        interconnect('delete in check mode', check_mode=True, **by_name),
        interconnect('delete', **by_name),
        interconnect('delete again', **by_name),
    ])
    created = run.result('create')
    assert created['changed'] is True
    assert created['interconnect']['name'] == 'gcp-europe-west4-1'
    assert created['interconnect']['speed'] == '500M'
    assert 'pairing_key' not in created['interconnect']
    assert run.result('create again')['changed'] is False
    assert run.result('create again')['interconnect'] == created['interconnect']
    assert run.result('delete in check mode')['changed'] is True
    assert run.result('delete')['changed'] is True
    assert run.result('delete again')['changed'] is False
    assert writes(sim) == [('POST', 'interconnects'), ('DELETE', 'interconnects/gcp-europe-west4-1')]
    assert sim.writes()[0]['body'] == dict(account=ACCOUNT, type='gcp_partner', pairing_key=GCP_KEY,
                                           bandwidth='500M')


def test_gcp_partner_without_name_fails_when_the_match_is_ambiguous(sim):
    first, second = create_gcp(sim), create_gcp(sim, key=OTHER_GCP_KEY)
    create_gcp(sim, bandwidth='2G')
    sim.clear_log()
    run = run_playbook(sim, [interconnect(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')])
    result = run.result()
    assert result['failed'] is True
    assert result['msg'].startswith('name: 2 gcp_partner interconnects of bandwidth 1G in region europe-west4: ')
    assert '%s, %s' % (first['name'], second['name']) in result['msg']
    assert 'Set name' in result['msg']
    assert sim.writes() == []


def test_a_redundant_pair_needs_exclude_names_for_its_second_attachment(sim):
    second_key = OTHER_GCP_KEY
    first = interconnect('first', type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')
    first['register'] = 'first'
    second = interconnect('second', type='gcp_partner', pairing_key=second_key, bandwidth='1G',
                          exclude_names=['{{ first.interconnect.name }}'])
    run = run_playbook(sim, [first, second])
    assert run.result('first')['changed'] is True and run.result('second')['changed'] is True
    assert run.result('first')['interconnect']['name'] != run.result('second')['interconnect']['name']
    assert len(sim.state()['interconnects']) == 2
    sim.clear_log()
    again = interconnect('second again', type='gcp_partner', pairing_key=second_key, bandwidth='1G',
                         exclude_names=[run.result('first')['interconnect']['name']])
    rerun = run_playbook(sim, [again])
    assert rerun.result()['changed'] is False
    assert rerun.result()['interconnect']['name'] == run.result('second')['interconnect']['name']
    assert sim.writes() == []


def test_a_pairing_key_of_another_region_is_a_fixed_field_difference(sim):
    gcp = create_gcp(sim)
    sim.clear_log()
    other_region = GCP_KEY.replace('europe-west4', 'us-east4')
    run = run_playbook(sim, [interconnect(name=gcp['name'], type='gcp_partner', pairing_key=other_region,
                                          bandwidth='1G')])
    assert run.result()['failed'] is True
    assert 'region of the pairing key (have europe-west4, want us-east4)' in run.result()['msg']
    assert sim.writes() == []


def test_recreate_onto_an_occupied_slot_fails_before_deleting_anything(sim):
    slot = free_slots(sim, 'iad01')[0]
    direct = create_direct(sim, slot)
    occupied = [s for s in sim.api('GET', 'slots?limit=1000')['items'] if s['occupied'] and s['id'] != slot['id']][0]
    sim.clear_log()
    run = run_playbook(sim, [interconnect(name=direct['name'], type='direct', slot_id=occupied['id'], recreate=True)])
    assert run.result()['failed'] is True
    assert 'slot_id' in run.result()['msg'] and 'occupied' in run.result()['msg']
    assert sim.writes() == []
    assert [i['name'] for i in sim.state()['interconnects']] == [direct['name']]


def test_recreate_at_a_speed_the_slot_does_not_have_fails_before_deleting_anything(sim):
    slot = free_slots(sim, 'iad01')[0]
    direct = create_direct(sim, slot)
    other_speed = '100G' if slot['speed'] != '100G' else '10G'
    sim.clear_log()
    run = run_playbook(sim, [interconnect(name=direct['name'], type='direct', slot_id=slot['id'], speed=other_speed,
                                          recreate=True)])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith('speed: slot %s supports %s, not %s' % (slot['id'], slot['speed'],
                                                                                  other_speed))
    assert sim.writes() == []


def test_a_recreate_whose_create_fails_reports_the_deleted_interconnect(sim):
    gcp = create_gcp(sim)
    sim.fault('500', method='POST', path='/interconnects$', count=3)
    run = run_playbook(sim, [interconnect(name=gcp['name'], type='gcp_partner', pairing_key=GCP_KEY, bandwidth='2G',
                                          recreate=True)])
    result = run.result()
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('interconnect %s was deleted, but creating its replacement failed' % gcp['name'])
    assert result['failure']['deleted']['name'] == gcp['name']
    assert sim.state()['interconnects'] == []


def test_unknown_name_with_state_present_fails_without_creating(sim):
    run = run_playbook(sim, [interconnect(name='cni-nowhere-9', type='direct', slot_id=free_slots(sim)[0]['id'])])
    result = run.result()
    assert result['failed'] is True
    assert result['msg'].startswith('name: no interconnect named cni-nowhere-9')
    assert sim.writes() == []


def test_fixed_field_difference_fails_without_recreate_and_recreates_with_it(sim):
    slot, other = free_slots(sim, 'iad01')[:2]
    direct = create_direct(sim, slot)
    gcp = create_gcp(sim)
    sim.clear_log()
    run = run_playbook(sim, [
        interconnect('other slot', ignore_errors=True, name=direct['name'], type='direct', slot_id=other['id']),
        interconnect('other bandwidth', ignore_errors=True, name=gcp['name'], type='gcp_partner',
                     pairing_key=GCP_KEY, bandwidth='2G'),
        interconnect('other type', ignore_errors=True, name=gcp['name'], type='direct', slot_id=other['id']),
        interconnect('recreate in check mode', check_mode=True, name=gcp['name'], type='gcp_partner',
                     pairing_key=GCP_KEY, bandwidth='2G', recreate=True),
        interconnect('recreate', name=gcp['name'], type='gcp_partner', pairing_key=GCP_KEY, bandwidth='2G',
                     recreate=True),
    ], diff=True)
    slot_msg = run.result('other slot')['msg']
    assert run.result('other slot')['failed'] is True
    assert slot_msg.startswith('interconnect %s exists with different fixed fields: slot_id (have %s, want %s).'
                               % (direct['name'], slot['id'], other['id']))
    assert 'set recreate: true to delete and recreate it (this cuts the link)' in slot_msg
    assert 'bandwidth (have 1G, want 2G)' in run.result('other bandwidth')['msg']
    assert 'type (have gcp_partner, want direct)' in run.result('other type')['msg']
    predicted = run.result('recreate in check mode')
    assert predicted['changed'] is True
    # The recreated interconnect gets a new name and virtual port reservation from Cloudflare: both go.
    assert predicted['diff'] == dict(before=dict(name=gcp['name'], owner=ACCOUNT, speed='1G',
                                                 virtual_port_reservation_id=gcp['virtual_port_reservation_id']),
                                     after=dict(speed='2G'))
    recreated = run.result('recreate')
    assert recreated['changed'] is True
    assert recreated['interconnect']['speed'] == '2G'
    assert recreated['interconnect']['name'] != gcp['name']
    assert recreated['diff']['before']['name'] == gcp['name']
    assert recreated['diff']['after'] == dict(
        name=recreated['interconnect']['name'], speed='2G',
        virtual_port_reservation_id=recreated['interconnect']['virtual_port_reservation_id'])
    assert writes(sim) == [('DELETE', 'interconnects/%s' % gcp['name']), ('POST', 'interconnects')]
    assert [i['name'] for i in sim.state()['interconnects']] == [direct['name'], recreated['interconnect']['name']]


def test_delete_refused_while_a_cni_uses_it(sim):
    icon = create_direct(sim, free_slots(sim)[0])
    magic = dict(conduit_name='ams-core-1', description='core', mtu=1500)
    cni = sim.api('POST', 'cnis', dict(account=ACCOUNT, interconnect=icon['name'], magic=magic))
    sim.clear_log()
    run = run_playbook(sim, [
        interconnect('refused', ignore_errors=True, name=icon['name'], state='absent'),
        interconnect('remove in check mode', check_mode=True, name=icon['name'], state='absent', remove_cnis=True),
        interconnect('remove', name=icon['name'], state='absent', remove_cnis=True),
    ])
    refused = run.result('refused')
    assert refused['failed'] is True
    assert 'interconnect %s is still used by 1 CNI(s): %s (ams-core-1)' % (icon['name'], cni['id']) in refused['msg']
    assert 'remove_cnis: true' in refused['msg']
    assert run.result('remove in check mode')['removed_cnis'] == [dict(id=cni['id'], conduit_name='ams-core-1')]
    assert run.result('remove in check mode')['changed'] is True
    assert run.result('remove')['removed_cnis'] == [dict(id=cni['id'], conduit_name='ams-core-1')]
    assert writes(sim) == [('DELETE', 'cnis/%s' % cni['id']), ('DELETE', 'interconnects/%s' % icon['name'])]
    assert sim.state()['cnis'] == [] and sim.state()['interconnects'] == []


def test_wait_succeeds_when_the_interconnect_becomes_healthy(sim):
    slot = free_slots(sim)[0]
    sim.configure(healthy_after_reads=2)  # Pending to the first two status reads of the new one, then Healthy
    run = run_playbook(sim, [interconnect(type='direct', slot_id=slot['id'], wait=True, wait_timeout=600,
                                          wait_sleep=0.5)])
    result = run.result()
    assert result.get('failed') is not True, result
    assert result['changed'] is True
    assert result['status'] == {'state': 'Healthy'}
    assert isinstance(result['waited'], int) and result['waited'] >= 0  # it says how long it waited
    polls = [r for r in sim.requests() if r['path'].endswith('/status')]
    assert len(polls) == 3
    assert writes(sim) == [('POST', 'interconnects')]


def test_wait_times_out_with_the_reason_of_a_down_state(sim):
    icon = create_direct(sim, free_slots(sim)[0])
    sim.set_status(icon['name'], 'Down', reason='fibre cut')
    sim.clear_log()
    run = run_playbook(sim, [interconnect(name=icon['name'], wait=True, wait_timeout=3, wait_sleep=0.5)])
    result = run.result()
    assert result['failed'] is True
    assert result['msg'] == 'interconnect %s: still Down after 3s (reason: fibre cut), waiting for Healthy' % icon['name']
    assert result['state'] == 'Down' and result['reason'] == 'fibre cut'
    assert result['failure']['state'] == 'Down'
    assert result['interconnect'] == icon
    assert 'Traceback' not in run.output
    assert sim.writes() == []


def test_check_mode_does_not_wait_for_what_it_would_create(sim):
    run = run_playbook(sim, [interconnect(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G', wait=True,
                                          wait_timeout=30)], check=True)
    assert run.result()['changed'] is True
    assert 'status' not in run.result()
    assert [r for r in sim.requests() if r['path'].endswith('/status')] == []
    assert sim.writes() == []


def test_pairing_key_never_appears_in_verbose_output(sim):
    sentinel = '5e471e11-0000-4000-8000-5e471e115e47/us-east4/2'
    run = run_playbook(sim, [
        interconnect('create', type='gcp_partner', pairing_key=sentinel, bandwidth='10G'),
        interconnect('conflict', ignore_errors=True, name='gcp-us-east4-1', type='gcp_partner',
                     pairing_key=sentinel, bandwidth='20G'),
        interconnect('refused here', ignore_errors=True, type='gcp_partner', pairing_key=sentinel + 'x',
                     bandwidth='50M'),
    ], verbosity=3, callback='default', diff=True)
    assert 'gcp-us-east4-1' in run.output
    assert 'bandwidth (have 10G, want 20G)' in run.output
    assert 'pairing_key: must be the key Google Cloud gave' in run.output
    assert sentinel not in run.output
    posts = [w for w in sim.writes() if w['method'] == 'POST']
    assert [post['body']['pairing_key'] for post in posts] == [sentinel]


def test_a_create_whose_answer_was_lost_is_found_again(sim):
    slot = free_slots(sim)[0]
    sim.fault('drop_after', method='POST', path='/interconnects$')
    run = run_playbook(sim, [interconnect(type='direct', slot_id=slot['id'])])
    result = run.result()
    assert result['changed'] is True
    assert result['interconnect']['name'] == 'cni-%s-1' % slot['site']
    assert any('The answer to the create of the direct interconnect was lost' in w for w in result['warnings'])
    assert writes(sim) == [('POST', 'interconnects')]


def test_a_delete_answered_404_after_a_retry_counts_as_deleted(sim):
    icon = create_gcp(sim)
    sim.fault('drop_after', method='DELETE', path='/interconnects/')
    run = run_playbook(sim, [interconnect(name=icon['name'], state='absent')])
    assert run.result()['changed'] is True
    assert run.result().get('failed') is not True
    assert writes(sim)[-2:] == [('DELETE', 'interconnects/%s' % icon['name'])] * 2
    assert sim.state()['interconnects'] == []
