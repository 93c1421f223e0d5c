#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cni
short_description: Create, update or delete a Cloudflare Network Interconnect (CNI) link
version_added: 0.1.0
description:
  - Manages one CNI, the link (with its point-to-point addressing, MTU and optional BGP session) that runs over an
    interconnect.
  - The CNI is found by O(id) when given, else by O(magic.conduit_name), which is unique in an account. Finding it by
    name reads every page of the account's CNIs. Two CNIs with the same name make the task fail, listing their ids.
  - Only the options you set are compared, after normalising (O(bgp.extra_prefixes) as a set of networks); an
    update sends the whole object the API needs, the current object merged with what you set.
  - Checks that need a read run in check mode too, so check mode does not promise what the real run refuses - a
    create on an interconnect that does not exist, and a rename (by O(id)) to a conduit name another CNI has, fail
    in both.
  - To manage many CNIs, use M(cloudflare.cni.cnis), which reads the account once for all of them.
  - Cloudflare assigns RV(cni.id), RV(cni.p2p_ip) and RV(cni.cust_ip). A CNI cannot move to another interconnect;
    a different O(interconnect) fails unless O(recreate=true).
  - If a create gets no answer within O(timeout) (or the connection drops), the module does not send it again; it
    looks the CNI up by name for a while (twice O(timeout), 15 to 120 seconds) and uses it, or fails saying that it
    may still be created (running the task again then finds it). After a 5xx answer it looks once, then tries again.
    So one link never becomes two.
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
attributes:
  check_mode:
    support: full
    description: Sends no write; RV(cni) is the predicted object (without the ids and addresses Cloudflare assigns).
  diff_mode:
    support: full
    description: Shows only the keys that change; a created or deleted CNI shows whole. The MD5 key shows masked.
