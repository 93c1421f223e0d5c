# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# Planning a set of CNIs (the cnis module): input checks of a whole config, the plan of writes from one read of the
# account, and the config of what exists (gathered). Pure functions: no request, no module.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudflare.cni.plugins.module_utils._cni import (
    cni_changes, conduit_name, is_empty_bgp, option_problems, post_body, put_body, redact, wanted_settings)
from ansible_collections.cloudflare.cni.plugins.module_utils._client import POOL_SIZE
from ansible_collections.cloudflare.cni.plugins.module_utils._compare import merged, prune

STATES = ('merged', 'replaced', 'overridden', 'deleted', 'gathered')
REPLACING = ('replaced', 'overridden')
WRITES = ('create', 'update', 'delete')
PARALLEL_MAX = POOL_SIZE  # one HTTP connection per concurrent write, none reopened


def config_problems(config, state, delete_all=False, interconnects=None, deferred=None, parallel=4):
    """Every problem of the options that needs no request, as (option path, rule) pairs, in config order."""
    problems = []
    if not 1 <= parallel <= PARALLEL_MAX:
        problems.append(('parallel', 'must be an integer from 1 to %d, got %s' % (PARALLEL_MAX, parallel)))
    if state == 'gathered' and config:
        problems.append(('config', 'must be empty with state gathered (it returns the config, it takes none)'))
    if delete_all and state not in ('deleted', 'overridden'):
        problems.append(('delete_all', 'only applies to states deleted and overridden'))
    if state == 'overridden' and not config and not delete_all:
        # An empty list never means "all": overridden with nothing listed would delete every CNI in scope.
        problems.append(('config', 'is empty: state overridden would delete every CNI (on interconnects when set); '
                         'list the CNIs to keep, or set delete_all=true to delete them all'))
    if delete_all and config:
        problems.append(('delete_all', 'deletes every CNI (in scope of interconnects): leave config empty with it'))
    for option, names in (('interconnects', interconnects), ('deferred_interconnects', deferred)):
        for index, name in enumerate(names or []):
            if not name:
                problems.append(('%s[%d]' % (option, index), 'must not be empty'))
    seen = {}
    for index, entry in enumerate(config):
        where = 'config[%d].' % index
        name = (entry.get('magic') or {}).get('conduit_name')
        if name is None:
            problems.append((where + 'magic.conduit_name', 'required: it identifies the CNI'))
        problems.extend(option_problems(entry, where))
        if name is not None and name in seen:
            problems.append((where + 'magic.conduit_name', '%r is also config[%d]; a conduit name names one CNI in '
                             'the account' % (name, seen[name])))
        seen.setdefault(name, index)
        if state in REPLACING:
            if (entry.get('magic') or {}).get('mtu') is None:
                problems.append((where + 'magic.mtu', 'required with state %s: the MTU has no default' % state))
            bgp = entry.get('bgp')
            if bgp is not None and not is_empty_bgp(bgp) and bgp.get('customer_asn') is None:
                problems.append((where + 'bgp.customer_asn', 'required with bgp in state %s' % state))
    return problems


def needs_interconnects(config, state, deferred=()):
    """Whether the plan must know the account's interconnects (an entry to create or update names one)."""
    return state in ('merged',) + REPLACING and any(
        entry.get('interconnect') is not None and entry['interconnect'] not in deferred for entry in config)


def needs_settings(config, state):
    """Whether the plan must know default_asn (some entry sets a customer_asn)."""
    return state not in ('deleted', 'gathered') and any(
        (entry.get('bgp') or {}).get('customer_asn') is not None for entry in config)


def in_scope(cni, scope):
    return scope is None or cni.get('interconnect') in scope


class Plan(object):
    """items: one per config entry, in config order, then the deletions; problems: (option path, rule) pairs that
    forbid any write; warnings: strings."""

    def __init__(self):
        self.items = []
        self.problems = []
        self.warnings = []

    def writes(self):
        return [item for item in self.items if item['action'] in WRITES]


