# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.cni, run by ansible-playbook against the simulator, in the create/update/delete cycle."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

import pytest

from estate import cni, two_interconnects
from harness import run_playbook

MD5_SENTINEL = 'MD5-SENTINEL-4b1f'


def cni_task(**options):
    return dict(name='cni', **{'cloudflare.cni.cni': options})


def link(**overrides):
    options = dict(interconnect='ic-a', magic=dict(conduit_name='ams-core-1', description='core', mtu=1500),
                   bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24']))
    options.update(overrides)
    return options


def cnis_in(sim):
    return sim.state()['cnis']


@pytest.fixture
def estate(sim):
    sim.reset(two_interconnects())
    return sim


@pytest.mark.parametrize('options, option', [
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='')), 'bgp.md5_key'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='a"b')), 'bgp.md5_key'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='why?')), 'bgp.md5_key'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='tab\there')), 'bgp.md5_key'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='line\nbreak')), 'bgp.md5_key'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='schlüssel')), 'bgp.md5_key'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0'])), 'bgp.extra_prefixes'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=['2001:db8::/32'])), 'bgp.extra_prefixes'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=['300.1.2.0/24'])), 'bgp.extra_prefixes'),
    (link(bgp=dict(customer_asn=0, extra_prefixes=[])), 'bgp.customer_asn'),
    (link(bgp=dict(customer_asn=-5, extra_prefixes=[])), 'bgp.customer_asn'),
    (link(bgp=dict(customer_asn=2147483648, extra_prefixes=[])), 'bgp.customer_asn'),
    (link(magic=dict(conduit_name='x', description='d', mtu=-1)), 'magic.mtu'),
    (link(magic=dict(conduit_name='x', description='d', mtu=2147483648)), 'magic.mtu'),
    (link(magic=dict(conduit_name='x', description='d', mtu='big')), 'mtu'),
    (link(magic=dict(description='no name', mtu=1500)), 'magic.conduit_name'),
    (link(id='not-a-uuid'), 'id'),
    (link(state='gone'), 'state'),
])
def test_bad_input_fails_before_any_request(estate, options, option):
    run = run_playbook(estate, [cni_task(**options)])
    result = run.result()
    assert result['failed'] is True
    assert option in result['msg']
    assert 'Traceback' not in run.output
    assert estate.requests() == []


def test_creating_without_all_of_magic_fails_before_any_write(estate):
    run = run_playbook(estate, [cni_task(interconnect='ic-a', magic=dict(conduit_name='new', mtu=1500))])
    assert run.result()['failed'] is True
    assert 'magic.description' in run.result()['msg']
    assert estate.writes() == []


def test_unusual_mtu_is_a_warning_not_a_failure(estate):
    run = run_playbook(estate, [cni_task(**link(magic=dict(conduit_name='big', description='jumbo', mtu=9216)))],
                       check=True)
    assert run.result()['changed'] is True
    assert any('magic.mtu 9216' in w for w in run.result()['warnings'])


