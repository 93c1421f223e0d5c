# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The planning of the cloudflare.cni.estate role (used through the cloudflare.cni.estate_* filters): what the role's
# tasks loop over, without a secret in it, every check of estate_spec that the role's argument spec cannot make, the
# config of the cnis task, and the interconnects that are not Healthy. Pure functions: no request, no Ansible object.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import os
import re

from ansible.module_utils.six import integer_types, string_types

from ansible_collections.cloudflare.cni.plugins.module_utils import _cni
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import pairing_key_region

HEALTHY = 'Healthy'


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def as_int(value):
    """A YAML value as the integer it stands for when it is a string of digits (the role's argument spec accepts
    those for int options without converting them); anything else as it is (booleans are refused by the checks)."""
    if isinstance(value, string_types) and re.match(r'^\s*[+-]?\d+\s*$', value):
        return int(value)
    return value


def _not_int(value):
    return value is not None and not isinstance(value, integer_types)


def region_of(pairing_key):
    """The region of a GCP pairing key, by the interconnect module's own rule; None when it is not in that form."""
    return pairing_key_region(pairing_key) if isinstance(pairing_key, string_types) else None


def label_of(entry, region):
    if entry.get('label') or entry.get('name'):
        return entry.get('label') or entry.get('name')
    if entry.get('type') == 'direct':
        return 'direct on slot %s' % entry.get('slot_id')
    return 'gcp_partner %s%s' % (entry.get('bandwidth'), ' in %s' % region if region else '')


def cni_problems(cni, path, default_asn=None):
    """The problems of one CNI entry of estate_spec, each naming its full path (no secret in any of them): the
    checks of the cni modules (module_utils/_cni.py, shared), on values of the types those modules take, and the
    role's own (customer_asn equal to settings.default_asn)."""
    problems = []
    magic = dict(_dict(cni.get('magic')))
    bgp = dict(_dict(cni.get('bgp'))) if cni.get('bgp') is not None else {}
    magic['mtu'] = as_int(magic.get('mtu'))
    bgp['customer_asn'] = as_int(bgp.get('customer_asn'))
    # Types first (YAML gives what it gives); a value of the wrong type is not handed on to the shared checks.
    for section, key, kind in ((magic, 'magic.mtu', 'an integer'), (bgp, 'bgp.customer_asn', 'an integer')):
        value = section[key.split('.')[1]]
        if _not_int(value):
            problems.append('%s.%s: must be %s, got %s %r' % (path, key, kind, type(value).__name__, value))
            section[key.split('.')[1]] = None
    name = magic.get('conduit_name')
    if name is None or not isinstance(name, string_types):
        problems.append('%s.magic.conduit_name: must be a name that is not empty' % path)
        magic['conduit_name'] = None
    if magic.get('description') is not None and not isinstance(magic['description'], string_types):
        problems.append('%s.magic.description: must be a string' % path)
    prefixes = bgp.get('extra_prefixes')
    if prefixes is not None and not (isinstance(prefixes, list) and all(isinstance(p, string_types) for p in prefixes)):
        problems.append('%s.bgp.extra_prefixes: must be a list of IPv4 CIDRs (A.B.C.D/N)' % path)
        bgp['extra_prefixes'] = None
    if bgp.get('md5_key') is not None and not isinstance(bgp['md5_key'], string_types):
        problems.append('%s.bgp.md5_key: must be a string' % path)  # the value is never quoted
        bgp['md5_key'] = None
    if magic['mtu'] is None and not _not_int(_dict(cni.get('magic')).get('mtu')):
        problems.append('%s.magic.mtu: required' % path)
    if cni.get('bgp') is not None and bgp['customer_asn'] is None and not _not_int(_dict(cni['bgp']).get('customer_asn')):
        problems.append('%s.bgp.customer_asn: required with bgp' % path)
    problems.extend('%s: %s' % (option, rule)
                    for option, rule in _cni.option_problems(dict(magic=magic, bgp=bgp), path + '.'))
    asn = bgp.get('customer_asn')
    if default_asn is not None and asn is not None and not isinstance(asn, bool) and asn == default_asn:
        problems.append('%s.bgp.customer_asn: must differ from estate_spec.settings.default_asn (%s)'
                        % (path, default_asn))
    return problems


