# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault campaign: the sample estate converged through `cloudflare.cni.site` against a simulator that fails 30 %
of the requests (429, 500, 502, 503; a fixed seed each), then converged again without faults. Whatever the first run
did, the account ends with every declared object exactly once: no duplicate, nothing lost."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import json

import pytest
import yaml

from test_playbooks import DEMO_FIXTURES, SAMPLE, run_collection_playbook

SEEDS = range(1, 11)


def declared():
    with open(SAMPLE) as handle:
        return yaml.safe_load(handle)['estate_spec']


def is_declared(interconnect, record):
    if interconnect['type'] == 'direct':
        return record['type'] == 'direct' and record.get('slot_id') == interconnect['slot_id']
    return record['type'] == 'gcp_partner' and record.get('pairing_key') == interconnect['pairing_key']


def problems(state, estate, fixtures):
    """What differs between the simulator's state and the estate (plus the fixtures' own objects)."""
    found = []
    records = state['interconnects']
    names = {}
    for interconnect in estate['interconnects']:
        matches = [r for r in records if is_declared(interconnect, r)]
        if len(matches) != 1:
            found.append('%s: %d interconnects' % (interconnect['label'], len(matches)))
        else:
            names[interconnect['label']] = matches[0]['name']
    if len(records) != len(estate['interconnects']) + len(fixtures.get('interconnects', [])):
        found.append('%d interconnects in all: %s' % (len(records), sorted(r['name'] for r in records)))
    conduits = collections.Counter(c['magic']['conduit_name'] for c in state['cnis'])
    for interconnect in estate['interconnects']:
        for cni in interconnect.get('cnis', []):
            name = cni['magic']['conduit_name']
            on = [c['interconnect'] for c in state['cnis'] if c['magic']['conduit_name'] == name]
            if conduits[name] != 1 or on != [names.get(interconnect['label'])]:
                found.append('CNI %s: %d, on %s' % (name, conduits[name], on))
    declared_cnis = sum(len(i.get('cnis', [])) for i in estate['interconnects'])
    if len(state['cnis']) != declared_cnis + len(fixtures.get('cnis', [])):
        found.append('%d CNIs in all' % len(state['cnis']))
    return found


@pytest.mark.parametrize('seed', SEEDS)
def test_a_run_under_30_percent_faults_then_a_clean_run_leaves_no_duplicate_and_loses_nothing(sim, tmp_path, seed):
    with open(DEMO_FIXTURES) as handle:
        fixtures = json.load(handle)
    sim.reset(fixtures)
    # New interconnects read Healthy at once, so the role converges their CNIs in the same run.
    sim.configure(fault_rate=0.3, faults=['429', '500', '502', '503'], seed=seed, retry_after=0, healthy_after=0)
    faulted = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=%s' % SAMPLE)
    injected = [r for r in sim.requests() if r['fault']]
    sim.configure(fault_rate=0)
    duplicates = [p for p in problems(sim.state(), declared(), fixtures) if ': 2' in p or ': 3' in p]
    assert duplicates == [], 'after the faulted run: %s' % duplicates
    clean = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=%s' % SAMPLE)
    assert clean.rc == 0, clean.output[-3000:]
    assert problems(sim.state(), declared(), fixtures) == []
    assert injected, 'no fault was injected: the seed proves nothing'
    assert 'Traceback' not in faulted.output and 'Traceback' not in clean.output
