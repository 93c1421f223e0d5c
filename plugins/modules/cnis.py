#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cnis
short_description: Manage the set of Cloudflare Network Interconnect (CNI) links of an account in one task
version_added: 0.2.0
description:
  - A resource module in the style of Ansible's network resource modules. O(config) lists CNIs, each identified by
    its O(config[].magic.conduit_name) (unique in an account), with the suboptions of M(cloudflare.cni.cni).
    O(state) says what the list means - V(merged), V(replaced), V(overridden), V(deleted) or V(gathered).
  - The module reads the account's CNI list once (every page), the interconnect list once (to refuse unknown
    interconnects), and the account settings once when an entry sets O(config[].bgp.customer_asn); then it sends only
    the writes that are needed, at most O(parallel) at a time. A converged run of any number of CNIs sends no write.
  - Every input check (names, CIDRs, ASNs, MTU, MD5 key, duplicates in O(config), unknown interconnects,
    O(config[].bgp.customer_asn) equal to the account's C(default_asn)) runs before any write; the failure names the
    option path, for example C(config[3].bgp.md5_key). Problems of several entries are reported together.
  - A failed write does not stop the others. The task then fails naming each failed CNI with the API's answer, and
    RV(actions) and RV(after) say what did change; a re-run converges.
  - If a create gets no answer within O(timeout) (or the connection drops), the module does not send it again; it
    looks the CNI up by name for a while (twice O(timeout), 15 to 120 seconds) and uses it, or fails saying that it
    may still be created (running the task again then finds it). After a 5xx answer it looks once, then tries again.
    So one link never becomes two.
  - Values compared, as in M(cloudflare.cni.cni) - O(config[].bgp.extra_prefixes) as a set of networks; an
    O(config[].bgp.md5_key) that the API does not return is not a difference by itself (every update carries the
    key you set; without one, an update carries what the API returned).
  - A CNI cannot move between interconnects or accounts; an entry whose O(config[].interconnect) differs from the
    existing CNI's fails. There are no renames either (use M(cloudflare.cni.cni) with its O(cloudflare.cni.cni#module:id)).
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
attributes:
  check_mode:
    support: full
    description: Reads as a real run does and returns the plan (RV(actions), the predicted RV(after)); sends no write.
  diff_mode:
    support: full
    description:
      - One diff per CNI that changes, headed by its conduit name; an update shows only the keys that change, a create
        or delete the whole CNI. MD5 keys show masked (a changing key as C(******** (changed))).
options:
  config:
    description:
      - The CNIs. Leave empty with O(state=gathered); with O(state=deleted) an empty list deletes nothing unless
        O(delete_all=true).
    type: list
    elements: dict
    suboptions:
      interconnect:
        description:
          - Name of the interconnect that carries the CNI. Required to create it; must name an interconnect of the
            account (or one of O(deferred_interconnects)). Fixed afterwards.
          - With O(state=deleted), when set, a CNI on another interconnect is not deleted (the task fails).
        type: str
      account:
        description: Account tag written in the CNI. Defaults to O(account_id). Fixed after creation.
        type: str
      magic:
        description: The link settings. O(config[].magic.conduit_name) is required in every entry.
        type: dict
        suboptions:
          conduit_name:
            description:
              - Name of the link, unique in the account; identifies the CNI. Required. At most 255 characters, no
                control characters.
            type: str
          description:
            description:
              - Free text description. V(merged) leaves it as it is when unset (and creates with V("")); V(replaced)
                and V(overridden) set it to V("") when unset.
            type: str
          mtu:
            description:
              - MTU of the link, an integer from V(0) to V(2147483647); values below 576 or above 9000 give a warning.
              - Required to create a CNI, and in every entry with V(replaced) and V(overridden) (it has no default).
            type: int
      bgp:
        description:
          - The BGP session over the CNI (a closed beta; accounts that are not enabled get HTTP 403).
          - V(merged) compares only the suboptions set and leaves BGP alone when O(config[].bgp) is unset; an empty
            C(bgp) does not remove BGP (a warning says so).
          - V(replaced) and V(overridden) - an entry without O(config[].bgp) for a CNI that has BGP fails, because the
            API has no documented way to remove BGP from a CNI; delete the CNI and create it again without BGP.
        type: dict
        suboptions:
          customer_asn:
            description:
              - ASN of the customer end, from V(1) to V(2147483647), different from the account's C(default_asn).
                Required to create a CNI with BGP or add BGP to one, and with V(replaced) and V(overridden).
            type: int
          extra_prefixes:
            description:
              - Extra static IPv4 networks (C(A.B.C.D/N), host bits clear) to advertise to the customer end.
                Compared as a set. V(replaced) and V(overridden) set V([]) when unset.
            type: list
            elements: str
          md5_key:
            description:
              - MD5 key of the session, at most 80 characters of printable ASCII without double quote, question mark,
                tab, CR, LF, VT or FF. Never shown.
              - Not managed when unset, in every state (the API may not return it, so there is nothing to compare).
                When set, every update of the CNI carries it; when the API does not return the key, a set key is not
                a difference by itself.
            type: str
      bgp_mode:
        description:
          - V(dynamic_route_exchange) (full BGP) or V(advertise_only) (static advertisement, no routes exchanged).
          - Not managed when unset, in every state. The API takes it only on update, so a create that sets it is
            followed by an update.
        type: str
        choices: [dynamic_route_exchange, advertise_only]
  state:
    description:
      - V(merged) creates the listed CNIs that are missing and updates only the options set in the others.
      - V(replaced) does the same, but the listed CNIs take exactly the given settings; unset optional fields take the
        defaults documented per suboption.
      - V(overridden) is V(replaced), and deletes the account's CNIs that O(config) does not list (only those on
        O(interconnects) when it is set; never those on O(deferred_interconnects)). An empty or missing O(config)
        fails before any request, unless O(delete_all=true).
      - V(deleted) deletes the listed CNIs (by conduit name; a missing one is no change). With an empty O(config) it
        deletes nothing, unless O(delete_all=true).
      - V(gathered) returns the account's CNIs (on O(interconnects) when set) as RV(gathered), a O(config) list that
        V(merged) accepts unchanged and that then changes nothing (MD5 keys left out).
    type: str
    choices: [merged, replaced, overridden, deleted, gathered]
    default: merged
  parallel:
    description: How many writes may run at the same time, from V(1) to V(16).
    type: int
    default: 4
  interconnects:
    description:
      - Names of interconnects that limit what V(overridden) and V(deleted) with O(delete_all) delete, and what
        V(gathered) returns, to the CNIs on these interconnects. Unset, the whole account is in scope.
    type: list
    elements: str
  delete_all:
    description:
      - With O(state=deleted) or O(state=overridden) and an empty O(config), delete every CNI of the account (on
        O(interconnects) when set). Without it, an empty O(config) never deletes anything.
    type: bool
    default: false
  deferred_interconnects:
    description:
      - Names of interconnects that are not ready (for example not yet C(Healthy), or not yet created). Entries on
        them are checked like the others but neither created nor updated, only reported with action C(deferred);
        the CNIs on them are never deleted by V(overridden). They need not exist yet.
    type: list
    elements: str
    default: []
