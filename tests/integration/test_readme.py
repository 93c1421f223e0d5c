# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's ordering flow, taken from README.md as it stands, run twice against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess

import yaml

from harness import BIN, ROOT, ansible_env


def readme_flow():
    with open(os.path.join(ROOT, 'README.md')) as handle:
        text = handle.read()
    section = text.split('## The ordering flow', 1)[1]
    return section.split('```yaml\n', 1)[1].split('```', 1)[0]


def test_the_readme_ordering_flow_works_and_a_second_run_changes_nothing(sim, tmp_path):
    sim.configure(healthy_after=1)
    play = yaml.safe_load(readme_flow())
    play[0]['tasks'][4]['cloudflare.cni.interconnect_status'].update(wait_timeout=30, wait_sleep=0.5)
    playbook = tmp_path / 'flow.yml'
    playbook.write_text(yaml.safe_dump(play))
    recaps = []
    for _run in range(2):
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                                    str(playbook)], env=ansible_env(sim), cwd=str(tmp_path), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
        assert completed.returncode == 0, completed.stdout
        recaps.append(completed.stdout.rsplit('PLAY RECAP', 1)[1])
    assert 'changed=3' in recaps[0]  # interconnect, LOA, CNI
    assert 'changed=0' in recaps[1]
    state = sim.state()
    assert len(state['interconnects']) == 1 and len(state['cnis']) == 1
    assert [p.name for p in tmp_path.glob('loa-*.pdf')] == ['loa-%s.pdf' % state['interconnects'][0]['name']]
