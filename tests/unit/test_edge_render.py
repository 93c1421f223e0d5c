# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The edge_config rendering: input checks with clear errors, what goes into the filters, the MD5 key's masking."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import re

import pytest

from ansible_collections.cloudflare.cni.plugins.module_utils._edge import (
    PLATFORMS, EdgeError, mask, name_part, render)

KEY = 'Sentinel-Key_42'
CNI = dict(id='c1', interconnect='cni-ams01-1', p2p_ip='100.64.0.0/31', cust_ip='100.64.0.1/31',
           magic=dict(conduit_name='ams-core-1', description='d', mtu=1500),
           bgp=dict(customer_asn=64600, extra_prefixes=['198.51.100.0/24'], md5_key=KEY))


def cni(**changes):
    doc = copy.deepcopy(CNI)
    for dotted, value in changes.items():
        target = doc
        parts = dotted.split('__')
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return doc


def error(the_cni=None, platform='frr', **options):
    options.setdefault('default_asn', 13335)
    options.setdefault('interface', 'eth1')
    with pytest.raises(EdgeError) as caught:
        render(CNI if the_cni is None else the_cni, platform, **options)
    assert KEY not in str(caught.value)
    return caught.value


@pytest.mark.parametrize('field, value, expected', [
    ('cust_ip', '100.64.0.1', "cust_ip: must be an IPv4 address with its prefix length, A.B.C.D/N, got '100.64.0.1'"),
    ('cust_ip', '100.64.0.300/31', 'cust_ip: must be an IPv4 address with its prefix length'),
    ('p2p_ip', None, 'p2p_ip: must be an IPv4 address with its prefix length'),
    ('cust_ip', '100.64.0.3/31', 'cust_ip: 100.64.0.3/31 and p2p_ip 100.64.0.0/31 must be two addresses of one link'),
    ('cust_ip', '100.64.0.0/31', 'cust_ip: 100.64.0.0/31 and p2p_ip 100.64.0.0/31 must be two addresses'),
    ('magic__mtu', 0, 'magic.mtu: must be an integer from 68 to 65535, got 0'),
    ('magic__mtu', 'big', "magic.mtu: must be an integer from 68 to 65535, got 'big'"),
    ('bgp__customer_asn', 13335, 'bgp.customer_asn: 13335 equals default_asn: Cloudflare supports eBGP only'),
    ('bgp__customer_asn', 0, 'bgp.customer_asn: must be an integer from 1 to 4294967295, got 0'),
    ('bgp__extra_prefixes', ['198.51.100.0'], "bgp.extra_prefixes[0]: must be an IPv4 prefix A.B.C.D/N"),
    ('bgp__extra_prefixes', '198.51.100.0/24', 'bgp.extra_prefixes: must be a list of IPv4 prefixes'),
    ('bgp__md5_key', 'x' * 81, 'md5_key: must be at most 80 characters, got 81'),
    ('bgp__md5_key', 'tab\there', 'md5_key: must not contain a double quote, question mark, tab'),
    ('bgp__md5_key', '', 'md5_key: must not be empty'),
    ('bgp__md5_key', '********', 'bgp.md5_key: is masked (cni_info and cni hide it); give the key as md5_key'),
])
def test_bad_cni_fields_fail_with_a_message_naming_them(field, value, expected):
    assert str(error(cni(**{field: value}))).startswith(expected)


def test_bad_parameters_fail_with_a_message_naming_them():
    assert str(error(prefixes=['192.0.2.1/24'])).startswith(
        "prefixes[0]: must be an IPv4 prefix A.B.C.D/N, got '192.0.2.1/24' (192.0.2.1/24 has host bits set)")
    assert error(prefixes='192.0.2.0/24').option == 'prefixes'
    assert error(interface='eth 1').option == 'interface'
    assert error(interface=None).option == 'interface'
    assert error(default_asn=None).option == 'default_asn'
    assert error(platform='vyos').option == 'platform'
    assert error(the_cni=[CNI]).option == 'cni'


@pytest.mark.parametrize('platform, key, allowed', [
    ('frr', 'with space', False), ('eos', 'with space', False), ('junos', 'with space', True),
    ('ios_xe', 'with space', True), ('ios_xe', '9lives', False), ('frr', '9lives', True),
    ('junos', ' leading', False), ('frr', 'x' * 80, True),
])
def test_md5_keys_that_a_platform_command_cannot_carry_are_refused(platform, key, allowed):
    if allowed:
        render(cni(bgp__md5_key=key), platform, default_asn=13335, interface='eth1')
    else:
        assert error(cni(bgp__md5_key=key), platform=platform).option == 'md5_key'


def test_the_key_parameter_wins_over_the_cni_and_junos_escapes_backslashes():
    text, _w = render(cni(bgp__md5_key='********'), 'junos', default_asn=13335, interface='et-0/0/1',
                      md5_key='a\\b c')
    assert 'neighbor 100.64.0.0 authentication-key "a\\\\b c"\n' in text


