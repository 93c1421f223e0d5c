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