def test_full_cycle(estate):
    task = cni_task(**link())

    # create in check mode: predicted object, no write
    run = run_playbook(estate, [task], check=True)
    assert run.result()['changed'] is True
    assert run.result()['cni']['magic']['conduit_name'] == 'ams-core-1'
    assert estate.writes() == []
    assert cnis_in(estate) == []

    # create
    run = run_playbook(estate, [task])
    created = run.result()['cni']
    assert run.result()['changed'] is True
    assert created['id'] and created['p2p_ip'] and created['cust_ip']
    assert [w['method'] for w in estate.writes()] == ['POST']
    assert estate.writes()[0]['body'] == dict(account=created['account'], interconnect='ic-a',
                                              magic=dict(conduit_name='ams-core-1', description='core', mtu=1500),
                                              bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24']))

    # create again: no change, no write
    estate.clear_log()
    run = run_playbook(estate, [task])
    assert run.result()['changed'] is False
    assert run.result()['cni'] == created
    assert estate.writes() == []

    # update MTU and prefixes in check mode
    update = cni_task(magic=dict(conduit_name='ams-core-1', mtu=1476),
                      bgp=dict(extra_prefixes=['198.51.100.0/24', '192.0.2.0/24']))
    run = run_playbook(estate, [update], check=True)
    assert run.result()['changed'] is True
    assert run.result()['cni']['magic']['mtu'] == 1476
    assert estate.writes() == []
    assert cnis_in(estate)[0]['magic']['mtu'] == 1500

    # update: one PUT of the whole object, never a null
    run = run_playbook(estate, [update])
    assert run.result()['changed'] is True
    writes = estate.writes()
    assert [w['method'] for w in writes] == ['PUT']
    body = writes[0]['body']
    assert body == dict(id=created['id'], account=created['account'], interconnect='ic-a', p2p_ip=created['p2p_ip'],
                        cust_ip=created['cust_ip'], magic=dict(conduit_name='ams-core-1', description='core', mtu=1476),
                        bgp=dict(customer_asn=64600, extra_prefixes=['198.51.100.0/24', '192.0.2.0/24']))
    assert run.result()['cni']['magic']['mtu'] == 1476

    # again, with the prefixes in another order: still no change
    estate.clear_log()
    again = cni_task(magic=dict(conduit_name='ams-core-1', mtu=1476),
                     bgp=dict(extra_prefixes=['192.0.2.0/24', '198.51.100.0/24']))
    run = run_playbook(estate, [again])
    assert run.result()['changed'] is False
    assert estate.writes() == []

    # --diff shows only the keys that change
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='ams-core-1', description='core link'))], diff=True)
    assert run.result()['diff'] == dict(before=dict(magic=dict(description='core')),
                                        after=dict(magic=dict(description='core link')))

    # delete in check mode, delete, delete again
    gone = cni_task(magic=dict(conduit_name='ams-core-1'), state='absent')
    estate.clear_log()
    run = run_playbook(estate, [gone], check=True)
    assert run.result()['changed'] is True
    assert estate.writes() == []
    run = run_playbook(estate, [gone])
    assert run.result()['changed'] is True
    assert [w['method'] for w in estate.writes()] == ['DELETE']
    assert cnis_in(estate) == []
    estate.clear_log()
    run = run_playbook(estate, [gone])
    assert run.result()['changed'] is False
    assert estate.writes() == []


def test_diff_of_a_create_and_a_delete_shows_the_whole_object(estate):
    run = run_playbook(estate, [cni_task(**link())], diff=True, callback='default')
    assert run.rc == 0, run.output
    assert '+    "interconnect": "ic-a"' in run.stdout
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='ams-core-1'), state='absent')], diff=True)
    assert run.result()['diff']['after'] == {}
    assert run.result()['diff']['before']['magic']['conduit_name'] == 'ams-core-1'


def test_by_id(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a')]))
    cni_id = cni(1, 'ic-a')['id']
    run = run_playbook(estate, [cni_task(id=cni_id, magic=dict(mtu=1500))])
    assert run.result()['changed'] is False
    assert [r['path'].rsplit('/', 1)[-1] for r in estate.requests()] == [cni_id]
    run = run_playbook(estate, [cni_task(id=cni_id, magic=dict(conduit_name='renamed'))])
    assert run.result()['cni']['magic']['conduit_name'] == 'renamed'


def test_unknown_id_fails_for_present_and_is_ok_for_absent(estate):
    missing = str(uuid.uuid4())
    run = run_playbook(estate, [cni_task(id=missing, magic=dict(mtu=1500))])
    assert run.result()['failed'] is True and 'no CNI %s' % missing in run.result()['msg']
    run = run_playbook(estate, [cni_task(id=missing, state='absent')])
    assert run.result()['changed'] is False


def test_lookup_by_conduit_name_reads_every_page(estate):
    estate.reset(two_interconnects([cni(i, 'ic-a') for i in range(30)]))
    estate.configure(page_size=4)
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='link-029', mtu=1500))])
    assert run.result()['changed'] is False
    assert run.result()['cni']['id'] == cni(29, 'ic-a')['id']
    assert len([r for r in estate.requests() if r['path'].endswith('/cnis')]) == 8
    assert estate.writes() == []


