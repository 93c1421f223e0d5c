# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# What the cni and cni_info modules share: the CNI options, their checks, normalising, lookup and redaction.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import ipaddress

from ansible.module_utils.six import text_type

from ansible_collections.cloudflare.cni.plugins.module_utils._client import MASK

MD5_FORBIDDEN = '"?\t\r\n\x0b\x0c'
MTU_ADVISED = (576, 9000)


def md5_key_problem(key):
    """Why an MD5 key would be refused by the API, or None when it is fine."""
    if key == '':
        return 'must not be empty'
    # The offending character is not quoted: even one character of a key stays out of output.
    if any(char in MD5_FORBIDDEN for char in key):
        return 'must not contain a double quote, question mark, tab, CR, LF, VT or FF'
    if not all(' ' <= char <= '~' for char in key):
        return 'must be printable ASCII'
    return None


def prefix_problem(prefix):
    """Why an extra prefix is not an IPv4 CIDR in A.B.C.D/N form, or None."""
    if '/' not in prefix:
        return 'must be an IPv4 CIDR in A.B.C.D/N form, got %r' % prefix
    try:
        ipaddress.IPv4Network(text_type(prefix), strict=False)
    except ValueError as exc:
        return 'must be an IPv4 CIDR in A.B.C.D/N form, got %r (%s)' % (prefix, exc)
    return None


def normalise(path, value):
    """Compare CNI fields by meaning: prefixes as a set of networks, unset lists as empty, numbers as integers."""
    if path == 'bgp.extra_prefixes':
        return sorted(set(text_type(ipaddress.IPv4Network(text_type(p), strict=False)) for p in value or []))
    if path in ('magic.mtu', 'bgp.customer_asn') and value is not None:
        return int(value)
    return value


def redact(cni):
    """A copy of a CNI with the BGP MD5 key masked (it is kept out of output even when the API returns it)."""
    if not isinstance(cni, dict):
        return cni
    shown = copy.deepcopy(cni)
    bgp = shown.get('bgp')
    if isinstance(bgp, dict) and bgp.get('md5_key') is not None:
        bgp['md5_key'] = MASK
    return shown


def conduit_name(cni):
    return (cni.get('magic') or {}).get('conduit_name')


def select(cnis, interconnect=None, name=None):
    """CNIs of a list that match the client-side filters."""
    return [c for c in cnis
            if (interconnect is None or c.get('interconnect') == interconnect)
            and (name is None or conduit_name(c) == name)]


def describe_cnis(cnis):
    """A CNI list for messages: id and conduit name of each."""
    return ', '.join('%s (%s)' % (cni.get('id'), conduit_name(cni) or 'no conduit name')
                     for cni in cnis)