PHASES = ('settings', 'interconnects', 'loa', 'cnis', 'prune')


def phases(run_tags=None, skip_tags=None):
    """{phase: True when this run converges it} for the role's tagged phases, from ansible_run_tags and
    ansible_skip_tags (a phase that is not selected may still be read by the ones that need it)."""
    run_tags = set(run_tags or ['all'])
    skip_tags = set(skip_tags or [])
    return dict((phase, bool(run_tags & set(['all', phase])) and phase not in skip_tags) for phase in PHASES)


def plan(estate_spec, run_tags=None, skip_tags=None):
    """What the role loops over (indexes, labels, names: no pairing or MD5 key) and every problem of estate_spec.

    Returns dict(interconnects=[{index, label, type, bandwidth, region, named, exclude_names}],
                 cnis=[{interconnect, index, conduit_name}], problems=[str], phases={phase: bool})."""
    spec = _dict(estate_spec)
    default_asn = _dict(spec.get('settings')).get('default_asn')
    problems = []
    default_asn = as_int(default_asn)
    if default_asn is not None:
        rule = ('must be an integer, got %s %r' % (type(default_asn).__name__, default_asn)
                if _not_int(default_asn) else _cni.int_problem(default_asn, 1))
        if rule:
            problems.append('estate_spec.settings.default_asn: %s' % rule)
            default_asn = None
    entries = [_dict(entry) for entry in _list(spec.get('interconnects'))]
    named = [entry['name'] for entry in entries if entry.get('name')]
    interconnects, cnis, names, slots, conduits = [], [], set(), set(), {}
    for index, entry in enumerate(entries):
        region = region_of(entry.get('pairing_key'))
        label = label_of(entry, region)
        where = 'estate_spec.interconnects[%d]' % index
        if entry.get('pairing_key') is not None and region is None:
            # The interconnect module refuses it; found here, before the settings phase writes anything.
            problems.append('%s.pairing_key: must be the key Google Cloud gave for the attachment, '
                            '<uuid>/<region>/<1|2>; the value given is not in that form (it is not shown: it is a '
                            'secret)' % where)
        if entry.get('name'):
            if entry['name'] in names:
                problems.append('%s.name: %s is declared twice' % (where, entry['name']))
            names.add(entry['name'])
        if entry.get('type') == 'direct' and entry.get('slot_id'):
            slot = str(entry['slot_id']).lower()
            if slot in slots:
                problems.append('%s.slot_id: %s is declared twice' % (where, entry['slot_id']))
            slots.add(slot)
        interconnects.append(dict(
            index=index, label=label, type=entry.get('type'), bandwidth=entry.get('bandwidth'), region=region,
            named=bool(entry.get('name')),
            # An unnamed gcp_partner entry is none of the named ones (the other attachment of a redundant pair).
            exclude_names=[] if entry.get('name') else named))
        for position, cni in enumerate(_list(entry.get('cnis'))):
            cni = _dict(cni)
            path = '%s.cnis[%d]' % (where, position)
            problems.extend(cni_problems(cni, path, default_asn))
            conduit = _dict(cni.get('magic')).get('conduit_name')
            if isinstance(conduit, string_types) and conduit in conduits:
                problems.append('%s.magic.conduit_name: %s is declared twice (also at %s; it names one CNI in the '
                                'account)' % (path, conduit, conduits[conduit]))
            conduits.setdefault(conduit, path)
            cnis.append(dict(interconnect=index, index=position, conduit_name=conduit))
    problems.extend(_gcp_twins(interconnects))
    return dict(interconnects=interconnects, cnis=cnis, problems=problems, phases=phases(run_tags, skip_tags))


def _gcp_twins(interconnects):
    """Unnamed gcp_partner entries that the module could not tell apart (the API never returns pairing keys)."""
    problems = []
    unnamed = [one for one in interconnects if one['type'] == 'gcp_partner' and not one['named']]
    for position, one in enumerate(unnamed):
        for other in unnamed[position + 1:]:
            if other['bandwidth'] == one['bandwidth'] and (
                    one['region'] is None or other['region'] is None or other['region'] == one['region']):
                problems.append(
                    'estate_spec.interconnects[%d] (%s) and estate_spec.interconnects[%d] (%s) are both gcp_partner '
                    '%s%s: the API never returns pairing keys, so without a name the one would be taken for the '
                    'other. Declare and converge one, add its name, then declare the other'
                    % (one['index'], one['label'], other['index'], other['label'], one['bandwidth'],
                       ' in %s' % one['region'] if one['region'] else ''))
    return problems