def test_two_cnis_with_one_name_fail_listing_both(estate):
    twins = [cni(1, 'ic-a', name='twin'), cni(2, 'ic-b', name='twin')]
    estate.reset(two_interconnects(twins))
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='twin', mtu=1400))])
    result = run.result()
    assert result['failed'] is True
    assert twins[0]['id'] in result['msg'] and twins[1]['id'] in result['msg']
    assert estate.writes() == []


def test_md5_key_never_appears_in_output(estate):
    task = cni_task(**link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key=MD5_SENTINEL)))
    run = run_playbook(estate, [task], verbosity=3, callback='default', diff=True)
    assert run.rc == 0, run.output
    assert MD5_SENTINEL not in run.output
    assert estate.writes()[0]['body']['bgp']['md5_key'] == MD5_SENTINEL
    # changing the key is an update that shows only that it changes
    task = cni_task(magic=dict(conduit_name='ams-core-1'), bgp=dict(md5_key=MD5_SENTINEL + '-2'))
    run = run_playbook(estate, [task], diff=True)
    assert run.result()['changed'] is True
    assert run.result()['diff']['after'] == dict(bgp=dict(md5_key='******** (changed)'))
    assert MD5_SENTINEL not in run.stdout
    # cni_info masks a key it did not get from the user
    run = run_playbook(estate, [dict(name='info', **{'cloudflare.cni.cni_info': dict(conduit_name='ams-core-1')})])
    assert run.result()['cnis'][0]['bgp']['md5_key'] == '********'
    assert MD5_SENTINEL not in run.stdout


def test_customer_asn_equal_to_cloudflare_asn_fails_before_any_write(estate):
    run = run_playbook(estate, [cni_task(**link(bgp=dict(customer_asn=13335, extra_prefixes=[])))])
    assert run.result()['failed'] is True
    assert 'bgp.customer_asn' in run.result()['msg'] and '13335' in run.result()['msg']
    assert estate.writes() == []


@pytest.mark.parametrize('check', [True, False])
def test_renaming_by_id_to_a_taken_name_fails_in_check_mode_too(estate, check):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='first'), cni(2, 'ic-a', name='second')]))
    run = run_playbook(estate, [cni_task(id=cni(2, 'ic-a')['id'], magic=dict(conduit_name='first'))], check=check)
    result = run.result()
    assert result['failed'] is True
    assert result['msg'].startswith("magic.conduit_name: CNI %s is already named 'first'; conduit names are unique "
                                    "per account, pick another name" % cni(1, '')['id'])
    assert estate.writes() == []


@pytest.mark.parametrize('check', [True, False])
def test_a_create_on_an_interconnect_that_does_not_exist_fails_in_check_mode_too(estate, check):
    run = run_playbook(estate, [cni_task(**link(interconnect='ic-typo'))], check=check)
    assert run.result()['failed'] is True
    assert run.result()['msg'] == 'interconnect: no interconnect named ic-typo in the account'
    assert estate.writes() == []


def test_a_new_cni_with_a_name_used_on_another_interconnect_is_told_to_pick_another_name(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='taken')]))
    magic = dict(conduit_name='taken', description='d', mtu=1500)
    run = run_playbook(estate, [cni_task(**link(interconnect='ic-b', magic=magic))])
    msg = run.result()['msg']
    assert run.result()['failed'] is True
    assert "a CNI named 'taken' already exists on interconnect ic-a" in msg
    assert 'to create a new CNI, pick another name' in msg
    assert msg.index('pick another name') < msg.index('recreate')
    assert 'To move that very CNI to ic-b, set recreate: true' in msg
    assert estate.writes() == []


