# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# What the CNI modules (cni, cnis, cni_info) share: the CNI options, their checks, normalising, comparing, the
# bodies of writes, lookup and redaction.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import ipaddress
import re

from ansible.module_utils.six import text_type

from ansible_collections.cloudflare.cni.plugins.module_utils._client import MASK
from ansible_collections.cloudflare.cni.plugins.module_utils._compare import desired_changes, merged, prune
from ansible_collections.cloudflare.cni.plugins.module_utils._rules import int_problem, text_problem  # noqa: F401 (shared)

MD5_FORBIDDEN = '"?\t\r\n\x0b\x0c'
MD5_MAX = 80
MTU_ADVISED = (576, 9000)
BGP_MODES = ('dynamic_route_exchange', 'advertise_only')
CIDR_FORM = re.compile(r'^[0-9]{1,3}(?:\.[0-9]{1,3}){3}/[0-9]{1,2}$')


def cni_options_spec():
    """The argument spec of one CNI's settings, the same in `cni` and in each `cnis` config entry."""
    return dict(
        interconnect=dict(type='str'),
        account=dict(type='str'),
        magic=dict(type='dict', options=dict(
            conduit_name=dict(type='str'),
            description=dict(type='str'),
            mtu=dict(type='int'),
        )),
        bgp=dict(type='dict', options=dict(
            customer_asn=dict(type='int'),
            extra_prefixes=dict(type='list', elements='str'),
            md5_key=dict(type='str', no_log=True),
        )),
        bgp_mode=dict(type='str', choices=list(BGP_MODES)),
    )


def md5_key_problem(key):
    """Why an MD5 key would be refused by the API, or None when it is fine."""
    if key == '':
        return 'must not be empty'
    if len(key) > MD5_MAX:
        return 'must be at most %d characters, got %d' % (MD5_MAX, len(key))
    # The offending character is not quoted: even one character of a key stays out of output.
    if any(char in MD5_FORBIDDEN for char in key):
        return 'must not contain a double quote, question mark, tab, CR, LF, VT or FF'
    if not all(' ' <= char <= '~' for char in key):
        return 'must be printable ASCII'
    return None


def prefix_problem(prefix):
    """Why an extra prefix is not an IPv4 network in A.B.C.D/N form (host bits clear), or None."""
    if not CIDR_FORM.match(prefix):
        return 'must be an IPv4 CIDR in A.B.C.D/N form, got %r' % prefix
    try:
        network = ipaddress.IPv4Network(text_type(prefix), strict=False)
    except ValueError as exc:
        return 'must be an IPv4 CIDR in A.B.C.D/N form, got %r (%s)' % (prefix, exc)
    if text_type(network) != prefix:
        return '%r has host bits set; did you mean %s?' % (prefix, network)
    return None


def option_problems(options, prefix=''):
    """Every problem of one CNI's options that needs no request, as (option path, rule) pairs.

    `options` has the keys of the cni module's options (interconnect, account, magic, bgp, bgp_mode); the paths
    start with `prefix` (for example "config[3].")."""
    problems = []
    magic = options.get('magic') or {}
    bgp = options.get('bgp') or {}
    for path, value in (('interconnect', options.get('interconnect')), ('account', options.get('account')),
                        ('magic.conduit_name', magic.get('conduit_name'))):
        problem = value is not None and text_problem(value)
        if problem:
            problems.append((prefix + path, problem))
    for path, value, minimum in (('magic.mtu', magic.get('mtu'), 0), ('bgp.customer_asn', bgp.get('customer_asn'), 1)):
        problem = value is not None and int_problem(value, minimum)
        if problem:
            problems.append((prefix + path, problem))
    for index, prefix_value in enumerate(bgp.get('extra_prefixes') or []):
        problem = prefix_problem(prefix_value)
        if problem:
            problems.append(('%sbgp.extra_prefixes[%d]' % (prefix, index), problem))
    if bgp.get('md5_key') is not None:
        problem = md5_key_problem(bgp['md5_key'])
        if problem:
            problems.append((prefix + 'bgp.md5_key', problem))
    return problems


def mtu_warning(mtu, path='magic.mtu'):
    """A warning for an MTU the API accepts but Cloudflare does not advise, or None."""
    if mtu is None or isinstance(mtu, bool) or MTU_ADVISED[0] <= mtu <= MTU_ADVISED[1]:
        return None
    return '%s %d is outside %d-%d; Cloudflare advises 1500, 1476 or (GCP) 1440/1460/1500/8896' % (
        path, mtu, MTU_ADVISED[0], MTU_ADVISED[1])


def normalise(path, value):
    """Compare CNI fields by meaning: prefixes as a set of networks, unset lists as empty, numbers as integers."""
    if path == 'bgp.extra_prefixes':
        return sorted(set(text_type(ipaddress.IPv4Network(text_type(p), strict=False)) for p in value or []))
    if path in ('magic.mtu', 'bgp.customer_asn') and value is not None:
        return int(value)
    return value


