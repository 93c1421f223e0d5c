# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The one place that normalises, compares and diffs API objects.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible.module_utils.common.dict_transformations import dict_merge, recursive_diff


def prune(value):
    """Drop None values (and dicts left empty by that) from the options a user set: unset means "leave as is"."""
    if isinstance(value, dict):
        pruned = {}
        for key, item in value.items():
            item = prune(item)
            if item is not None and item != {}:
                pruned[key] = item
        return pruned
    return value


def desired_changes(current, wanted, normalise=None):
    """The subset of `wanted` (already pruned) that differs from `current`, compared after `normalise(path, value)`."""
    changes = {}
    current = current or {}
    for key, value in wanted.items():
        have = current.get(key)
        if isinstance(value, dict) and isinstance(have, dict):
            sub = desired_changes(have, value, _sub_normaliser(normalise, key))
            if sub:
                changes[key] = sub
            continue
        left, right = value, have
        if normalise is not None:
            left, right = normalise(key, value), normalise(key, have)
        if left != right:
            changes[key] = value
    return changes


def _sub_normaliser(normalise, prefix):
    if normalise is None:
        return None
    return lambda key, value: normalise('%s.%s' % (prefix, key), value)


def merged(current, changes):
    """The whole object with `changes` applied on top (a deep copy; current is not modified)."""
    return dict_merge(copy.deepcopy(current or {}), copy.deepcopy(changes))


def diff(before, after):
    """A --diff payload with only the keys that change; a created or deleted object shows whole."""
    if before is None:
        return dict(before={}, after=after or {})
    if after is None:
        return dict(before=before or {}, after={})
    changed = recursive_diff(before, after)
    if not changed:
        return dict(before={}, after={})
    return dict(before=changed[0], after=changed[1])
