# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from harness import start_simulator, stop_simulator


@pytest.fixture(scope='session')
def simulator_process():
    sim = start_simulator()
    yield sim
    stop_simulator(sim)


@pytest.fixture
def sim(simulator_process):
    """The simulator, reset to its default estate, with no latency, faults, envelope or rate limit."""
    simulator_process.reset()
    simulator_process.configure(page_size=50, latency_ms=0, fault_rate=0, healthy_after=None, envelope=False,
                                omit_md5_key=False, rate_limit=None)
    return simulator_process