def interconnects(estate_plan, results):
    """The planned interconnects, each with what the interconnect module returned about it (`name` once the
    interconnect exists; none for one that check mode would create)."""
    found = []
    for planned, result in zip(estate_plan['interconnects'], results):
        merged = dict(planned)
        returned = _dict(_dict(result).get('interconnect'))
        for key in ('name', 'type', 'site', 'speed'):
            if returned.get(key) is not None:
                merged[key] = returned[key]
        found.append(merged)
    return found


def cni_config(estate_spec, found):
    """The `config` of the cnis task: every declared CNI of an interconnect that has a name, with what the estate
    sets and nothing else (an unset description is not sent, so that the NOC's text stays). Holds MD5 keys: use it
    only as a module option, never in a fact."""
    entries = _list(_dict(estate_spec).get('interconnects'))
    config = []
    for interconnect in found:
        if not interconnect.get('name'):
            continue
        for cni in _list(_dict(entries[interconnect['index']]).get('cnis')):
            magic = _dict(cni.get('magic'))
            entry = dict(interconnect=interconnect['name'],
                         magic=dict((key, magic[key]) for key in ('conduit_name', 'description', 'mtu')
                                    if magic.get(key) is not None))
            if cni.get('bgp') is not None:
                entry['bgp'] = dict((key, value) for key, value in _dict(cni['bgp']).items() if value is not None)
            if cni.get('bgp_mode') is not None:
                entry['bgp_mode'] = cni['bgp_mode']
            config.append(entry)
    return config


def statuses_of(results):
    """{interconnect name: status} from the registered results of a loop of interconnect_status tasks over
    interconnects (dicts with a `name`), whatever the loop variable is called."""
    found = {}
    for result in _list(results):
        result = _dict(result)
        item = _dict(result.get(result.get('ansible_loop_var') or 'item'))
        if item.get('name'):
            status = dict(_dict(result.get('status')))
            for key in ('state', 'reason'):
                if result.get(key) is not None:
                    status.setdefault(key, result[key])
            found[item['name']] = status
    return found


def health(estate_plan, found, statuses):
    """Which interconnects are ready for their CNIs. `statuses` maps an interconnect name to its status
    ({state, reason}), or is the registered results of the interconnect_status loop. Returns dict(deferred_interconnects=[names not Healthy],
    not_ready=[{label, name, state, reason, cnis}], skipped=[conduit names of interconnects without a name],
    messages=[one line per interconnect that is not ready])."""
    statuses = statuses_of(statuses) if isinstance(statuses, list) else _dict(statuses)
    deferred, not_ready, skipped, messages = [], [], [], []
    for interconnect in found:
        conduits = [c['conduit_name'] for c in estate_plan['cnis'] if c['interconnect'] == interconnect['index']]
        name = interconnect.get('name')
        status = _dict(statuses.get(name)) if name else {}
        if name and status.get('state') == HEALTHY:
            continue
        if name:
            deferred.append(name)
            why = '(%s) is %s%s' % (name, status.get('state') or 'of unknown state',
                                    ' (%s)' % status['reason'] if status.get('reason') else '')
        else:
            skipped.extend(conduits)
            why = 'would be created (check mode)'
        not_ready.append(dict(label=interconnect['label'], name=name, state=status.get('state'),
                              reason=status.get('reason'), cnis=conduits))
        messages.append('%s %s: %s' % (interconnect['label'], why, 'skipped its CNIs until it is Healthy: %s'
                                       % ', '.join(conduits) if conduits else 'it carries no CNI'))
    return dict(deferred_interconnects=deferred, not_ready=not_ready, skipped=skipped, messages=messages)


