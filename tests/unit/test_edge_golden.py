# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Golden files of the edge_config rendering, and every rendered line checked against the command syntax that the
vendor documents (one pattern per documented command, with the page it comes from).

The golden files live in tests/unit/golden/edge/: `#|` lines name the documentation pages, the rest is the exact text.
Regenerate them after a deliberate change with EDGE_GOLDEN_UPDATE=1 and review the difference."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

from ansible_collections.cloudflare.cni.plugins.module_utils._edge import PLATFORMS, render

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden', 'edge')
ASN = r'\d{1,10}'
IP = r'\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}'
CIDR = IP + r'/\d{1,2}'
NAME = r'[A-Za-z0-9_-]+'
IFNAME = r'[A-Za-z0-9/:._-]+'

FRR_DOCS = 'https://docs.frrouting.org/en/stable-8.4/'
JUNOS_DOCS = 'https://www.juniper.net/documentation/us/en/software/junos/'
IOS_DOCS = 'https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/'
EOS_DOCS = 'https://www.arista.com/en/um-eos/'

# (pattern of one line, the page that documents the command)
SYNTAX = dict(
    frr=[
        (r'!   ip link set dev %s mtu \d+' % IFNAME, 'ip-link(8): ip link set dev NAME mtu MTU (Linux owns the MTU)'),
        (r'!.*', FRR_DOCS + 'basic.html (config file: lines starting with ! are comments)'),
        (r'interface %s' % IFNAME, FRR_DOCS + 'zebra.html: interface IFNAME'),
        (r' description .+', FRR_DOCS + 'zebra.html: description DESCRIPTION ...'),
        (r' ip address %s' % CIDR, FRR_DOCS + 'zebra.html: ip address ADDRESS/PREFIX'),
        (r'exit', FRR_DOCS + 'basic.html: exit (leave the node)'),
        (r'ip prefix-list %s seq \d+ (permit|deny) %s( le \d+)?' % (NAME, CIDR),
         FRR_DOCS + 'filter.html: ip prefix-list NAME [seq NUMBER] permit|deny PREFIX [le LEN]'),
        (r'ip route %s blackhole' % CIDR, FRR_DOCS + 'static.html: ip route NETWORK blackhole'),
        (r'router bgp %s' % ASN, FRR_DOCS + 'bgp.html: router bgp ASN'),
        (r' neighbor %s remote-as %s' % (IP, ASN), FRR_DOCS + 'bgp.html: neighbor PEER remote-as ASN'),
        (r' neighbor %s description .+' % IP, FRR_DOCS + 'bgp.html: neighbor PEER description ...'),
        (r' neighbor %s password \S{1,80}' % IP, FRR_DOCS + 'bgp.html: neighbor PEER password PASSWORD'),
        (r' address-family ipv4 unicast', FRR_DOCS + 'bgp.html: address-family <ipv4|ipv6> unicast'),
        (r'  network %s' % CIDR, FRR_DOCS + 'bgp.html: network A.B.C.D/M'),
        (r'  neighbor %s prefix-list %s (in|out)' % (IP, NAME), FRR_DOCS + 'bgp.html: neighbor PEER prefix-list NAME [in|out]'),
        (r' exit-address-family', FRR_DOCS + 'bgp.html: exit-address-family'),
    ],
    junos=[
        (r'#.*', JUNOS_DOCS + 'cli/topics/topic-map/junos-config-files-loading.html (# starts a comment)'),
        (r'set interfaces %s description "[^"]*"' % IFNAME,
         JUNOS_DOCS + 'interfaces-fundamentals/topics/ref/statement/description-edit-interfaces.html'),
        (r'set interfaces %s mtu \d+' % IFNAME, JUNOS_DOCS + 'interfaces-ethernet/topics/ref/statement/mtu-edit-interfaces.html'),
        (r'set interfaces %s unit 0 family inet mtu \d+' % IFNAME,
         JUNOS_DOCS + 'interfaces-ethernet/topics/ref/statement/mtu-edit-interfaces.html (family inet mtu)'),
        (r'set interfaces %s unit 0 family inet address %s' % (IFNAME, CIDR),
         JUNOS_DOCS + 'interfaces-fundamentals/topics/ref/statement/address-edit-interfaces.html'),
        (r'set policy-options prefix-list %s %s' % (NAME, CIDR),
         JUNOS_DOCS + 'routing-policy/topics/ref/statement/prefix-list-edit-policy-options.html'),
        (r'set policy-options policy-statement %s term %s from prefix-list-filter %s exact' % (NAME, NAME, NAME),
         JUNOS_DOCS + 'routing-policy/topics/ref/statement/prefix-list-filter-edit-policy-options.html'),
        (r'set policy-options policy-statement %s term %s then (accept|reject)' % (NAME, NAME),
         JUNOS_DOCS + 'routing-policy/topics/ref/statement/policy-statement-edit-policy-options.html'),
        (r'set routing-options static route %s discard' % CIDR,
         JUNOS_DOCS + 'static-routing/topics/ref/statement/static-edit-routing-options.html (route ... discard)'),
        (r'set protocols bgp group %s type external' % NAME, JUNOS_DOCS + 'bgp/topics/ref/statement/type-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s description "[^"]*"' % NAME,
         JUNOS_DOCS + 'bgp/topics/ref/statement/description-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s local-address %s' % (NAME, IP),
         JUNOS_DOCS + 'bgp/topics/ref/statement/local-address-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s local-as %s' % (NAME, ASN), JUNOS_DOCS + 'bgp/topics/ref/statement/local-as-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s peer-as %s' % (NAME, ASN), JUNOS_DOCS + 'bgp/topics/ref/statement/peer-as-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s (import|export) %s' % (NAME, NAME),
         JUNOS_DOCS + 'bgp/topics/ref/statement/import-edit-protocols-bgp.html, export-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s neighbor %s' % (NAME, IP), JUNOS_DOCS + 'bgp/topics/ref/statement/neighbor-edit-protocols-bgp.html'),
        (r'set protocols bgp group %s neighbor %s authentication-key "[^"]{1,126}"' % (NAME, IP),
         JUNOS_DOCS + 'bgp/topics/ref/statement/authentication-key-edit-protocols-bgp.html (up to 126 characters, '
         'quoted when it has spaces)'),
    ],
    ios_xe=[
        (r'!.*', IOS_DOCS + 'fundamentals/configuration/xe-16/fundamentals-xe-16-book.html (! starts a comment)'),
        (r'interface %s' % IFNAME, IOS_DOCS + 'interface/command/ir-cr-book.html: interface'),
        (r' description .+', IOS_DOCS + 'interface/command/ir-cr-book.html: description (interface)'),
        (r' mtu \d+', IOS_DOCS + 'interface/command/ir-cr-book.html: mtu'),
        (r' ip address %s %s' % (IP, IP), IOS_DOCS + 'ipaddr/command/ipaddr-cr-book.html: ip address'),
        (r'ip prefix-list %s seq \d+ (permit|deny) %s( le \d+)?' % (NAME, CIDR),
         IOS_DOCS + 'iproute_pi/command/iri-cr-book.html: ip prefix-list'),
        (r'ip route %s %s Null0' % (IP, IP), IOS_DOCS + 'iproute_pi/command/iri-cr-book.html: ip route'),
        (r'router bgp %s' % ASN, IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: router bgp'),
        (r' neighbor %s remote-as %s' % (IP, ASN), IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: neighbor remote-as'),
        (r' neighbor %s description .{1,80}' % IP, IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: neighbor description'),
        (r' neighbor %s password [^0-9].{0,79}' % IP,
         IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: neighbor password (first character not a number)'),
        (r' address-family ipv4 unicast', IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: address-family ipv4 (BGP)'),
        (r'  network %s mask %s' % (IP, IP), IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: network (BGP and multiprotocol BGP)'),
        (r'  neighbor %s activate' % IP, IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: neighbor activate'),
        (r'  neighbor %s prefix-list %s (in|out)' % (IP, NAME), IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: neighbor prefix-list'),
        (r' exit-address-family', IOS_DOCS + 'iproute_bgp/command/irg-cr-book.html: exit-address-family'),
    ],
    eos=[
        (r'!.*', EOS_DOCS + 'eos-command-line-interface (! starts a comment)'),
        (r'interface %s' % IFNAME, EOS_DOCS + 'eos-ethernet-ports: interface ethernet'),
        (r'   description .+', EOS_DOCS + 'eos-ethernet-ports: description'),
        (r'   no switchport', EOS_DOCS + 'eos-ethernet-ports: switchport (no switchport: routed port)'),
        (r'   mtu \d+', EOS_DOCS + 'eos-ipv4: mtu'),
        (r'   ip address %s' % CIDR, EOS_DOCS + 'eos-ipv4: ip address'),
        (r'ip prefix-list %s seq \d+ (permit|deny) %s( le \d+)?' % (NAME, CIDR), EOS_DOCS + 'eos-routing-policy: ip prefix-list'),
        (r'ip route %s Null0' % CIDR, EOS_DOCS + 'eos-ipv4: ip route'),
        (r'router bgp %s' % ASN, EOS_DOCS + 'eos-border-gateway-protocol-bgp: router bgp'),
        (r'   neighbor %s remote-as %s' % (IP, ASN), EOS_DOCS + 'eos-border-gateway-protocol-bgp: neighbor remote-as'),
        (r'   neighbor %s description .+' % IP, EOS_DOCS + 'eos-border-gateway-protocol-bgp: neighbor description'),
        (r'   neighbor %s password 0 \S{1,80}' % IP,
         EOS_DOCS + 'eos-border-gateway-protocol-bgp: neighbor password [0|7] key (0: unencrypted)'),
        (r'   neighbor %s prefix-list %s (in|out)' % (IP, NAME), EOS_DOCS + 'eos-border-gateway-protocol-bgp: neighbor prefix-list'),
        (r'   network %s' % CIDR, EOS_DOCS + 'eos-border-gateway-protocol-bgp: network (BGP)'),
        (r'   address-family ipv4', EOS_DOCS + 'eos-border-gateway-protocol-bgp: address-family (BGP)'),
        (r'      neighbor %s activate' % IP, EOS_DOCS + 'eos-border-gateway-protocol-bgp: neighbor activate'),
    ],
)

INTERFACES = dict(frr='eth1', junos='et-0/0/1', ios_xe='TenGigabitEthernet0/0/1', eos='Ethernet1')
BASE = dict(id='0b6f3f0e-5d3c-4c38-9a0a-1f2e3d4c5b6a', account='023e105f4ecef8ad9ca31a8372d0c353',
            interconnect='cni-ams01-1', p2p_ip='100.64.0.0/31', cust_ip='100.64.0.1/31',
            magic=dict(conduit_name='ams-core-1', description='Amsterdam core 1', mtu=1500))
CASES = dict(
    full=dict(cni=dict(BASE, magic=dict(BASE['magic'], mtu=1476), bgp=dict(
        customer_asn=64600, extra_prefixes=['203.0.113.0/24', '198.51.100.0/24'], md5_key='Not-a-secret_1')),
        prefixes=['192.0.2.0/25', '192.0.2.128/25'], null_routes=True),
    link_only=dict(cni=BASE, prefixes=[], null_routes=False),
    no_key_nothing_to_exchange=dict(cni=dict(BASE, bgp=dict(customer_asn=64600, extra_prefixes=[])),
                                    prefixes=[], null_routes=False),
    advertise_only=dict(cni=dict(BASE, bgp_mode='advertise_only', bgp=dict(
        customer_asn=64600, extra_prefixes=['198.51.100.0/24'], md5_key='Not-a-secret_1')),
        prefixes=[], null_routes=False),
)


def rendered(case, platform):
    spec = CASES[case]
    text, _warnings = render(spec['cni'], platform, default_asn=13335, prefixes=spec['prefixes'],
                             interface=INTERFACES[platform], null_routes=spec['null_routes'])
    return text


def golden_path(case, platform):
    return os.path.join(GOLDEN, '%s.%s.conf' % (case, platform))


def sources(platform, text):
    """The documentation pages of the patterns that the text's lines use, in table order."""
    used = []
    for line in text.splitlines():
        for pattern, source in SYNTAX[platform]:
            if re.match(r'\A%s\Z' % pattern, line) and source not in used:
                used.append(source)
                break
    return [source for _p, source in SYNTAX[platform] if source in used]


@pytest.mark.parametrize('platform', PLATFORMS)
@pytest.mark.parametrize('case', sorted(CASES))
def test_rendering_matches_its_golden_file(case, platform):
    text = rendered(case, platform)
    path = golden_path(case, platform)
    if os.environ.get('EDGE_GOLDEN_UPDATE'):
        header = ['#| Golden file of tests/unit/test_edge_golden.py (%s, %s). Each line below follows the syntax '
                  'documented on:' % (case, platform)] + ['#|   %s' % source for source in sources(platform, text)]
        with open(path, 'w') as handle:
            handle.write('\n'.join(header) + '\n' + text)
    with open(path) as handle:
        golden = ''.join(line for line in handle if not line.startswith('#|'))
    assert text == golden


@pytest.mark.parametrize('platform', PLATFORMS)
@pytest.mark.parametrize('case', sorted(CASES))
def test_every_line_follows_the_documented_syntax(case, platform):
    for line in rendered(case, platform).splitlines():
        matches = [source for pattern, source in SYNTAX[platform] if re.match(r'\A%s\Z' % pattern, line)]
        assert matches, 'no documented %s command matches %r' % (platform, line)


@pytest.mark.parametrize('platform', PLATFORMS)
def test_golden_files_name_the_documentation_of_every_command_they_use(platform):
    for case in CASES:
        with open(golden_path(case, platform)) as handle:
            content = handle.read()
        named = [line[5:] for line in content.splitlines() if line.startswith('#|   ')]
        assert named == sources(platform, rendered(case, platform))


def test_the_syntax_check_rejects_a_line_no_vendor_documents():
    assert not any(re.match(r'\A%s\Z' % pattern, ' neighbor 100.64.0.0 remote-as') for pattern, _s in SYNTAX['frr'])
    assert not any(re.match(r'\A%s\Z' % pattern, 'set protocols bgp group X peer-as 1 2') for pattern, _s in SYNTAX['junos'])
