# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One simulator per test session, checked before every test: a dead or hung one is restarted (the test then
runs against the new one), and a test that fails gets the simulator's own output attached to its report."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from harness import ensure_live, start_simulator, stop_simulator

DEFAULT_CONFIG = dict(page_size=50, latency_ms=0, fault_rate=0, healthy_after=None, healthy_after_reads=None,
                      envelope=False, omit_md5_key=False, rate_limit=None)


@pytest.fixture(scope='session')
def simulator_process():
    sim = start_simulator()
    yield sim
    stop_simulator(sim)


@pytest.fixture
def sim(simulator_process, request):
    """The simulator, reset to its default estate, with no latency, faults or envelope."""
    try:
        dead = ensure_live(simulator_process)
    except RuntimeError as exc:
        pytest.fail('the simulator is down and does not start again: %s' % exc, pytrace=False)
    if dead is not None:
        request.node.add_report_section('setup', 'simulator', 'the simulator was down and was restarted; its last '
                                        'output:\n%s' % dead[-4000:])
    request.node.simulator_log_offset = simulator_process.log_size()
    request.node.simulator = simulator_process
    simulator_process.reset()
    simulator_process.configure(**DEFAULT_CONFIG)
    return simulator_process


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries what the simulator printed during it (tracebacks, exit status)."""
    outcome = yield
    report = outcome.get_result()
    sim = getattr(item, 'simulator', None)
    if report.failed and sim is not None:
        text = sim.log(getattr(item, 'simulator_log_offset', 0)).strip()
        report.sections.append(('simulator output (%s)' % call.when, text or '(nothing)'))