def _item(action, name, current, interconnect, index=None):
    return dict(action=action, conduit_name=name, index=index, current=current,
                id=(current or {}).get('id'), interconnect=interconnect or (current or {}).get('interconnect'))


def plan(config, cnis, state, account_id, interconnect_names=None, default_asn=None, scope=None, deferred=(),
         delete_all=False):
    """The writes that take the account's `cnis` (one read, all pages) to `config` under `state`.

    Each item: action (create, update, delete, none, deferred), conduit_name, id, interconnect, index (of config,
    None for deletions), current (the CNI or None), and for writes `body` (what is sent) and `changes`."""
    result = Plan()
    by_name = {}
    for cni in cnis:
        by_name.setdefault(conduit_name(cni), []).append(cni)
    replace = state in REPLACING
    for index, entry in enumerate(config):
        where = 'config[%d].' % index
        name = entry['magic']['conduit_name']
        matches = by_name.get(name) or []
        current = matches[0] if len(matches) == 1 else None
        interconnect = entry.get('interconnect')
        item = _item('none', name, current, interconnect, index)
        result.items.append(item)
        if len(matches) > 1:
            result.problems.append((where + 'magic.conduit_name', '%d CNIs are named %r (ids %s); delete all but one '
                                    '(cloudflare.cni.cni with id and state absent)'
                                    % (len(matches), name, ', '.join(str(c.get('id')) for c in matches))))
            continue
        if state == 'deleted':
            _plan_delete(result, item, entry, where)
            continue
        customer_asn = (entry.get('bgp') or {}).get('customer_asn')
        if default_asn is not None and customer_asn == default_asn:
            result.problems.append((where + 'bgp.customer_asn', 'must differ from the account\'s Cloudflare ASN '
                                    '(default_asn %s)' % default_asn))
        if interconnect is not None and interconnect in deferred:
            item['action'] = 'deferred'
            continue
        if interconnect is not None and interconnect_names is not None and interconnect not in interconnect_names:
            known = sorted(interconnect_names)
            result.problems.append((where + 'interconnect', 'no interconnect named %r in the account (it has %s)' % (
                interconnect, ', '.join(known[:10]) + (', ...' if len(known) > 10 else '') if known else 'none')))
            continue
        wanted = wanted_settings(entry, replace)
        if current is None:
            _plan_create(result, item, entry, wanted, where, account_id)
        else:
            _plan_update(result, item, entry, wanted, where, replace)
    if state == 'overridden' or (state == 'deleted' and delete_all and not config):
        listed = set(entry['magic']['conduit_name'] for entry in config)
        for cni in cnis:
            if conduit_name(cni) in listed or not in_scope(cni, scope) or cni.get('interconnect') in deferred:
                continue
            item = _item('delete', conduit_name(cni), cni, None)
            result.items.append(item)
    return result


def _plan_delete(result, item, entry, where):
    current = item['current']
    if current is None:
        return
    for field in ('interconnect', 'account'):
        if entry.get(field) is not None and entry[field] != current.get(field):
            # The entry names another CNI than the one found: no guess, no delete.
            result.problems.append((where + field, 'CNI %s (%s) has %s %s, not %s; it is not deleted' % (
                current.get('id'), item['conduit_name'], field, current.get(field), entry[field])))
            return
    item['action'] = 'delete'


def _plan_create(result, item, entry, wanted, where, account_id):
    name = item['conduit_name']
    if entry.get('interconnect') is None:
        result.problems.append((where + 'interconnect', 'required to create CNI %r (there is none of that name)' % name))
    if wanted.get('magic', {}).get('mtu') is None:
        result.problems.append((where + 'magic.mtu', 'required to create CNI %r (there is none of that name)' % name))
    if 'bgp' in wanted and wanted['bgp'].get('customer_asn') is None:
        result.problems.append((where + 'bgp.customer_asn', 'required to create CNI %r with BGP' % name))
    item['action'] = 'create'
    item['wanted'] = wanted
    item['body'] = post_body(wanted, entry.get('interconnect'), entry.get('account') or account_id)
    item['predicted'] = dict(item['body'], **prune(dict(bgp_mode=wanted.get('bgp_mode'))))


