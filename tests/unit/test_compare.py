# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The normalise, compare, merge and diff helpers, and the CNI input rules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.cloudflare.cni.plugins.module_utils._cni import (
    md5_key_problem, normalise, prefix_problem, redact, select)
from ansible_collections.cloudflare.cni.plugins.module_utils._compare import desired_changes, diff, merged, prune

CURRENT = dict(id='c1', account='a', interconnect='ic-a', p2p_ip='100.64.0.0/31', cust_ip='100.64.0.1/31',
               magic=dict(conduit_name='x', description='d', mtu=1500),
               bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24', '198.51.100.0/24'], md5_key='k'))


def test_prune_drops_unset_options_and_empty_dicts():
    assert prune(dict(magic=dict(conduit_name='x', mtu=None), bgp=dict(customer_asn=None), id=None)) == \
        dict(magic=dict(conduit_name='x'))


def test_prune_keeps_empty_lists_and_falsy_values():
    assert prune(dict(bgp=dict(extra_prefixes=[], customer_asn=0))) == dict(bgp=dict(extra_prefixes=[], customer_asn=0))


def test_only_options_the_user_set_are_compared():
    assert desired_changes(CURRENT, dict(magic=dict(mtu=1500)), normalise) == {}
    assert desired_changes(CURRENT, dict(magic=dict(mtu=1476)), normalise) == dict(magic=dict(mtu=1476))


def test_prefixes_are_compared_as_a_set_of_networks():
    same = dict(bgp=dict(extra_prefixes=['198.51.100.0/24', '192.0.2.0/24', '192.0.2.0/24']))
    assert desired_changes(CURRENT, same, normalise) == {}
    host_bits = dict(bgp=dict(extra_prefixes=['198.51.100.7/24', '192.0.2.0/24']))
    assert desired_changes(CURRENT, host_bits, normalise) == {}
    other = dict(bgp=dict(extra_prefixes=['192.0.2.0/24']))
    assert desired_changes(CURRENT, other, normalise) == other


@pytest.mark.parametrize('have', [None, []])
def test_unset_and_empty_prefix_lists_are_equal(have):
    current = dict(bgp=dict(customer_asn=1, extra_prefixes=have))
    assert desired_changes(current, dict(bgp=dict(extra_prefixes=[])), normalise) == {}
    assert desired_changes(dict(bgp=dict(customer_asn=1)), dict(bgp=dict(extra_prefixes=[])), normalise) == {}


def test_adding_bgp_to_a_cni_without_it_is_a_change():
    current = dict(magic=dict(mtu=1500))
    assert desired_changes(current, dict(bgp=dict(customer_asn=64600)), normalise) == dict(bgp=dict(customer_asn=64600))


def test_merged_keeps_the_current_object_and_does_not_modify_it():
    result = merged(CURRENT, dict(magic=dict(mtu=1476)))
    assert result['magic'] == dict(conduit_name='x', description='d', mtu=1476)
    assert result['p2p_ip'] == CURRENT['p2p_ip']
    assert CURRENT['magic']['mtu'] == 1500


def test_diff_has_only_the_changed_keys():
    after = merged(CURRENT, dict(magic=dict(mtu=1476)))
    assert diff(CURRENT, after) == dict(before=dict(magic=dict(mtu=1500)), after=dict(magic=dict(mtu=1476)))


def test_diff_of_create_delete_and_no_change():
    assert diff(None, dict(a=1)) == dict(before={}, after=dict(a=1))
    assert diff(dict(a=1), {}) == dict(before=dict(a=1), after={})
    assert diff(dict(a=1), dict(a=1)) == dict(before={}, after={})


def test_redact_masks_the_md5_key_on_a_copy():
    shown = redact(CURRENT)
    assert shown['bgp']['md5_key'] == '********'
    assert CURRENT['bgp']['md5_key'] == 'k'
    assert redact(dict(bgp=dict(customer_asn=1))) == dict(bgp=dict(customer_asn=1))


@pytest.mark.parametrize('key', ['', 'a"b', 'a?b', 'a\tb', 'a\rb', 'a\nb', 'a\x0bb', 'a\x0cb', 'clé', 'a\x7fb'])
def test_md5_keys_the_api_refuses(key):
    assert md5_key_problem(key) is not None


@pytest.mark.parametrize('key', ["Ab9'!@#$%^&*()+[]{}<>/.,;:_-~`= \\|", 'x'])
def test_md5_keys_the_api_accepts(key):
    assert md5_key_problem(key) is None


@pytest.mark.parametrize('prefix, ok', [('192.0.2.0/24', True), ('192.0.2.4/31', True), ('10.0.0.1/8', False),
                                        ('192.0.2.0', False), ('2001:db8::/32', False), ('192.0.2.0/33', False),
                                        ('example.com/24', False)])
def test_prefixes_must_be_ipv4_cidrs(prefix, ok):
    assert (prefix_problem(prefix) is None) is ok


def test_select_filters_by_interconnect_and_name():
    cnis = [dict(id=1, interconnect='a', magic=dict(conduit_name='x')),
            dict(id=2, interconnect='b', magic=dict(conduit_name='x')),
            dict(id=3, interconnect='a', magic=dict(conduit_name='y'))]
    assert [c['id'] for c in select(cnis, interconnect='a')] == [1, 3]
    assert [c['id'] for c in select(cnis, name='x')] == [1, 2]
    assert [c['id'] for c in select(cnis, interconnect='a', name='y')] == [3]