def test_empty_bgp_on_a_cni_with_bgp_warns_that_bgp_is_not_removed(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='keep', bgp=dict(customer_asn=64700, extra_prefixes=[]))]))
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='keep'), bgp={})])
    result = run.result()
    assert result['changed'] is False
    assert any('does not remove BGP from CNI %s' % cni(1, '')['id'] in w for w in result['warnings'])
    assert cnis_in(estate)[0]['bgp']['customer_asn'] == 64700


@pytest.mark.parametrize('options, option, words', [
    (link(bgp=dict(customer_asn=64600, extra_prefixes=['10.1.2.3/8'])), 'bgp.extra_prefixes[0]',
     'did you mean 10.0.0.0/8'),
    (link(bgp=dict(customer_asn=True, extra_prefixes=[])), 'bgp.customer_asn', 'not a boolean'),
    (link(magic=dict(conduit_name='x', description='d', mtu=True)), 'magic.mtu', 'not a boolean'),
    (link(interconnect=''), 'interconnect', 'must not be empty'),
    (link(magic=dict(conduit_name='a\x00b', description='d', mtu=1500)), 'magic.conduit_name', 'control characters'),
    (link(magic=dict(conduit_name='x' * 256, description='d', mtu=1500)), 'magic.conduit_name', 'at most 255'),
    (link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key='k' * 81)), 'bgp.md5_key', 'at most 80'),
    (link(bgp_mode='full'), 'bgp_mode', 'dynamic_route_exchange'),
])
def test_input_the_api_should_never_see_is_refused_before_any_request(estate, options, option, words):
    run = run_playbook(estate, [cni_task(**options)])
    result = run.result()
    assert result['failed'] is True
    assert result['msg'].startswith(option) or option in result['msg'], result['msg']
    assert words in result['msg']
    assert estate.requests() == []


@pytest.mark.parametrize('fault', ['drop_after', 'drop', '502'])
def test_a_lost_create_answer_still_ends_with_exactly_one_cni(estate, fault):
    estate.fault(fault, method='POST', path='/cnis$', count=1)
    run = run_playbook(estate, [cni_task(**link())])
    result = run.result()
    assert result.get('failed') is not True, result.get('msg')
    assert result['changed'] is True
    assert len(cnis_in(estate)) == 1
    assert result['cni']['id'] == cnis_in(estate)[0]['id']
    posts = [w for w in estate.writes() if w['method'] == 'POST']
    assert len(posts) == (1 if fault == 'drop_after' else 2)
    if fault == 'drop_after':
        assert any('The answer to the create of CNI ams-core-1 was lost' in w for w in result['warnings'])

    run = run_playbook(estate, [cni_task(**link())])
    assert run.result()['changed'] is False


def test_creates_that_keep_failing_stop_after_three_attempts_with_a_lookup_before_each_retry(estate):
    estate.fault('503', method='POST', path='/cnis$', count=5)
    run = run_playbook(estate, [cni_task(**link())])
    assert run.result()['failed'] is True
    assert 'HTTP 503' in run.result()['msg']
    calls = [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in estate.requests() if r['path'].endswith('/cnis')]
    assert calls == [('GET', 'cnis'), ('POST', 'cnis'), ('GET', 'cnis'), ('POST', 'cnis'), ('GET', 'cnis'),
                     ('POST', 'cnis'), ('GET', 'cnis')]
    assert cnis_in(estate) == []