def _plan_update(result, item, entry, wanted, where, replace):
    current = item['current']
    name = item['conduit_name']
    if entry.get('interconnect') is not None and entry['interconnect'] != current.get('interconnect'):
        result.problems.append((where + 'interconnect', 'CNI %s (%s) is on interconnect %s, not %s: a CNI cannot move '
                                'between interconnects, and conduit names are unique per account, so a new CNI needs '
                                'another name. To move this very CNI, delete it (state deleted) and create it on %s; '
                                'that interrupts the link' % (current.get('id'), name, current.get('interconnect'),
                                                              entry['interconnect'], entry['interconnect'])))
        return
    if entry.get('account') is not None and entry['account'] != current.get('account'):
        result.problems.append((where + 'account', 'CNI %s (%s) belongs to account %s; a CNI never moves to another '
                                'account' % (current.get('id'), name, current.get('account'))))
        return
    if current.get('bgp') and 'bgp' not in wanted:
        if replace:
            result.problems.append((where + 'bgp', 'CNI %s (%s) has BGP and the entry has none, but the API has no '
                                    'documented way to remove BGP from a CNI: add its bgp to the entry (state gathered '
                                    'shows it), or delete the CNI (state deleted) and create it again without bgp'
                                    % (current.get('id'), name)))
            return
        if is_empty_bgp(entry.get('bgp')):
            result.warnings.append('%sbgp: {} does not remove BGP from CNI %s (%s); BGP is left as it is'
                                   % (where, current.get('id'), name))
    changes = cni_changes(current, wanted)
    if 'bgp' in changes and not current.get('bgp') and changes['bgp'].get('customer_asn') is None:
        result.problems.append((where + 'bgp.customer_asn', 'required to add BGP to CNI %s (%s), which has none'
                                % (current.get('id'), name)))
        return
    if changes:
        item['action'] = 'update'
        item['wanted'] = wanted
        item['changes'] = changes
        item['body'] = put_body(current, changes, wanted)
        item['predicted'] = merged(current, changes)


def gather(cnis, account_id, scope=None):
    """The account's CNIs as a config list that state merged takes unchanged and that then changes nothing.
    MD5 keys are left out (they are never shown); account only where it is not account_id."""
    config = []
    for cni in cnis:
        if not in_scope(cni, scope):
            continue
        magic = cni.get('magic') or {}
        entry = dict(interconnect=cni.get('interconnect'),
                     magic=dict(conduit_name=magic.get('conduit_name'), description=magic.get('description'),
                                mtu=magic.get('mtu')))
        if cni.get('account') not in (None, account_id):
            entry['account'] = cni['account']
        bgp = cni.get('bgp')
        if isinstance(bgp, dict):
            entry['bgp'] = dict(customer_asn=bgp.get('customer_asn'), extra_prefixes=list(bgp.get('extra_prefixes') or []))
        if cni.get('bgp_mode'):
            entry['bgp_mode'] = cni['bgp_mode']
        config.append(prune(entry))
    return config


def action_report(item, failure=None):
    """One entry of the module's `actions` result."""
    report = dict(conduit_name=item['conduit_name'], id=item['id'], interconnect=item['interconnect'],
                  action=item['action'])
    if failure is not None:
        report.update(failed=True, msg=failure)
    return report


def after_list(cnis, outcomes):
    """The account's CNIs after the writes: `outcomes` lists (item, object after, None when deleted) of the writes
    made; created CNIs come last, in config order."""
    replaced, deleted, created = {}, set(), []
    for item, obj in outcomes:
        if item['action'] == 'delete':
            deleted.add(item['id'])
        elif item['action'] == 'update':
            replaced[item['id']] = obj
        elif item['action'] == 'create':
            created.append(obj)
    after = [redact(replaced.get(cni.get('id'), cni)) for cni in cnis if cni.get('id') not in deleted]
    return after + [redact(obj) for obj in created]