options:
  state:
    description:
      - V(present) creates the CNI or updates it to match; V(absent) deletes it (deleting a missing CNI is not an error).
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - The CNI's UUID. When given, the CNI is found by it (and a missing one fails with O(state=present)).
      - Leave it out to find the CNI by O(magic.conduit_name).
    type: str
  interconnect:
    description:
      - Name of the interconnect that carries the CNI (RV(cloudflare.cni.interconnect#module:interconnect.name)).
      - Required to create a CNI, and it must exist. Fixed afterwards, see O(recreate).
    type: str
  account:
    description:
      - Account tag written in the CNI. Defaults to O(account_id). Fixed after creation; a CNI never moves to
        another account.
    type: str
  magic:
    description:
      - The link settings. All three are required to create a CNI; to update, set only what should change.
    type: dict
    suboptions:
      conduit_name:
        description:
          - Name of the link, unique in the account; identifies the CNI when O(id) is not given.
          - At most 255 characters, without control characters. With O(id), setting another name renames the CNI.
        type: str
      description:
        description: Free text description.
        type: str
      mtu:
        description:
          - MTU of the link, an integer from V(0) to V(2147483647).
          - Cloudflare advises 1500 (Dataplane v2), 1476 (v1, GRE) or, for GCP, 1440, 1460, 1500 or 8896; values
            below 576 or above 9000 give a warning.
        type: int
  bgp:
    description:
      - The BGP session over the CNI. BGP over CNI is a closed beta; accounts that are not enabled get HTTP 403.
      - Leave it out to keep the BGP settings as they are. Only the suboptions you set are compared.
      - An empty O(bgp) does not remove BGP from a CNI that has it (the API has no documented way to); a warning says so.
    type: dict
    suboptions:
      customer_asn:
        description:
          - ASN of the customer end, from V(1) to V(2147483647). It must differ from the account's Cloudflare ASN
            (see M(cloudflare.cni.settings)). Required when the CNI has no BGP session yet.
        type: int
      extra_prefixes:
        description:
          - Extra static IPv4 networks (C(A.B.C.D/N), host bits clear; C(10.1.2.3/8) is refused with the network
            C(10.0.0.0/8) it probably means) to advertise to the customer end. Compared as a set.
        type: list
        elements: str
      md5_key:
        description:
          - MD5 key of the session. At most 80 characters of printable ASCII, not empty, without double quote,
            question mark, tab, CR, LF, VT or FF.
          - Cloudflare does not treat it as a secret; this module still never shows it.
          - The API may leave the key out of its answers. When it does, a key you set is not a difference by
            itself; but every update of the CNI carries the key you set, so that no unrelated change (an MTU, say)
            drops it. When you do not set it, an update carries what the API returned (nothing, if it returned no
            key).
        type: str
  bgp_mode:
    description:
      - V(dynamic_route_exchange) (full BGP) or V(advertise_only) (static advertisement, no routes exchanged).
      - Compared and sent on update; leave it out to keep it as it is. The API takes it only on update, so a create
        that sets it is followed by an update.
    type: str
    choices: [dynamic_route_exchange, advertise_only]
  recreate:
    description:
      - When the CNI found exists on another interconnect than O(interconnect), delete it and create it on the wanted
        one, keeping its other settings. This interrupts the link. A CNI never moves to another account.
      - Without it, such a difference fails and names the field.
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Create a CNI with BGP on an interconnect
  cloudflare.cni.cni:
    interconnect: cni-ams01-1
    magic:
      conduit_name: ams-core-1
      description: Amsterdam core link 1
      mtu: 1500
    bgp:
      customer_asn: 64600
      extra_prefixes:
        - 192.0.2.0/24
      md5_key: "{{ vault_ams_core_1_md5 }}"
  register: ams_core_1

- name: Change the MTU of the CNI found by its name
  cloudflare.cni.cni:
    magic:
      conduit_name: ams-core-1
      mtu: 1476

- name: Remove the CNI
  cloudflare.cni.cni:
    id: "{{ ams_core_1.cni.id }}"
    state: absent

- name: Move a CNI to another interconnect (delete and recreate; interrupts the link)
  cloudflare.cni.cni:
    interconnect: cni-ams01-2
    magic:
      conduit_name: ams-core-1
    recreate: true
'''

RETURN = r'''
cni:
  description:
    - The CNI after the task, as the API returns it (with O(state=absent), an empty dict).
    - In check mode, the predicted object. C(bgp.md5_key) is masked.
  returned: success
  type: dict
  contains:
    id:
      description: The CNI's UUID.
      type: str
      sample: 5f0f1c46-0f3b-4c31-9a35-5d1f0bb3c0b4
    account:
      description: Account tag.
      type: str
    interconnect:
      description: Name of the interconnect that carries the CNI.
      type: str
      sample: cni-ams01-1
    p2p_ip:
      description: Cloudflare's end of the point-to-point /31.
      type: str
      sample: 100.64.0.0/31
    cust_ip:
      description: The customer's end of the point-to-point /31.
      type: str
      sample: 100.64.0.1/31
    magic:
      description: The link settings (C(conduit_name), C(description), C(mtu)).
      type: dict
    bgp:
      description: The BGP settings (C(customer_asn), C(extra_prefixes), C(md5_key) masked), when the CNI has BGP.
      type: dict
      returned: when the CNI has BGP
    bgp_mode:
      description: V(dynamic_route_exchange) or V(advertise_only), when the API returns it.
      type: str
      returned: when the API returns it
'''

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import (
    cni_changes, cni_options_spec, conduit_name, conflict_message, find_by_name, hide_md5_keys, is_empty_bgp,
    mtu_warning, option_problems,
    post_body, put_body, redact, shown_change, wanted_settings)

FIXED = ('interconnect', 'account')


class CniModuleImpl(CniModule):
    resource_key = 'cni'
    serialise_writes = True
    argument_spec = dict(
        cni_options_spec(),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        id=dict(type='str'),
        recreate=dict(type='bool', default=False),
    )

    def validate(self):
        magic = self.params['magic'] or {}
        self.check_uuid('id', self.params['id'], 'a CNI UUID')
        if self.params['id'] is None and magic.get('conduit_name') is None:
            self.fail_option('magic.conduit_name', 'set id or magic.conduit_name to identify the CNI')
        problems = option_problems(self.params)
        if problems:
            self.fail_option(*problems[0])
        warning = mtu_warning(magic.get('mtu'))
        if warning:
            self.module.warn(warning)

    def run(self):
        current = self.find()
        differing = self.fixed_differences(current)
        if self.params['state'] == 'absent':
            if differing:  # the task names another CNI than the one found: no guess, no delete
                self.fail_option(differing[0].split(' ')[0], 'CNI %s (%s) was found but differs: %s; nothing was '
                                 'deleted' % (current['id'], conduit_name(current), '; '.join(differing)))
            self.absent(current)
        elif current is None:
            body = self.create_body()
            self.check_interconnect(body['interconnect'])
            self.set_resource(redact(self.create(body)), None, changed=True)
        elif differing:
            self.move(current, differing)
        else:
            self.update(current)

    def fixed_differences(self, current):
        return ['%s (have %s, want %s)' % (f, current.get(f), self.params[f]) for f in FIXED
                if current is not None and self.params[f] is not None and self.params[f] != current.get(f)]

    def wanted(self):
        """What the user set, None pruned: absent options mean "leave as it is"."""
        return wanted_settings(self.params)

    def find(self):
        if self.params['id']:
            current = self.client.get_or_none(self.path('cnis', self.params['id']))
            hide_md5_keys(self.module, [current] if current else [])
            if current is None and self.params['state'] == 'present':
                self.fail_option('id', 'no CNI %s in the account; to create one, leave out id and set '
                                 'magic.conduit_name' % self.params['id'])
            return current
        return self.find_by_name(self.params['magic']['conduit_name'])

    def find_by_name(self, name):
        matches = hide_md5_keys(self.module, find_by_name(self.client, self.path('cnis'), name))
        if len(matches) > 1:
            self.fail('magic.conduit_name: %d CNIs are named %r (ids %s); set id to choose one'
                      % (len(matches), name, ', '.join(c['id'] for c in matches)), option='magic.conduit_name',
                      candidates=[c['id'] for c in matches])
        return matches[0] if matches else None

    def create_body(self, base=None):
        """The POST body: what the user set on top of `base` (the settings a recreated CNI keeps)."""
        wanted = self.wanted()
        base = base or {}
        for key in ('magic', 'bgp'):
            if base.get(key):
                wanted[key] = dict(base[key], **wanted.get(key, {}))
        missing = [name for name, value in (('interconnect', self.params['interconnect']),
                                            ('magic.conduit_name', wanted.get('magic', {}).get('conduit_name')),
                                            ('magic.description', wanted.get('magic', {}).get('description')),
                                            ('magic.mtu', wanted.get('magic', {}).get('mtu'))) if value is None]
        if missing:
            self.fail_option(missing[0], 'required to create a CNI (missing: %s)' % ', '.join(missing))
        body = post_body(wanted, self.params['interconnect'],
                         self.params['account'] or base.get('account') or self.params['account_id'])
        if 'bgp' in body:
            if body['bgp'].get('customer_asn') is None:
                self.fail_option('bgp.customer_asn', 'required to create a CNI with BGP')
            self.check_asn_differs(body['bgp']['customer_asn'])
        return body

    def check_asn_differs(self, customer_asn):
        default_asn = self.client.get(self.path('settings')).get('default_asn')
        if customer_asn == default_asn:
            self.fail_option('bgp.customer_asn', 'must differ from the account\'s Cloudflare ASN (default_asn %s)'
                             % default_asn)

    def check_interconnect(self, name, current=None):
        """The interconnect must exist before a create is promised (in check mode too) or a CNI leaves its old one."""
        if self.client.get_or_none(self.path('interconnects', name)) is None:
            left = '; CNI %s was left as it is' % current['id'] if current else ''
            self.fail_option('interconnect', 'no interconnect named %s in the account%s' % (name, left))

    def check_name_free(self, name, current):
        """A new conduit name must be free in the account (checked in check mode too, before a rename or move)."""
        taken = name != conduit_name(current) and self.find_by_name(name)
        if taken:
            self.fail_option('magic.conduit_name', 'CNI %s is already named %r; conduit names are unique per account, '
                             'pick another name; CNI %s was left as it is' % (taken['id'], name, current['id']))

    def create(self, body, mode=None):
        """POST the CNI, then PUT its bgp_mode (the create body cannot carry it) when one is wanted."""
        mode = self.params['bgp_mode'] or mode
        if self.check_mode:
            return dict(body, bgp_mode=mode) if mode else body
        name = body['magic']['conduit_name']
        created = self.create_once(lambda: self.write('POST', self.path('cnis'), body),
                                   lambda: self.find_by_name(name), 'CNI %s' % name)
        if mode is not None and created.get('bgp_mode') != mode:
            created = self.write('PUT', self.path('cnis', created['id']),
                                 put_body(created, dict(bgp_mode=mode), self.wanted()))
        return created

    def write(self, method, path, body):
        """POST or PUT a CNI; the API's 409 means the conduit_name is taken."""
        try:
            return self.client.object(method, path, body=body)
        except CloudflareApiError as exc:
            if exc.status == 409:
                exc.message = conflict_message(exc, 'magic.conduit_name', body['magic']['conduit_name'])
            raise

    def update(self, current):
        wanted = self.wanted()
        if is_empty_bgp(self.params['bgp']) and current.get('bgp'):
            self.module.warn('bgp: {} does not remove BGP from CNI %s: the API has no documented way to remove it; '
                             'BGP is left as it is' % current['id'])
        changes = cni_changes(current, wanted)
        if not changes:
            self.set_resource(redact(current), redact(current))
            return
        if 'bgp' in changes and not current.get('bgp') and changes['bgp'].get('customer_asn') is None:
            self.fail_option('bgp.customer_asn', 'required to add BGP to a CNI that has none')
        if (changes.get('bgp') or {}).get('customer_asn') is not None:
            self.check_asn_differs(changes['bgp']['customer_asn'])
        new_name = (changes.get('magic') or {}).get('conduit_name')
        if new_name is not None:
            self.check_name_free(new_name, current)
        body = put_body(current, changes, wanted)
        after = body if self.check_mode else self.write('PUT', self.path('cnis', current['id']), body)
        before, shown = shown_change(current, after, changes)
        self.set_resource(redact(after), before, changed=True, diff_after=shown)

    def move(self, current, differing):
        if self.params['account'] is not None and self.params['account'] != current.get('account'):
            self.fail_option('account', 'CNI %s belongs to account %s; a CNI cannot move to another account'
                             % (current['id'], current.get('account')))
        if not self.params['recreate']:
            self.fail_option(differing[0].split(' ')[0],
                             'a CNI named %r already exists on interconnect %s (id %s). Conduit names are unique per '
                             'account: to create a new CNI, pick another name. To move that very CNI to %s, set '
                             'recreate: true (it is deleted and created again, which interrupts the link)'
                             % (conduit_name(current), current.get('interconnect'), current['id'],
                                self.params['interconnect']))
        keep = dict(magic=current.get('magic'), account=current.get('account'))
        if current.get('bgp'):
            keep['bgp'] = current['bgp']
        body = self.create_body(keep)
        # The new home must exist, and the name be free, before the CNI leaves the old one.
        self.check_interconnect(body['interconnect'], current)
        self.check_name_free(body['magic']['conduit_name'], current)
        self.delete(current)
        self.result['changed'] = True
        try:
            created = self.create(body, current.get('bgp_mode'))
        except CloudflareApiError as exc:
            failure = exc.failure()
            self.fail('CNI %s was deleted from interconnect %s, but creating it on %s failed: %s. Its settings are in '
                      'failure.deleted' % (current['id'], current.get('interconnect'), body['interconnect'],
                                           failure.pop('message')), deleted=redact(current), **failure)
        self.set_resource(redact(created), redact(current), changed=True)

    def delete(self, current):
        if not self.check_mode:
            self.client.delete(self.path('cnis', current['id']), missing_ok=True)

    def absent(self, current):
        if current is None:
            self.set_resource({}, None)
            return
        self.delete(current)
        self.set_resource({}, redact(current), changed=True)


def main():
    CniModuleImpl.main()


if __name__ == '__main__':
    main()
