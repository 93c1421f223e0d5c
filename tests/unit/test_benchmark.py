# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The benchmark's rate check reads the times the simulator really logs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'utils'))

import benchmark  # noqa: E402  pylint: disable=wrong-import-position


def test_busiest_window_counts_by_the_simulators_at_field():
    # The simulator logs each request's time as `at` (seconds since it started).
    log = [dict(seq=i, at=t, method='GET') for i, t in enumerate([0.0, 1.0, 2.0, 400.0, 401.0])]
    assert benchmark.busiest_window(log, seconds=300) == 3
    assert benchmark.busiest_window(log, seconds=1000) == 5
