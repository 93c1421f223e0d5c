# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Where every module runs.
    DOCUMENTATION = r'''
options: {}
attributes:
  platform:
    support: full
    platforms: all
    description: Runs wherever Python and C(requests) are, usually the controller.
'''

    # The modules that only read.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    description: Only reads; runs the same in check mode.
  diff_mode:
    support: none
    description: Reads only; there is nothing to diff.
'''

    # The modules that write and set serialise_writes: one run at a time per account on a controller.
    SERIALISED = r'''
options: {}
notes:
  - Runs that change one account are serialised on the controller. Outside check mode the task holds a lock
    (a file in the system's temporary folder, named after a hash of O(base_url) and O(account_id)) while it looks
    things up and writes, so that two runs at once cannot both see an object missing and both create it. The
    kernel releases the lock when the task ends.
  - A task waits up to 900 seconds for another run's task (E(CLOUDFLARE_CNI_LOCK_TIMEOUT) sets another number of
    seconds), then fails saying so. Runs on different controllers are not serialised; in AWX, do not allow
    concurrent jobs on a job template that changes an account.
'''
