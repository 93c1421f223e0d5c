# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The customer side of a CNI as router configuration (FRR, Junos, IOS XE, EOS): pure functions, no request, shared by
# the edge_config filter and module. What each line relies on is in docs/edge.md and the golden files' comments.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible.module_utils.six import string_types, text_type

from ansible_collections.cloudflare.cni.plugins.module_utils._client import MASK
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import md5_key_problem

PLATFORMS = ('frr', 'junos', 'ios_xe', 'eos')
# Cloudflare's product documentation: an MD5 key has at most 80 characters (also the Linux TCP_MD5SIG_MAXKEYLEN).
ASN_MAX = 4294967295
MTU_RANGE = (68, 65535)
INTERFACE_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9/:._-]*$')
# Where a key can be in a file, also one written by hand or by an older release: masked in a diff, never shown.
PASSWORD_RES = dict(
    frr=re.compile(r'^(.*\bpassword )(.*)$', re.MULTILINE),
    ios_xe=re.compile(r'^(.*\bpassword )(.*)$', re.MULTILINE),
    eos=re.compile(r'^(.*\bpassword )(.*)$', re.MULTILINE),
    junos=re.compile(r'^(.*\bauthentication-key )(.*)$', re.MULTILINE),
)
DOCS = dict(
    frr='FRR 8.4 user guide: https://docs.frrouting.org/en/stable-8.4/ (zebra.html, filter.html, static.html, bgp.html)',
    junos='Junos OS set commands: https://www.juniper.net/documentation/us/en/software/junos/ '
          '(bgp, routing-policy, interfaces-ethernet, static-routing)',
    ios_xe='Cisco IOS XE command references: IP Routing BGP, IP Routing Protocol-Independent, Interface and Hardware',
    eos='Arista EOS user manual: https://www.arista.com/en/um-eos/ (eos-border-gateway-protocol-bgp, '
        'eos-routing-policy, eos-ipv4, eos-ethernet-ports)',
)


class EdgeError(ValueError):
    """Input that cannot be rendered; `option` names what is wrong (a CNI field or a parameter)."""

    def __init__(self, option, rule):
        super(EdgeError, self).__init__('%s: %s' % (option, rule))
        self.option = option


def _interface(value, option):
    """An A.B.C.D/N address on a link (host bits set), as an ipaddress.IPv4Interface."""
    if not isinstance(value, string_types) or '/' not in value:
        raise EdgeError(option, 'must be an IPv4 address with its prefix length, A.B.C.D/N, got %r' % (value,))
    try:
        return ipaddress.IPv4Interface(text_type(value))
    except ValueError as exc:
        raise EdgeError(option, 'must be an IPv4 address with its prefix length, A.B.C.D/N, got %r (%s)' % (value, exc))


def parse_prefixes(values, option, strict):
    """Sorted, de-duplicated IPv4 networks; Cloudflare's own lists are read leniently (host bits cleared)."""
    if values is None:
        return []
    if isinstance(values, string_types) or not isinstance(values, (list, tuple)):
        raise EdgeError(option, 'must be a list of IPv4 prefixes A.B.C.D/N, got %r' % (values,))
    found = set()
    for index, value in enumerate(values):
        if not isinstance(value, string_types) or '/' not in value:
            raise EdgeError('%s[%d]' % (option, index), 'must be an IPv4 prefix A.B.C.D/N, got %r' % (value,))
        try:
            found.add(ipaddress.IPv4Network(text_type(value), strict=strict))
        except ValueError as exc:
            raise EdgeError('%s[%d]' % (option, index), 'must be an IPv4 prefix A.B.C.D/N, got %r (%s)' % (value, exc))
    return sorted(found)


def _int(value, option, minimum, maximum):
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(text_type(value))
        except (TypeError, ValueError):
            raise EdgeError(option, 'must be an integer from %d to %d, got %r' % (minimum, maximum, value))
    if not minimum <= value <= maximum:
        raise EdgeError(option, 'must be an integer from %d to %d, got %d' % (minimum, maximum, value))
    return value


def check_interface(value, option):
    if not isinstance(value, string_types) or not INTERFACE_RE.match(value):
        raise EdgeError(option, 'must be an interface name such as eth1, et-0/0/0 or Ethernet1 (letters, digits, '
                        '/ : . _ -), got %r' % (value,))


