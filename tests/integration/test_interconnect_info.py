# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.interconnect_info, run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

from harness import ACCOUNT, run_playbook


def interconnect_info(task_name='interconnect_info', **options):
    return dict(name=task_name, ignore_errors=True, **{'cloudflare.cni.interconnect_info': options})


def estate(count):
    """count interconnects: direct ones in ams01 and fra02, and gcp_partner ones, interleaved."""
    items = []
    for index in range(count):
        if index % 3 == 2:
            items.append(dict(type='gcp_partner', name='gcp-europe-west4-%d' % index, account=ACCOUNT,
                              region='europe-west4', speed='1G', owner=ACCOUNT))
            continue
        site = 'ams01' if index % 3 == 0 else 'fra02'
        items.append(dict(type='direct', name='cni-%s-%d' % (site, index), account=ACCOUNT, site=site,
                          slot_id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'slot-%d' % index)), speed='10G',
                          facility=dict(name='Facility %s' % site, address=['Street %d' % index, site]),
                          owner=ACCOUNT))
    return items


def test_filters_and_every_page(sim):
    items = estate(23)
    sim.reset(dict(interconnects=items))
    sim.configure(page_size=4)
    run = run_playbook(sim, [
        interconnect_info('all'),
        interconnect_info('ams01', site='ams01'),
        interconnect_info('gcp', type='gcp_partner'),
        interconnect_info('direct in fra02', site='fra02', type='direct'),
        interconnect_info('nowhere', site='nowhere99'),
        interconnect_info('one', name='cni-fra02-4'),
    ], check=True)
    assert [i['name'] for i in run.result('all')['interconnects']] == [i['name'] for i in items]
    assert run.result('all')['interconnects'][0] == items[0]
    assert [i['name'] for i in run.result('ams01')['interconnects']] == [
        i['name'] for i in items if i.get('site') == 'ams01']
    assert [i['name'] for i in run.result('gcp')['interconnects']] == [
        i['name'] for i in items if i['type'] == 'gcp_partner']
    assert [i['name'] for i in run.result('direct in fra02')['interconnects']] == [
        i['name'] for i in items if i.get('site') == 'fra02']
    assert run.result('nowhere')['interconnects'] == []
    assert run.result('nowhere').get('failed') is not True
    assert run.result('one')['interconnects'] == [items[4]]
    assert all(r.get('changed') is False for _task, r in run.results())
    pages = [r for r in sim.requests() if r['path'].endswith('/interconnects') and 'type' not in r['query']]
    # every interconnect, then those of ams01 and of nowhere99 (site is matched here, case-insensitively)
    assert [p['query'].get('cursor') for p in pages] == [None, '4', '8', '12', '16', '20'] * 3
    assert any(r['query'].get('type') == 'direct' for r in sim.requests())
    assert sim.writes() == []


def test_unknown_name_fails_with_the_404_and_filters_exclude_name(sim):
    run = run_playbook(sim, [
        interconnect_info('unknown', name='cni-nowhere-1'),
        interconnect_info('exclusive', name='cni-ams01-1', site='ams01'),
        interconnect_info('bad type', type='aws'),
    ])
    unknown = run.result('unknown')
    assert unknown['failed'] is True
    assert 'HTTP 404' in unknown['msg'] and 'cni-nowhere-1' in unknown['msg']
    assert unknown['failure']['status'] == 404
    assert run.result('exclusive')['failed'] is True
    assert 'name' in run.result('exclusive')['msg'] and 'site' in run.result('exclusive')['msg']
    assert run.result('bad type')['failed'] is True
    assert 'type' in run.result('bad type')['msg']
    assert len(sim.requests()) == 1


def test_a_site_filter_that_differs_only_in_case_matches(sim):
    items = estate(23)
    sim.reset(dict(interconnects=items))
    run = run_playbook(sim, [interconnect_info('upper', site='AMS01'), interconnect_info('lower', site='ams01'),
                             interconnect_info('empty', site='')])
    assert run.result('upper')['interconnects'] == run.result('lower')['interconnects'] != []
    assert run.result('empty')['msg'].startswith('site: must not be empty')