def test_moving_to_another_interconnect_needs_recreate(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='mover', bgp=dict(customer_asn=64700, extra_prefixes=[]))]))
    run = run_playbook(estate, [cni_task(interconnect='ic-b', magic=dict(conduit_name='mover'))])
    assert run.result()['failed'] is True
    assert 'interconnect' in run.result()['msg'] and 'recreate' in run.result()['msg']
    assert estate.writes() == []

    run = run_playbook(estate, [cni_task(interconnect='ic-b', magic=dict(conduit_name='mover'), recreate=True)],
                       check=True, diff=True)
    assert run.result()['changed'] is True
    assert estate.writes() == []

    run = run_playbook(estate, [cni_task(interconnect='ic-b', magic=dict(conduit_name='mover'), recreate=True)],
                       diff=True)
    result = run.result()
    assert [w['method'] for w in estate.writes()] == ['DELETE', 'POST']
    assert result['cni']['interconnect'] == 'ic-b'
    assert result['cni']['bgp']['customer_asn'] == 64700
    assert result['diff']['before']['interconnect'] == 'ic-a'
    assert result['diff']['after']['interconnect'] == 'ic-b'
    assert [c['interconnect'] for c in cnis_in(estate)] == ['ic-b']


def test_bgp_is_left_alone_when_not_set(estate):
    bgp = dict(customer_asn=64700, extra_prefixes=['192.0.2.0/24'])
    estate.reset(two_interconnects([cni(1, 'ic-a', name='keep', bgp=bgp)]))
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='keep', mtu=1476))])
    assert estate.writes()[0]['body']['bgp'] == dict(customer_asn=64700, extra_prefixes=['192.0.2.0/24'])
    assert run.result()['cni']['bgp']['customer_asn'] == 64700


def test_absent_with_another_interconnect_deletes_nothing(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='keep-me')]))
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='keep-me'), interconnect='ic-b', state='absent')])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith('interconnect: CNI %s (keep-me) was found but differs' % cni(1, '')['id'])
    assert estate.writes() == []
    assert len(cnis_in(estate)) == 1


def test_recreate_onto_an_unknown_interconnect_fails_before_deleting(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='stay')]))
    run = run_playbook(estate, [cni_task(interconnect='ic-typo', magic=dict(conduit_name='stay'), recreate=True)])
    assert run.result()['failed'] is True
    assert 'no interconnect named ic-typo' in run.result()['msg']
    assert estate.writes() == []
    assert [c['interconnect'] for c in cnis_in(estate)] == ['ic-a']


def test_a_proxy_page_instead_of_the_create_answer_is_treated_as_lost(estate):
    estate.fault('html', method='POST', path='/cnis$', count=1)
    run = run_playbook(estate, [cni_task(**link())])
    assert run.result()['changed'] is True, run.result().get('msg')
    assert len(cnis_in(estate)) == 1


def test_recreate_under_a_name_another_cni_has_fails_before_deleting(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='one'), cni(2, 'ic-b', name='two')]))
    run = run_playbook(estate, [cni_task(id=cni(1, '')['id'], interconnect='ic-b', magic=dict(conduit_name='two'),
                                         recreate=True)])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith("magic.conduit_name: CNI %s is already named 'two'" % cni(2, '')['id'])
    assert estate.writes() == []


def test_recreate_never_moves_a_cni_to_another_account(estate):
    estate.reset(two_interconnects([cni(1, 'ic-a', name='mine')]))
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='mine'), account='someone-else', recreate=True)])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith('account: CNI %s belongs to account' % cni(1, '')['id'])
    assert estate.writes() == []


def test_a_recreate_whose_create_fails_reports_the_deleted_cni(estate):
    bgp = dict(customer_asn=64700, extra_prefixes=['192.0.2.0/24'], md5_key=MD5_SENTINEL)
    estate.reset(two_interconnects([cni(1, 'ic-a', name='mover', bgp=bgp)]))
    estate.fault('500', method='POST', path='/cnis$', count=3)
    run = run_playbook(estate, [cni_task(interconnect='ic-b', magic=dict(conduit_name='mover'), recreate=True)])
    result = run.result()
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('CNI %s was deleted from interconnect ic-a, but creating it on ic-b failed'
                                    % cni(1, '')['id'])
    assert result['failure']['deleted']['bgp'] == dict(customer_asn=64700, extra_prefixes=['192.0.2.0/24'],
                                                       md5_key='********')
    assert MD5_SENTINEL not in run.output
    assert cnis_in(estate) == []