def name_part(text):
    """A CNI's conduit name as part of a policy, prefix-list or file name: letters, digits, - and _ only."""
    return re.sub(r'[^A-Za-z0-9_-]+', '-', text_type(text)).strip('-') or 'cni'


def check_md5_key(key, platform, option='md5_key'):
    """Refuse a key that Cloudflare or the platform's command line cannot carry. Never quotes the key."""
    problem = md5_key_problem(key)  # Cloudflare's rules, the 80-character limit included
    if problem is None and key != key.strip():
        problem = 'must not start or end with a space: %s drops it from the command line' % platform
    if problem is None and platform in ('frr', 'eos') and ' ' in key:
        problem = 'must not contain a space for %s (its neighbor password command takes one word)' % platform
    if problem is None and platform == 'ios_xe' and key[0].isdigit():
        problem = 'must not start with a digit for ios_xe (neighbor password reads it as an encryption type)'
    if problem:
        raise EdgeError(option, problem)


def link(cni, default_asn, prefixes=None, interface=None, md5_key=None, null_routes=False):
    """Check a CNI (as the modules return it) and the user's parameters; returns the facts every platform renders,
    and a list of warnings."""
    if not isinstance(cni, dict):
        raise EdgeError('cni', 'must be a CNI as cloudflare.cni.cni or cni_info returns it (a dict), got %s'
                        % type(cni).__name__)
    warnings = []
    check_interface(interface, 'interface')
    magic = cni.get('magic') or {}
    name = magic.get('conduit_name') or cni.get('id') or 'cni'
    cust = _interface(cni.get('cust_ip'), 'cust_ip')
    peer = _interface(cni.get('p2p_ip'), 'p2p_ip')
    if cust.network != peer.network or cust.ip == peer.ip:
        raise EdgeError('cust_ip', '%s and p2p_ip %s must be two addresses of one link prefix' % (cust, peer))
    mtu = _int(magic.get('mtu'), 'magic.mtu', *MTU_RANGE)
    facts = dict(name=text_type(name), tag=name_part(name), id=cni.get('id'), interconnect=cni.get('interconnect'),
                 interface=interface, cust=cust, peer=peer.ip, mtu=mtu, bgp=None, null_routes=bool(null_routes))
    bgp = cni.get('bgp')
    if not bgp:
        return facts, warnings
    if not isinstance(bgp, dict):
        raise EdgeError('bgp', 'must be a dict, got %s' % type(bgp).__name__)
    local_asn = _int(bgp.get('customer_asn'), 'bgp.customer_asn', 1, ASN_MAX)
    remote_asn = _int(default_asn, 'default_asn', 1, ASN_MAX)
    if local_asn == remote_asn:
        raise EdgeError('bgp.customer_asn', '%d equals default_asn: Cloudflare supports eBGP only, the two ASNs must '
                        'differ' % local_asn)
    if max(local_asn, remote_asn) > 65535:
        warnings.append('CNI %s: Cloudflare documents that 4-byte ASNs are not supported on CNI BGP sessions' % name)
    key = md5_key if md5_key is not None else bgp.get('md5_key')
    if key == MASK:
        raise EdgeError('bgp.md5_key', 'is masked (cni_info and cni hide it); give the key as md5_key')
    announce = parse_prefixes(prefixes, 'prefixes', strict=True)
    mode = cni.get('bgp_mode')
    if mode == 'advertise_only' and announce:
        warnings.append('CNI %s is advertise_only (Cloudflare takes no routes over it): nothing is announced' % name)
        announce = []
    facts['bgp'] = dict(local_asn=local_asn, remote_asn=remote_asn, md5_key=key, mode=mode,
                        accept=parse_prefixes(bgp.get('extra_prefixes'), 'bgp.extra_prefixes', strict=False),
                        announce=announce)
    return facts, warnings


def render(cni, platform, default_asn=None, prefixes=None, interface=None, md5_key=None, null_routes=False):
    """The customer side of one CNI for one platform: (text, warnings). Raises EdgeError on bad input."""
    if platform not in PLATFORMS:
        raise EdgeError('platform', 'must be one of %s, got %r' % (', '.join(PLATFORMS), platform))
    facts, warnings = link(cni, default_asn, prefixes, interface, md5_key, null_routes)
    if facts['bgp'] and facts['bgp']['md5_key'] is not None:
        check_md5_key(facts['bgp']['md5_key'], platform)
    lines = RENDERERS[platform](facts)
    return '\n'.join(lines) + '\n', warnings


