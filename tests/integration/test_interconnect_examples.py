# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The EXAMPLES of cloudflare.cni.interconnect (what `ansible-doc` shows), run as one playbook, twice in a row,
against the simulator: the second run, with the names the examples tell the user to keep, changes nothing, and
without them it refuses to guess rather than take the zone-2 attachment for the first."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import yaml

from harness import ROOT, run_playbook

KEYS = dict(gcp_pairing_key='2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/1',
            gcp_pairing_key_zone2='7a1c9e3d-0b2f-4e6a-8d4c-5f6e7a8b9c0d/europe-west4/2')


def examples(loa_dir):
    with open(os.path.join(ROOT, 'plugins', 'modules', 'interconnect.py')) as handle:
        tree = ast.parse(handle.read())
    text = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and getattr(node.targets[0], 'id', None) == 'EXAMPLES'][0]
    tasks = yaml.safe_load(text.replace('/srv/loa/', str(loa_dir) + '/'))
    for task in tasks:
        for options in task.values():
            if isinstance(options, dict) and (options.get('wait_for') or options.get('wait')):
                options['wait_sleep'] = 0.5  # the simulator's interconnects are Healthy after 1 s
        if 'poll' in task:
            task['poll'] = 1
    return tasks


def test_the_examples_run_twice_in_a_row_and_the_second_run_changes_nothing(sim, tmp_path):
    sim.configure(healthy_after=1)
    tasks = examples(tmp_path)
    first = run_playbook(sim, tasks, extra_vars=KEYS)
    assert first.stats['failures'] == 0, [(t, r.get('msg')) for t, r in first.results() if r.get('failed')]
    names = dict(gcp_name=first.result('The first attachment of a GCP pair; wait until it is Healthy')
                 ['interconnect']['name'],
                 gcp_zone2_name=first.result('The second attachment of the pair (same bandwidth and region); the '
                                             'first is not it')['interconnect']['name'])
    assert names['gcp_name'] != names['gcp_zone2_name']
    state = sim.state()
    assert len(state['interconnects']) == 3
    keys = dict((i['name'], i['pairing_key']) for i in state['interconnects'])
    assert keys[names['gcp_name']] == KEYS['gcp_pairing_key']
    assert keys[names['gcp_zone2_name']] == KEYS['gcp_pairing_key_zone2']
    sim.clear_log()
    second = run_playbook(sim, tasks, extra_vars=dict(KEYS, **names))
    assert second.stats['failures'] == 0, [(t, r.get('msg')) for t, r in second.results() if r.get('failed')]
    assert second.stats['changed'] == 0
    assert sim.writes() == []
    # Without the kept names, the first task cannot tell the two attachments apart: it fails and names both.
    third = run_playbook(sim, tasks, extra_vars=KEYS)
    failed = [r for _t, r in third.results() if r.get('failed')]
    assert len(failed) == 1 and 'Set name' in failed[0]['msg']
    assert names['gcp_name'] in failed[0]['msg'] and names['gcp_zone2_name'] in failed[0]['msg']
    assert sim.writes() == []
    assert dict((i['name'], i['pairing_key']) for i in sim.state()['interconnects']) == keys