@pytest.fixture
def omitting(estate):
    """The API leaves md5_key out of its answers (it is optional there)."""
    estate.configure(omit_md5_key=True)
    yield estate
    estate.configure(omit_md5_key=False)


def test_an_md5_key_the_api_does_not_return_is_no_change_and_survives_an_mtu_change(omitting):
    task = cni_task(**link(bgp=dict(customer_asn=64600, extra_prefixes=[], md5_key=MD5_SENTINEL)))
    run = run_playbook(omitting, [task])
    assert run.result()['changed'] is True
    omitting.clear_log()
    run = run_playbook(omitting, [task])
    assert run.result()['changed'] is False
    assert omitting.writes() == []

    mtu = cni_task(magic=dict(conduit_name='ams-core-1', mtu=1476),
                   bgp=dict(md5_key=MD5_SENTINEL))
    run = run_playbook(omitting, [mtu], diff=True)
    assert run.result()['changed'] is True
    assert omitting.writes()[0]['body']['bgp']['md5_key'] == MD5_SENTINEL
    assert cnis_in(omitting)[0]['bgp']['md5_key'] == MD5_SENTINEL
    assert run.result()['diff'] == dict(before=dict(magic=dict(mtu=1500)), after=dict(magic=dict(mtu=1476)))
    assert MD5_SENTINEL not in run.output


def test_bgp_mode_is_set_after_the_create_compared_and_shown_by_cni_info(estate):
    task = cni_task(**link(bgp_mode='advertise_only'))
    run = run_playbook(estate, [task], check=True)
    assert run.result()['cni']['bgp_mode'] == 'advertise_only' and estate.writes() == []
    run = run_playbook(estate, [task])
    writes = estate.writes()
    assert [w['method'] for w in writes] == ['POST', 'PUT']
    assert 'bgp_mode' not in writes[0]['body'] and writes[1]['body']['bgp_mode'] == 'advertise_only'
    assert run.result()['cni']['bgp_mode'] == 'advertise_only'
    assert cnis_in(estate)[0]['bgp_mode'] == 'advertise_only'

    estate.clear_log()
    assert run_playbook(estate, [task]).result()['changed'] is False
    assert estate.writes() == []
    run = run_playbook(estate, [cni_task(magic=dict(conduit_name='ams-core-1'), bgp_mode='dynamic_route_exchange')],
                       diff=True)
    assert run.result()['diff'] == dict(before=dict(bgp_mode='advertise_only'),
                                        after=dict(bgp_mode='dynamic_route_exchange'))
    assert estate.writes()[-1]['body']['bgp_mode'] == 'dynamic_route_exchange'
    run = run_playbook(estate, [dict(name='info', **{'cloudflare.cni.cni_info': dict(conduit_name='ams-core-1')})])
    assert run.result()['cnis'][0]['bgp_mode'] == 'dynamic_route_exchange'


def test_a_409_on_create_says_that_the_name_is_taken_without_advising_recreate(estate):
    from test_cnis import race_a_cni_in  # pylint: disable=import-outside-toplevel
    thread = race_a_cni_in(estate, 'ams-core-1', '/interconnects/ic-a$')
    run = run_playbook(estate, [cni_task(**link())])
    thread.join()
    result = run.result()
    assert result['failed'] is True
    assert result['msg'].startswith("magic.conduit_name: a CNI named 'ams-core-1' already exists in the account; "
                                    "conduit names are unique per account, pick another name (POST ")
    assert 'HTTP 409' in result['msg'] and 'recreate' not in result['msg']
    assert result['failure']['status'] == 409