def test_filters_take_exactly_the_extra_prefixes_and_announce_exactly_the_users_prefixes():
    the_cni = cni(bgp__extra_prefixes=['203.0.113.0/24', '198.51.100.1/24', '203.0.113.0/24'])
    text, warnings = render(the_cni, 'frr', default_asn=13335, interface='eth1',
                            prefixes=['192.0.2.0/24', '10.0.0.0/8', '192.0.2.0/24'])
    assert warnings == []
    assert [line for line in text.splitlines() if line.startswith('ip prefix-list')] == [
        'ip prefix-list CF-ams-core-1-IN seq 5 permit 198.51.100.0/24',  # Cloudflare's list: host bits cleared
        'ip prefix-list CF-ams-core-1-IN seq 10 permit 203.0.113.0/24',
        'ip prefix-list CF-ams-core-1-OUT seq 5 permit 10.0.0.0/8',
        'ip prefix-list CF-ams-core-1-OUT seq 10 permit 192.0.2.0/24']
    assert [line for line in text.splitlines() if line.startswith('  network')] == [
        '  network 10.0.0.0/8', '  network 192.0.2.0/24']
    assert 'blackhole' not in text


@pytest.mark.parametrize('platform', PLATFORMS)
def test_empty_lists_deny_everything_rather_than_permit_everything(platform):
    text, _w = render(cni(bgp__extra_prefixes=[]), platform, default_asn=13335, interface='eth1')
    if platform == 'junos':
        assert 'term other then reject' in text and 'prefix-list-filter' not in text
    else:
        assert text.count('deny 0.0.0.0/0 le 32') == 2
        assert ' permit ' not in text


def test_warnings_for_4_byte_asns_and_advertise_only_and_a_comment_without_bgp():
    _t, warnings = render(cni(bgp__customer_asn=4200000000), 'frr', default_asn=13335, interface='eth1')
    assert warnings == ['CNI ams-core-1: Cloudflare documents that 4-byte ASNs are not supported on CNI BGP sessions']
    text, warnings = render(cni(bgp_mode='advertise_only'), 'eos', default_asn=13335, interface='Ethernet1',
                            prefixes=['192.0.2.0/24'])
    assert warnings == ['CNI ams-core-1 is advertise_only (Cloudflare takes no routes over it): nothing is announced']
    assert 'network' not in text and 'CF-ams-core-1-OUT seq 10 deny 0.0.0.0/0 le 32' in text
    no_bgp = cni()
    del no_bgp['bgp']
    text, warnings = render(no_bgp, 'ios_xe', interface='Gi0/0/1', prefixes=['192.0.2.0/24'])
    assert 'router bgp' not in text and ' ip address 100.64.0.1 255.255.255.254' in text
    assert warnings == [] and '! This CNI has no BGP: only the link is configured.' in text


@pytest.mark.parametrize('platform', PLATFORMS)
def test_mask_hides_the_key_and_says_when_it_changed(platform):
    old, _w = render(CNI, platform, default_asn=13335, interface='eth1')
    new, _w = render(cni(bgp__md5_key='Other-Key'), platform, default_asn=13335, interface='eth1')
    assert KEY in old and KEY not in mask(old, platform)
    assert '********' in mask(old, platform)
    shown = mask(new, platform, changed_from=old)
    assert 'Other-Key' not in shown and '******** (changed)' in shown
    assert mask(old, platform, changed_from=old) == mask(old, platform)  # same key: nothing to flag
    assert mask(new, platform, changed_from='') == mask(new, platform)  # new file: nothing to compare with


def test_name_part_keeps_names_safe_for_policies_and_files():
    assert name_part('ams core/1') == 'ams-core-1'
    assert name_part('../..') == 'cni'


def test_the_readme_examples_are_what_the_renderer_writes():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, 'README.md')) as handle:
        section = handle.read().split('## Both ends of the link', 1)[1].split('\n## ', 1)[0]
    shown = re.findall(r'<summary>[^<]*<code>(\w+)</code>\)</summary>\n\n```text\n(.*?)```', section, re.DOTALL)
    assert [platform for platform, _text in shown] == list(PLATFORMS)
    readme_cni = dict(id='0b6f3f0e-5d3c-4c38-9a0a-1f2e3d4c5b6a', interconnect='cni-ams01-1', p2p_ip='100.64.0.0/31',
                      cust_ip='100.64.0.1/31', magic=dict(conduit_name='ams-core-1', description='', mtu=1500),
                      bgp=dict(customer_asn=64600, extra_prefixes=['198.51.100.0/24'], md5_key='Not-a-secret_1'))
    interfaces = dict(frr='eth1', junos='et-0/0/1', ios_xe='TenGigabitEthernet0/0/1', eos='Ethernet1')
    for platform, text in shown:
        assert text == render(readme_cni, platform, default_asn=13335, prefixes=['192.0.2.0/24'],
                              interface=interfaces[platform])[0]


@pytest.mark.parametrize('platform, line', [
    ('ios_xe', ' neighbor 100.64.0.0 password 7 0822455D0A16'),
    ('eos', '   neighbor 100.64.0.0 password 7 abcDEF=='),
    ('junos', 'set protocols bgp group X authentication-key hand-typed'),
    ('frr', ' neighbor 100.64.0.0 password hand-typed'),
])
def test_mask_also_hides_keys_in_files_written_by_hand(platform, line):
    assert mask('x\n%s\ny\n' % line, platform).splitlines()[1].endswith('********')