notes:
  - Names the API calls C(magic.conduit_name) are unique per account. To move a CNI to another interconnect, delete it
    and create it on the other one (this interrupts the link), or use M(cloudflare.cni.cni) with O(cloudflare.cni.cni#module:recreate).
seealso:
  - module: cloudflare.cni.cni
    description: One CNI, found by id or conduit name; can rename and move it.
  - module: cloudflare.cni.cni_info
    description: Read CNIs with filters.
'''

EXAMPLES = r'''
- name: Make sure these CNIs exist with these settings (others are left alone)
  cloudflare.cni.cnis:
    config:
      - interconnect: cni-ams01-1
        magic:
          conduit_name: ams-core-1
          description: Amsterdam core link 1
          mtu: 1500
        bgp:
          customer_asn: 64600
          extra_prefixes:
            - 192.0.2.0/24
          md5_key: "{{ vault_ams_core_1_md5 }}"
      - interconnect: cni-ams01-2
        magic:
          conduit_name: ams-core-2
          mtu: 1500
  register: cnis

- name: Exactly these CNIs on the two Amsterdam interconnects; delete the others there
  cloudflare.cni.cnis:
    state: overridden
    interconnects: [cni-ams01-1, cni-ams01-2]
    config:
      - interconnect: cni-ams01-1
        magic:
          conduit_name: ams-core-1
          description: Amsterdam core link 1
          mtu: 1500
        bgp:
          customer_asn: 64600
          extra_prefixes: [192.0.2.0/24]

- name: Read the account's CNIs as a config list
  cloudflare.cni.cnis:
    state: gathered
  register: current

- name: Delete two CNIs
  cloudflare.cni.cnis:
    state: deleted
    config:
      - magic:
          conduit_name: ams-core-2
      - magic:
          conduit_name: old-link
'''

RETURN = r'''
before:
  description: The account's CNIs before the task, as the API returned them (C(bgp.md5_key) masked).
  returned: when O(state) is not V(gathered)
  type: list
  elements: dict
after:
  description:
    - The account's CNIs after the task (in check mode, as predicted, without the ids and addresses Cloudflare
      assigns to new ones). C(bgp.md5_key) masked.
    - Left out when nothing changed (it would equal RV(before)).
  returned: when changed
  type: list
  elements: dict
