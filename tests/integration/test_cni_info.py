# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.cni_info against the simulator: filters, paging, one by id."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

import pytest

from estate import cni, two_interconnects
from harness import run_playbook


def info(**options):
    return dict(name='info', **{'cloudflare.cni.cni_info': options})


@pytest.fixture
def estate(sim):
    sim.reset(two_interconnects([cni(i, 'ic-a' if i % 3 else 'ic-b') for i in range(12)]))
    return sim


def ids(cnis):
    return [c['id'] for c in cnis]


def test_every_cni_across_pages(estate):
    estate.configure(page_size=5)
    run = run_playbook(estate, [info()])
    assert ids(run.result()['cnis']) == [cni(i, '')['id'] for i in range(12)]
    assert len([r for r in estate.requests() if r['path'].endswith('/cnis')]) == 3


def test_filter_by_interconnect(estate):
    run = run_playbook(estate, [info(interconnect='ic-b')])
    assert ids(run.result()['cnis']) == [cni(i, '')['id'] for i in (0, 3, 6, 9)]


def test_filter_by_slot_is_sent_to_the_api(estate):
    slot_id = two_interconnects()['interconnects'][1]['slot_id']
    run = run_playbook(estate, [info(slot=slot_id)])
    assert ids(run.result()['cnis']) == [cni(i, '')['id'] for i in (0, 3, 6, 9)]
    assert estate.requests()[0]['query']['slot'] == slot_id


def test_filter_by_tunnel_id_is_sent_to_the_api(estate):
    tunnelled = dict(cni(20, 'ic-a'), tunnel_id='tunnel-7')
    estate.reset(two_interconnects([cni(i, 'ic-a') for i in range(3)] + [tunnelled]))
    run = run_playbook(estate, [info(tunnel_id='tunnel-7')])
    assert ids(run.result()['cnis']) == [tunnelled['id']]
    assert estate.requests()[0]['query']['tunnel_id'] == 'tunnel-7'


def test_filters_across_pages(estate):
    estate.configure(page_size=2)
    run = run_playbook(estate, [info(interconnect='ic-a')])
    assert ids(run.result()['cnis']) == [cni(i, '')['id'] for i in range(12) if i % 3]
    assert len([r for r in estate.requests() if r['path'].endswith('/cnis')]) == 6


def test_filter_by_conduit_name(estate):
    run = run_playbook(estate, [info(conduit_name='link-004')])
    assert ids(run.result()['cnis']) == [cni(4, '')['id']]


def test_no_match_is_an_empty_list(estate):
    run = run_playbook(estate, [info(conduit_name='nothing-here')])
    assert run.result()['cnis'] == []


def test_one_by_id_and_unknown_id_fails(estate):
    run = run_playbook(estate, [info(id=cni(5, '')['id'])])
    assert ids(run.result()['cnis']) == [cni(5, '')['id']]
    missing = str(uuid.uuid4())
    run = run_playbook(estate, [info(id=missing)])
    assert run.result()['failed'] is True and 'HTTP 404' in run.result()['msg']


@pytest.mark.parametrize('options, option', [(dict(id='x'), 'id'), (dict(slot='x'), 'slot'),
                                             (dict(id=str(uuid.uuid4()), interconnect='ic-a'), 'interconnect')])
def test_bad_input_fails_before_any_request(estate, options, option):
    run = run_playbook(estate, [info(**options)])
    assert run.result()['failed'] is True and option in run.result()['msg']
    assert estate.requests() == []
