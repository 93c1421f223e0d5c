# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The harness itself: the simulator's output goes to a log (never an unread pipe), a dead simulator is restarted,
and an ansible run that ends without its JSON, or hangs, fails with how it ended and what it printed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import signal
import subprocess

import pytest
import requests

import harness
from harness import RunFailed, ensure_live, parse_test_json, run_playbook, start_simulator, stop_simulator


@pytest.fixture
def own_sim():
    sim = start_simulator()
    yield sim
    stop_simulator(sim)


def test_the_simulator_writes_to_a_log_file_not_to_a_pipe(own_sim):
    assert own_sim.process.stdout is None and own_sim.process.stderr is None
    assert 'CNI simulator listening on %s' % own_sim.control_url in own_sim.log()
    assert requests.get(own_sim.control_url + '/__sim__/health', timeout=60).json() == {'ok': True}


def test_a_killed_simulator_is_restarted_with_its_options_and_its_end_is_reported(own_sim):
    old_pid = own_sim.process.pid
    os.kill(old_pid, signal.SIGKILL)
    own_sim.process.wait(timeout=60)
    assert own_sim.alive() is False
    dead = ensure_live(own_sim)
    assert 'killed by SIGKILL' in dead and 'listening on' in dead
    assert own_sim.alive() and own_sim.process.pid != old_pid and own_sim.restarts == 1
    own_sim.reset()
    assert own_sim.api('GET', 'settings')  # the API answers on the new port
    assert ensure_live(own_sim) is None


def test_a_simulator_that_cannot_start_fails_with_its_own_message():
    with pytest.raises(RuntimeError) as failure:
        start_simulator('--page-size', 'many')
    assert 'simulator did not start' in str(failure.value)
    assert 'page-size' in str(failure.value)  # argparse's message, from the simulator's log


def completed(rc, stdout='', stderr=''):
    return subprocess.CompletedProcess(['ansible-playbook'], rc, stdout, stderr)


def test_a_run_killed_without_output_says_so():
    with pytest.raises(RunFailed) as failure:
        parse_test_json(completed(-9))
    assert 'was killed by SIGKILL' in str(failure.value)
    with pytest.raises(RunFailed) as failure:
        parse_test_json(completed(4, 'PLAY [x]\n', 'ERROR! the role was not found'))
    assert 'exited with status 4' in str(failure.value) and 'the role was not found' in str(failure.value)


def test_the_json_document_is_found_when_other_lines_follow_it():
    doc = parse_test_json(completed(0, '{"tasks": [], "stats": {}}\n[WARNING]: printed at exit\n'))
    assert doc == {'tasks': [], 'stats': {}}


def test_a_run_that_hangs_fails_with_what_it_printed(sim, monkeypatch):
    monkeypatch.setattr(harness, 'RUN_TIMEOUT', 1)
    with pytest.raises(RunFailed) as failure:
        run_playbook(sim, [dict(name='hang', **{'ansible.builtin.pause': dict(seconds=600)})])
    assert 'did not finish within 1s' in str(failure.value)