actions:
  description: What was done (or, in check mode, would be done) per CNI; the config entries in order, then the deletions.
  returned: when O(state) is not V(gathered)
  type: list
  elements: dict
  contains:
    conduit_name:
      description: The CNI's conduit name.
      type: str
      sample: ams-core-1
    id:
      description: The CNI's UUID (null for a CNI not created, or created in check mode).
      type: str
    interconnect:
      description: The interconnect that carries (or would carry) the CNI.
      type: str
      sample: cni-ams01-1
    action:
      description: One of V(create), V(update), V(delete), V(none), V(deferred).
      type: str
      sample: update
    failed:
      description: True when the write failed.
      type: bool
      returned: when the write failed
    msg:
      description: Why the write failed (the API's answer).
      type: str
      returned: when the write failed
gathered:
  description: The account's CNIs as a O(config) list (without MD5 keys).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - interconnect: cni-ams01-1
      magic:
        conduit_name: ams-core-1
        description: Amsterdam core link 1
        mtu: 1500
      bgp:
        customer_asn: 64600
        extra_prefixes: [192.0.2.0/24]
'''

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import (
    cni_options_spec, conflict_message, find_by_name, hide_md5_keys, mtu_warning, put_body, redact, shown_change)
from ansible_collections.cloudflare.cni.plugins.module_utils._cni_plan import (
    STATES, action_report, after_list, config_problems, gather, needs_interconnects, needs_settings, plan)
from ansible_collections.cloudflare.cni.plugins.module_utils._compare import diff


class CnisModule(CniModule):
    serialise_writes = True
    config = ()  # the config entries, set by validate()
    argument_spec = dict(
        config=dict(type='list', elements='dict', options=cni_options_spec()),
        state=dict(type='str', default='merged', choices=list(STATES)),
        parallel=dict(type='int', default=4),
        interconnects=dict(type='list', elements='str'),
        delete_all=dict(type='bool', default=False),
        deferred_interconnects=dict(type='list', elements='str', default=[]),
    )

    def validate(self):
        self.config = self.params['config'] or []
        problems = config_problems(self.config, self.params['state'], self.params['delete_all'],
                                   self.params['interconnects'], self.params['deferred_interconnects'],
                                   self.params['parallel'])
        self.fail_problems(problems, 'nothing was sent')
        for index, entry in enumerate(self.config):
            warning = mtu_warning((entry.get('magic') or {}).get('mtu'), 'config[%d].magic.mtu' % index)
            if warning:
                self.module.warn(warning)

    def fail_problems(self, problems, outcome):
        if problems:
            self.fail('; '.join('%s: %s' % problem for problem in problems) + ' (%s)' % outcome,
                      option=problems[0][0], problems=[dict(option=path, rule=rule) for path, rule in problems])

    def run(self):
        state = self.params['state']
        scope = self.params['interconnects']
        deferred = self.params['deferred_interconnects']
        cnis = hide_md5_keys(self.module, self.client.list_all(self.path('cnis')))
        if state == 'gathered':
            self.result['gathered'] = gather(cnis, self.params['account_id'], scope)
            return
        names = None
        if needs_interconnects(self.config, state, deferred):
            names = set(ic.get('name') for ic in self.client.list_all(self.path('interconnects')))
        default_asn = self.client.get(self.path('settings')).get('default_asn') \
            if needs_settings(self.config, state) else None
        the_plan = plan(self.config, cnis, state, self.params['account_id'], names, default_asn, scope, deferred,
                        self.params['delete_all'])
        for warning in the_plan.warnings:
            self.module.warn(warning)
        self.result['before'] = [redact(cni) for cni in cnis]
        self.fail_problems(the_plan.problems, 'nothing was written')
        outcomes, failures = self.apply(the_plan.writes())
        self.result['actions'] = [action_report(item, failures.get(id(item))) for item in the_plan.items]
        self.result['changed'] = bool(outcomes)
        if outcomes:  # as network resource modules do: a run that changes nothing does not repeat `before`
            self.result['after'] = after_list(cnis, outcomes)
        if self.module._diff:
            self.result['diff'] = [self.diff_of(item, obj) for item, obj in outcomes]
        if failures:
            self.fail('%d of %d writes failed; the others were made (see actions), a re-run retries the failed ones: %s'
                      % (len(failures), len(the_plan.writes()), '; '.join(failures.values())))

    def apply(self, writes):
        """Send the writes, at most `parallel` at a time; returns [(item, object after)] of those that succeeded
        and {id(item): message} of those that failed."""
        if self.check_mode:
            return [(item, item.get('predicted')) for item in writes], {}
        outcomes, failures = [], {}
        if not writes:
            return outcomes, failures
        with ThreadPoolExecutor(max_workers=min(self.params['parallel'], len(writes))) as pool:
            futures = [(item, pool.submit(self.write, item)) for item in writes]
            for item, future in futures:
                obj, error = future.result()
                if obj is not None or item['action'] == 'delete' and error is None:
                    outcomes.append((item, obj))
                if error is not None:
                    where = 'config[%d] ' % item['index'] if item['index'] is not None else ''
                    failures[id(item)] = '%s%s %s (%s): %s' % (where, item['action'], item['conduit_name'],
                                                               item['id'] or 'new', error)
        return outcomes, failures

    def write(self, item):
        """One write (runs in a worker thread on the one client): (object after or None, error message or None)."""
        try:
            if item['action'] == 'delete':
                # A 404 counts as deleted: after a dropped answer, urllib3's retry of our own DELETE gets one.
                self.client.delete(self.path('cnis', item['id']), missing_ok=True)
                return None, None
            if item['action'] == 'update':
                return self.send('PUT', self.path('cnis', item['id']), item['body'], item), None
            return self.create(item)
        except CloudflareApiError as exc:
            return None, exc.message
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # A fault of ours (or an answer we did not expect) fails this write, not the task's report of the others.
            return None, 'unexpected %s: %s' % (type(exc).__name__, exc)

    def create(self, item):
        name = item['conduit_name']
        path = self.path('cnis')
        created = self.create_once(lambda: self.send('POST', path, item['body'], item),
                                   lambda: (find_by_name(self.client, path, name) or [None])[0], 'CNI %s' % name)
        item['id'] = created.get('id')
        mode = item['wanted'].get('bgp_mode')
        if mode is None or created.get('bgp_mode') == mode:
            return created, None
        try:  # the create body cannot carry bgp_mode: set it with an update
            return self.send('PUT', self.path('cnis', created['id']),
                             put_body(created, dict(bgp_mode=mode), item['wanted']), item), None
        except CloudflareApiError as exc:
            return created, 'created, but setting bgp_mode failed (a re-run sets it): %s' % exc.message

    def send(self, method, path, body, item):
        try:
            return self.client.object(method, path, body=body)
        except CloudflareApiError as exc:
            if exc.status == 409:
                exc.message = conflict_message(exc, 'config[%d].magic.conduit_name' % item['index'],
                                               item['conduit_name'])
            raise

    @staticmethod
    def diff_of(item, obj):
        name = item['conduit_name']
        if item['action'] == 'create':
            shown = dict(before={}, after=redact(obj))
        elif item['action'] == 'delete':
            shown = dict(before=redact(item['current']), after={})
        else:
            shown = diff(*shown_change(item['current'], obj, item['changes']))
        shown.update(before_header=name, after_header='%s (%s)' % (name, item['action']))
        return shown


def main():
    CnisModule.main()


if __name__ == '__main__':
    main()
