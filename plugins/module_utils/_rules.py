# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The value rules every module, the cnis planner and the estate role's checks share: pure functions that say why a
# value would be refused, or None. They never repeat the value (it may be a secret).

from __future__ import absolute_import, division, print_function

__metaclass__ = type

INT32_MAX = 2147483647
NAME_MAX = 255
TEXT_MAX = 10000


def int_problem(value, minimum=0, maximum=INT32_MAX):
    """Why an integer option is out of range (or a boolean, which YAML and Python take for 1 or 0), or None."""
    if isinstance(value, bool):
        return 'must be an integer, not a boolean (%s)' % value
    if not minimum <= value <= maximum:
        return 'must be an integer from %d to %d, got %d' % (minimum, maximum, value)
    return None


def text_problem(value, maximum=NAME_MAX):
    """Why a name is unusable (empty, too long, control characters such as NUL or a line break), or None."""
    if not value.strip():
        return 'must not be empty'
    if len(value) > maximum:
        return 'must be at most %d characters, got %d' % (maximum, len(value))
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return 'must not contain control characters (NUL, tab, line breaks)'
    return None


def any_text_problem(value):
    """Why free text (any option, secrets included) is unusable: a NUL character, or more than TEXT_MAX characters."""
    if '\x00' in value:
        return 'must not contain control characters (NUL)'
    if len(value) > TEXT_MAX:
        return 'must be at most %d characters, got %d' % (TEXT_MAX, len(value))
    return None