def _header(facts, platform, comment):
    lines = ['cloudflare.cni edge_config: the customer side of CNI %s (%s) on interconnect %s'
             % (facts['name'], facts['id'], facts['interconnect']),
             'Syntax: %s' % DOCS[platform]]
    bgp = facts['bgp']
    if bgp is None:
        lines.append('This CNI has no BGP: only the link is configured.')
    else:
        if not bgp['md5_key']:
            lines.append('No MD5 key: the session is rendered without authentication.')
        if bgp['mode'] == 'advertise_only':
            lines.append('bgp_mode advertise_only: Cloudflare takes no routes over this CNI; nothing is announced.')
    return [comment + ' ' + line for line in lines]


def _netmask(network):
    return '%s %s' % (network.network_address, network.netmask)


def _frr(facts):
    out = _header(facts, 'frr', '!')
    # zebra has no MTU command: Linux owns the link MTU.
    out += ['! Linux sets the link MTU (FRR cannot); run this on the router:',
            '!   ip link set dev %s mtu %d' % (facts['interface'], facts['mtu']),
            'interface %s' % facts['interface'],
            ' description Cloudflare CNI %s' % facts['name'],
            ' ip address %s' % facts['cust'],
            'exit']
    bgp = facts['bgp']
    if bgp is None:
        return out
    tag, peer = facts['tag'], facts['peer']
    for direction, networks in (('IN', bgp['accept']), ('OUT', bgp['announce'])):
        if not networks:
            out.append('ip prefix-list CF-%s-%s seq 5 deny 0.0.0.0/0 le 32' % (tag, direction))
        for index, network in enumerate(networks):
            out.append('ip prefix-list CF-%s-%s seq %d permit %s' % (tag, direction, (index + 1) * 5, network))
    if facts['null_routes']:
        out += ['ip route %s blackhole' % network for network in bgp['announce']]
    out += ['router bgp %d' % bgp['local_asn'],
            ' neighbor %s remote-as %d' % (peer, bgp['remote_asn']),
            ' neighbor %s description Cloudflare CNI %s' % (peer, facts['name'])]
    if bgp['md5_key']:
        out.append(' neighbor %s password %s' % (peer, bgp['md5_key']))
    out.append(' address-family ipv4 unicast')
    out += ['  network %s' % network for network in bgp['announce']]
    out += ['  neighbor %s prefix-list CF-%s-IN in' % (peer, tag),
            '  neighbor %s prefix-list CF-%s-OUT out' % (peer, tag),
            ' exit-address-family',
            'exit']
    return out


def _junos_quote(text):
    return '"%s"' % text.replace('\\', '\\\\')


def _junos(facts):
    out = _header(facts, 'junos', '#')
    interface = 'set interfaces %s' % facts['interface']
    out += ['%s description %s' % (interface, _junos_quote('Cloudflare CNI %s' % facts['name'])),
            # The media MTU counts the 14-byte Ethernet header; the inet MTU is the CNI's IP MTU.
            '%s mtu %d' % (interface, facts['mtu'] + 14),
            '%s unit 0 family inet mtu %d' % (interface, facts['mtu']),
            '%s unit 0 family inet address %s' % (interface, facts['cust'])]
    bgp = facts['bgp']
    if bgp is None:
        return out
    tag = facts['tag']
    policy = 'set policy-options policy-statement CF-%s' % tag
    for direction, networks in (('IN', bgp['accept']), ('OUT', bgp['announce'])):
        out += ['set policy-options prefix-list CF-%s-%s %s' % (tag, direction, network) for network in networks]
        if networks:
            out += ['%s-%s term cni from prefix-list-filter CF-%s-%s exact' % (policy, direction, tag, direction),
                    '%s-%s term cni then accept' % (policy, direction)]
        out.append('%s-%s term other then reject' % (policy, direction))
    if facts['null_routes']:
        out += ['set routing-options static route %s discard' % network for network in bgp['announce']]
    group = 'set protocols bgp group CF-%s' % tag
    out += ['%s type external' % group,
            '%s description %s' % (group, _junos_quote('Cloudflare CNI %s' % facts['name'])),
            '%s local-address %s' % (group, facts['cust'].ip),
            '%s local-as %d' % (group, bgp['local_asn']),
            '%s peer-as %d' % (group, bgp['remote_asn']),
            '%s import CF-%s-IN' % (group, tag),
            '%s export CF-%s-OUT' % (group, tag),
            '%s neighbor %s' % (group, facts['peer'])]
    if bgp['md5_key']:
        out.append('%s neighbor %s authentication-key %s' % (group, facts['peer'], _junos_quote(bgp['md5_key'])))
    return out


