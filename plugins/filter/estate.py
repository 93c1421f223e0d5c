# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The estate role's planning filters; the logic lives (and is unit-tested) in module_utils/_estate.py.
Their documentation is in the YAML files of the same names beside this file."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudflare.cni.plugins.module_utils import _estate


def estate_plan(estate_spec, run_tags=None, skip_tags=None):
    return _estate.plan(estate_spec, run_tags, skip_tags)


def estate_interconnects(estate_plan_value, results):
    return _estate.interconnects(estate_plan_value, results)


def estate_cni_config(estate_spec, interconnects):
    return _estate.cni_config(estate_spec, interconnects)


def estate_health(estate_plan_value, interconnects, statuses):
    return _estate.health(estate_plan_value, interconnects, statuses)


def estate_undeclared(estate_plan_value, cnis_result, check_mode=False, purge=False, deferred=None):
    return _estate.undeclared(estate_plan_value, cnis_result, check_mode, purge, deferred)


def estate_conduit_names(estate_spec, account_cnis):
    return _estate.conduit_names(estate_spec, account_cnis)


def estate_edge_md5_keys(estate_spec, md5_keys=None):
    return _estate.edge_md5_keys(estate_spec, md5_keys)


def estate_abspath(path, cwd):
    return _estate.absolute_path(path, cwd)


def estate_seconds_left(until, now):
    return _estate.seconds_left(until, now)


class FilterModule(object):
    def filters(self):
        return dict(estate_plan=estate_plan, estate_interconnects=estate_interconnects,
                    estate_cni_config=estate_cni_config, estate_health=estate_health,
                    estate_undeclared=estate_undeclared, estate_conduit_names=estate_conduit_names,
                    estate_edge_md5_keys=estate_edge_md5_keys, estate_abspath=estate_abspath,
                    estate_seconds_left=estate_seconds_left)