def undeclared(estate_plan, cnis_result, check_mode=False, purge=False, deferred=None):
    """The account's CNIs that the estate does not declare, from the result of a cnis task (its `before`, or the
    `gathered` list of state=gathered): dict(removed=[...], kept=[...], deletable=[...], messages=[...]), each CNI as
    {conduit_name, interconnect, id}. `removed` are those the task deleted (or, in check mode, would delete);
    `purge` says whether it was asked to remove them; `deletable` is the config of a state=deleted task that removes
    the kept ones, except those on the `deferred` interconnects (not Healthy)."""
    result = _dict(cnis_result)
    declared = set(c['conduit_name'] for c in estate_plan['cnis'])
    removed = [dict(conduit_name=a.get('conduit_name'), interconnect=a.get('interconnect'), id=a.get('id'))
               for a in _list(result.get('actions')) if _dict(a).get('action') == 'delete' and not a.get('failed')]
    gone = set(c['conduit_name'] for c in removed)
    account = result.get('before') if 'before' in result else result.get('gathered')
    kept = [dict(conduit_name=_cni.conduit_name(c), interconnect=c.get('interconnect'), id=c.get('id'))
            for c in _list(account) if _cni.conduit_name(c) not in declared and _cni.conduit_name(c) not in gone]
    deferred = set(deferred or [])
    # With the interconnect, the cnis module deletes a CNI only where it was found (it fails on another one).
    deletable = [dict(magic=dict(conduit_name=c['conduit_name']), interconnect=c['interconnect'])
                 for c in kept if c['interconnect'] not in deferred]
    messages = []
    if removed:
        messages.append('%s %d CNI(s) that the estate does not declare: %s' % (
            'Would remove' if check_mode else 'Removed', len(removed), describe(removed)))
    if kept:
        messages.append('Kept %d CNI(s) that the estate does not declare (%s): %s' % (
            len(kept), 'on interconnects that are not Healthy' if purge else 'estate_remove_undeclared_cnis is false',
            describe(kept)))
    return dict(removed=removed, kept=kept, deletable=deletable, messages=messages)


def describe(cnis):
    """'name on interconnect, ...' for a list of {conduit_name, interconnect}."""
    return ', '.join('%s on %s' % (c['conduit_name'], c['interconnect']) for c in cnis)


def declared_conduit_names(estate_spec):
    """The conduit names of every CNI of estate_spec, in order (an interconnect without `cnis` carries none)."""
    names = []
    for entry in _list(_dict(estate_spec).get('interconnects')):
        for cni in _list(_dict(entry).get('cnis')):
            name = _dict(_dict(cni).get('magic')).get('conduit_name')
            if isinstance(name, string_types) and name not in names:
                names.append(name)
    return names


def conduit_names(estate_spec, account_cnis):
    """The edge phase's CNIs: dict(existing=[the estate's CNIs that exist in the account], missing=[the estate's
    CNIs that do not exist yet]). `account_cnis` is the account's CNI list (cni_info's `cnis`); without an estate
    (None), every CNI of the account exists and none is missing."""
    existing = [_cni.conduit_name(_dict(c)) for c in _list(account_cnis)]
    existing = [name for name in existing if name]
    if estate_spec is None:
        return dict(existing=existing, missing=[])
    declared = declared_conduit_names(estate_spec)
    return dict(existing=[name for name in declared if name in existing],
                missing=[name for name in declared if name not in existing])


def edge_md5_keys(estate_spec, md5_keys=None):
    """The MD5 keys of the edge phase by conduit name: the estate's own bgp.md5_key of each CNI, under the
    `md5_keys` given (estate_edge.md5_keys), which take precedence. Holds secrets: use it only as a module option."""
    keys = {}
    for entry in _list(_dict(estate_spec).get('interconnects')):
        for cni in _list(_dict(entry).get('cnis')):
            cni = _dict(cni)
            name = _dict(cni.get('magic')).get('conduit_name')
            key = _dict(cni.get('bgp')).get('md5_key')
            if isinstance(name, string_types) and isinstance(key, string_types) and key:
                keys[name] = key
    keys.update(_dict(md5_keys))
    return keys


def absolute_path(path, cwd):
    """`path` with ~ expanded, taken from `cwd` (the current directory) when relative."""
    path = os.path.expanduser(str(path))
    return path if os.path.isabs(path) else os.path.join(str(cwd), path)


def seconds_left(until, now):
    """Whole seconds from `now` to `until` (timestamps), rounded up; 0 once `until` has passed."""
    return max(0, int(math.ceil(float(until) - float(now))))