def _ios_xe(facts):
    out = _header(facts, 'ios_xe', '!')
    out += ['interface %s' % facts['interface'],
            ' description Cloudflare CNI %s' % facts['name'],
            ' mtu %d' % facts['mtu'],
            ' ip address %s %s' % (facts['cust'].ip, facts['cust'].netmask),
            '!']
    bgp = facts['bgp']
    if bgp is None:
        return out
    tag, peer = facts['tag'], facts['peer']
    for direction, networks in (('IN', bgp['accept']), ('OUT', bgp['announce'])):
        if not networks:
            out.append('ip prefix-list CF-%s-%s seq 5 deny 0.0.0.0/0 le 32' % (tag, direction))
        for index, network in enumerate(networks):
            out.append('ip prefix-list CF-%s-%s seq %d permit %s' % (tag, direction, (index + 1) * 5, network))
    if facts['null_routes']:
        out += ['ip route %s Null0' % _netmask(network) for network in bgp['announce']]
    out += ['!',
            'router bgp %d' % bgp['local_asn'],
            ' neighbor %s remote-as %d' % (peer, bgp['remote_asn']),
            ' neighbor %s description Cloudflare CNI %s' % (peer, facts['name'])]
    if bgp['md5_key']:
        out.append(' neighbor %s password %s' % (peer, bgp['md5_key']))
    out.append(' address-family ipv4 unicast')
    out += ['  network %s mask %s' % (network.network_address, network.netmask) for network in bgp['announce']]
    out += ['  neighbor %s activate' % peer,
            '  neighbor %s prefix-list CF-%s-IN in' % (peer, tag),
            '  neighbor %s prefix-list CF-%s-OUT out' % (peer, tag),
            ' exit-address-family',
            '!']
    return out


def _eos(facts):
    out = _header(facts, 'eos', '!')
    out += ['interface %s' % facts['interface'],
            '   description Cloudflare CNI %s' % facts['name'],
            '   no switchport',
            '   mtu %d' % facts['mtu'],
            '   ip address %s' % facts['cust'],
            '!']
    bgp = facts['bgp']
    if bgp is None:
        return out
    tag, peer = facts['tag'], facts['peer']
    for direction, networks in (('IN', bgp['accept']), ('OUT', bgp['announce'])):
        if not networks:
            out.append('ip prefix-list CF-%s-%s seq 10 deny 0.0.0.0/0 le 32' % (tag, direction))
        for index, network in enumerate(networks):
            out.append('ip prefix-list CF-%s-%s seq %d permit %s' % (tag, direction, (index + 1) * 10, network))
    if facts['null_routes']:
        out += ['ip route %s Null0' % network for network in bgp['announce']]
    out += ['!',
            'router bgp %d' % bgp['local_asn'],
            '   neighbor %s remote-as %d' % (peer, bgp['remote_asn']),
            '   neighbor %s description Cloudflare CNI %s' % (peer, facts['name'])]
    if bgp['md5_key']:
        out.append('   neighbor %s password 0 %s' % (peer, bgp['md5_key']))
    out += ['   neighbor %s prefix-list CF-%s-IN in' % (peer, tag),
            '   neighbor %s prefix-list CF-%s-OUT out' % (peer, tag)]
    out += ['   network %s' % network for network in bgp['announce']]
    out += ['   address-family ipv4',
            '      neighbor %s activate' % peer,
            '!']
    return out


RENDERERS = dict(frr=_frr, junos=_junos, ios_xe=_ios_xe, eos=_eos)


def mask(text, platform, changed_from=None):
    """The text with the MD5 key replaced by MASK; when `changed_from` (an older text) carries another key, the mask
    says so, so that a diff still shows that the key changed without showing either key."""
    pattern = PASSWORD_RES[platform]
    label = MASK
    if changed_from is not None:
        old = [m.group(2) for m in pattern.finditer(changed_from)]
        new = [m.group(2) for m in pattern.finditer(text)]
        if old != new and old and new:
            label = MASK + ' (changed)'
    return pattern.sub(lambda match: match.group(1) + label, text)
