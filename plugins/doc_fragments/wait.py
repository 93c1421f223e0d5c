# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Waiting for an interconnect to become Healthy; used with POLLING (wait_timeout, wait_sleep).
    DOCUMENTATION = r'''
options:
  wait:
    description:
      - Whether to wait until the interconnect's status is C(Healthy) before the task ends.
      - Polls the status with backoff (see O(wait_sleep)) and fails after O(wait_timeout) seconds with the last state
        and reason.
      - Check mode never waits for an interconnect that it would create; it does wait for one that exists.
      - For waits of hours (a cross-connect), run the task with C(async) (longer than O(wait_timeout)) and C(poll)
        (how often Ansible checks, for example V(300)), so that no connection stays open meanwhile; or wait
        later with M(cloudflare.cni.interconnect_status). Waiting only reads, so other runs on the account may
        write meanwhile.
    type: bool
    default: false
'''

    # How long and how often to poll: with DOCUMENTATION (interconnect), or alone (interconnect_status, which waits
    # when wait_for is set).
    POLLING = r'''
options:
  wait_timeout:
    description:
      - How long to wait, in seconds, for the wanted state before the task fails with the last state and its reason.
      - V(0) reads the state once and fails at once unless it is already a wanted one.
      - Named C(wait_timeout) because O(timeout) is the common option that limits each HTTP request.
      - For hours, run the task with C(async) and C(poll) (see the examples of M(cloudflare.cni.interconnect)).
    type: int
    default: 600
  wait_sleep:
    description:
      - Seconds before the second read of the state. Each further pause doubles, up to 60 seconds, and never
        goes beyond the time left before O(wait_timeout).
    type: float
    default: 5
'''
