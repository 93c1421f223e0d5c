# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.slot_info, run by ansible-playbook and ad-hoc ansible against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import uuid

import pytest

from harness import run_adhoc, run_playbook


def slot_info(**options):
    return dict(name='slot_info', **{'cloudflare.cni.slot_info': options})


def all_slots(sim):
    return sim.api('GET', 'slots?limit=1000')['items']


def many_slots(count):
    return [dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'slot-%d' % i)), occupied=i % 3 == 0,
                 site='ams%02d' % (i % 2 + 1), speed='10G' if i % 2 else '100G',
                 facility=dict(name='AMS%d' % (i % 2 + 1), address=['Street %d' % i, 'Amsterdam', 'NL']))
            for i in range(count)]


def test_lists_every_slot(sim):
    run = run_playbook(sim, [slot_info()])
    result = run.result()
    assert result['changed'] is False
    assert result['slots'] == all_slots(sim)
    assert len(result['slots']) > 0


@pytest.mark.parametrize('filters', [
    dict(site='ams01'),
    dict(occupied=False),
    dict(occupied=True),
    dict(speed='100G'),
    dict(site='ams01', occupied=False, speed='10G'),
])
def test_filters_match_the_api(sim, filters):
    slots = all_slots(sim)
    expected = [s for s in slots if all(s[k] == v for k, v in filters.items())]
    run = run_playbook(sim, [slot_info(**filters)])
    assert run.result()['slots'] == expected


def test_address_contains(sim):
    slots = all_slots(sim)
    word = slots[0]['facility']['address'][1]
    expected = [s for s in slots if any(word.lower() in line.lower() for line in s['facility']['address'])
                or word.lower() in s['facility']['name'].lower()]
    run = run_playbook(sim, [slot_info(address_contains=word)])
    assert run.result()['slots'] == expected
    assert run_playbook(sim, [slot_info(address_contains=word.upper())]).result()['slots'] == expected


@pytest.mark.parametrize('filters, same', [
    (dict(site='AMS01'), dict(site='ams01')),
    (dict(speed='10g'), dict(speed='10G')),
    (dict(site='Ams01', speed='100g', occupied=False), dict(site='ams01', speed='100G', occupied=False)),
])
def test_filters_that_differ_only_in_case_match(sim, filters, same):
    expected = [s for s in all_slots(sim) if all(s[k] == v for k, v in same.items())]
    assert expected
    run = run_playbook(sim, [slot_info(**filters)])
    assert run.result()['slots'] == expected


@pytest.mark.parametrize('option', ['site', 'speed', 'address_contains'])
def test_an_empty_filter_fails_naming_it_instead_of_listing_every_slot(sim, option):
    run = run_playbook(sim, [slot_info(**{option: ''})])
    assert run.result()['failed'] is True
    assert run.result()['msg'].startswith('%s: must not be empty' % option)
    assert sim.requests() == []


def test_no_match_is_an_empty_list(sim):
    run = run_playbook(sim, [slot_info(site='nowhere99')])
    assert run.result()['slots'] == []
    assert run.result().get('failed') is not True


def test_one_slot_by_id(sim):
    slot = all_slots(sim)[3]
    run = run_playbook(sim, [slot_info(id=slot['id'])])
    assert run.result()['slots'] == [slot]


def test_unknown_id_fails_with_the_404(sim):
    missing = str(uuid.uuid4())
    run = run_playbook(sim, [slot_info(id=missing)])
    result = run.result()
    assert result['failed'] is True
    assert 'HTTP 404' in result['msg'] and missing in result['msg']
    assert result['failure']['status'] == 404


@pytest.mark.parametrize('options, option', [
    (dict(id='not-a-uuid'), 'id'),
    (dict(occupied='maybe'), 'occupied'),
    (dict(id=str(uuid.uuid4()), site='ams01'), 'site'),
])
def test_bad_input_fails_before_any_request(sim, options, option):
    run = run_playbook(sim, [slot_info(**options)])
    assert run.result()['failed'] is True
    assert option in run.result()['msg']
    assert sim.requests() == []


def test_more_slots_than_one_page(sim):
    sim.reset(dict(slots=many_slots(23)))
    sim.configure(page_size=4)
    run = run_playbook(sim, [slot_info()])
    assert [s['id'] for s in run.result()['slots']] == [s['id'] for s in many_slots(23)]
    pages = [r for r in sim.requests() if r['path'].endswith('/slots')]
    assert len(pages) == 6
    assert [p['query'].get('cursor') for p in pages][1:] == ['4', '8', '12', '16', '20']


def test_runs_the_same_in_check_mode(sim):
    run = run_playbook(sim, [slot_info(occupied=False)], check=True)
    assert run.result()['slots'] == [s for s in all_slots(sim) if not s['occupied']]


def test_adhoc_with_a_filter(sim):
    completed = run_adhoc(sim, 'cloudflare.cni.slot_info', 'site=ams01 occupied=false')
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert 'SUCCESS' in completed.stdout
    result = json.loads(completed.stdout.split('=>', 1)[1])
    expected = [s for s in all_slots(sim) if s['site'] == 'ams01' and not s['occupied']]
    assert result['slots'] == expected