def redact(cni):
    """The CNI with the BGP MD5 key masked (it is kept out of output even when the API returns it). Copies only what
    it masks, so that lists of thousands of CNIs are not held twice; treat the answer as read-only."""
    if not isinstance(cni, dict):
        return cni
    bgp = cni.get('bgp')
    if isinstance(bgp, dict) and bgp.get('md5_key') is not None:
        shown = dict(cni)
        shown['bgp'] = dict(bgp, md5_key=MASK)
        return shown
    return cni


def hide_md5_keys(module, cnis):
    """Make Ansible mask every MD5 key the API returned (keys of CNIs the task does not name are no parameters, so
    no_log alone would not hide them from an error message or a warning). Returns the CNIs."""
    for cni in cnis:
        bgp = cni.get('bgp') if isinstance(cni, dict) else None
        key = bgp.get('md5_key') if isinstance(bgp, dict) else None
        if key:
            module.no_log_values.add(key)
    return cnis


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


# Fields a PUT carries: the whole object the API documents, nothing else an answer may hold.
PUT_FIELDS = ('id', 'account', 'interconnect', 'p2p_ip', 'cust_ip', 'magic', 'bgp', 'bgp_mode')


def wanted_settings(options, replace=False):
    """The settings one task (or config entry) asks for, unset options pruned.

    With `replace`, unset optional fields take their defaults: magic.description "" and bgp.extra_prefixes [].
    bgp.md5_key and bgp_mode stay unmanaged when unset (the API may not return them: no default can be compared)."""
    wanted = prune(dict(magic=options.get('magic'), bgp=options.get('bgp'), bgp_mode=options.get('bgp_mode')))
    if replace:
        wanted.setdefault('magic', {}).setdefault('description', '')
        if 'bgp' in wanted:
            wanted['bgp'].setdefault('extra_prefixes', [])
    return wanted


def cni_changes(current, wanted):
    """What in `wanted` differs from the CNI `current`, by meaning (see normalise).

    bgp.md5_key is write-only in practice: an answer without it says nothing about the key, so a key the user sets
    is not a difference by itself (every PUT carries it, see put_body)."""
    changes = desired_changes(current, wanted, normalise)
    have_bgp = current.get('bgp')
    bgp_changes = changes.get('bgp')
    if isinstance(have_bgp, dict) and isinstance(bgp_changes, dict) and have_bgp.get('md5_key') is None:
        bgp_changes.pop('md5_key', None)
        if not bgp_changes:
            del changes['bgp']
    return changes


def post_body(wanted, interconnect, account):
    """The create body (bgp_mode is not part of it: the API sets it only through PUT)."""
    body = dict(account=account, interconnect=interconnect, magic=copy.deepcopy(wanted.get('magic') or {}))
    body['magic'].setdefault('description', '')
    if wanted.get('bgp'):
        body['bgp'] = copy.deepcopy(wanted['bgp'])
        body['bgp'].setdefault('extra_prefixes', [])
    return body


def put_body(current, changes, wanted):
    """The whole object a PUT sends: the current CNI with `changes` on top, only the documented fields, no null.
    The MD5 key the user set always rides along, so that no unrelated change sends BGP without it; without one,
    the PUT carries what the API returned."""
    body = merged(current, changes)
    key = (wanted.get('bgp') or {}).get('md5_key')
    if key is not None and isinstance(body.get('bgp'), dict):
        body['bgp']['md5_key'] = key
    body = prune(dict((field, body.get(field)) for field in PUT_FIELDS))
    if isinstance(body.get('bgp'), dict):
        body['bgp'].setdefault('extra_prefixes', [])
    return body


def shown_change(current, after, changes):
    """Before and after of a change for output and diff: MD5 keys masked, and a key that changes says so."""
    before, shown = redact(current), copy.deepcopy(redact(after))
    if (changes.get('bgp') or {}).get('md5_key') is not None and isinstance(shown.get('bgp'), dict):
        shown['bgp']['md5_key'] = MASK + ' (changed)'  # both ends are masked: say that it changes
    return before, shown


def is_empty_bgp(bgp):
    """`bgp: {}` (every suboption unset): it cannot remove BGP, the API has no documented way to."""
    return isinstance(bgp, dict) and all(value is None for value in bgp.values())


def find_by_name(client, path, name):
    """Every CNI of the account (all pages) named `name`."""
    return select(client.list_all(path), name=name)


def conflict_message(exc, option, name):
    """The API's 409 on a create or rename, in words that lead to the fix."""
    return '%s: a CNI named %r already exists in the account; conduit names are unique per account, pick another ' \
           'name (%s)' % (option, name, exc.message)
