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
  - Cloudflare assigns RV(cni.id), RV(cni.p2p_ip) and RV(cni.cust_ip). A CNI cannot move to another interconnect;
    a different O(interconnect) fails unless O(recreate=true).
  - If a create gets no answer (dropped connection, timeout, 5xx), the module looks the CNI up by name before trying
    again, so that one link never becomes two.
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
      - Required to create a CNI. Fixed afterwards, see O(recreate).
    type: str
  account:
    description:
      - Account tag written in the CNI. Defaults to O(account_id). Fixed after creation.
    type: str
  magic:
    description:
      - The link settings. All three are required to create a CNI; to update, set only what should change.
    type: dict
    suboptions:
      conduit_name:
        description: Name of the link, unique in the account; identifies the CNI when O(id) is not given.
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
    type: dict
    suboptions:
      customer_asn:
        description:
          - ASN of the customer end, from V(1) to V(2147483647). It must differ from the account's Cloudflare ASN
            (see M(cloudflare.cni.settings)). Required when the CNI has no BGP session yet.
        type: int
      extra_prefixes:
        description:
          - Extra static IPv4 prefixes (C(A.B.C.D/N)) to advertise to the customer end. Compared as a set.
        type: list
        elements: str
      md5_key:
        description:
          - MD5 key of the session. Printable ASCII, not empty, without double quote, question mark, tab, CR, LF, VT
            or FF.
          - Cloudflare does not treat it as a secret; this module still never shows it.
        type: str
  recreate:
    description:
      - When the CNI exists on another interconnect (or account) than O(interconnect) (O(account)), delete it and
        create it on the wanted one, keeping its other settings. This interrupts the link.
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
'''

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import (
    MASK, MTU_ADVISED, conduit_name, md5_key_problem, normalise, prefix_problem, redact, select)
from ansible_collections.cloudflare.cni.plugins.module_utils._compare import desired_changes, merged, prune

FIXED = ('interconnect', 'account')


class CniModuleImpl(CniModule):
    resource_key = 'cni'
    argument_spec = dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        id=dict(type='str'),
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
        recreate=dict(type='bool', default=False),
    )

    def validate(self):
        magic = self.params['magic'] or {}
        bgp = self.params['bgp'] or {}
        self.check_uuid('id', self.params['id'], 'a CNI UUID')
        if self.params['id'] is None and not magic.get('conduit_name'):
            self.fail_option('magic.conduit_name', 'set id or magic.conduit_name to identify the CNI')
        if magic.get('conduit_name') == '':
            self.fail_option('magic.conduit_name', 'must not be empty')
        self.check_int_range('magic.mtu', magic.get('mtu'))
        self.check_int_range('bgp.customer_asn', bgp.get('customer_asn'), minimum=1)
        for prefix in bgp.get('extra_prefixes') or []:
            problem = prefix_problem(prefix)
            if problem:
                self.fail_option('bgp.extra_prefixes', problem)
        if bgp.get('md5_key') is not None:
            problem = md5_key_problem(bgp['md5_key'])
            if problem:
                self.fail_option('bgp.md5_key', problem)
        mtu = magic.get('mtu')
        if mtu is not None and not MTU_ADVISED[0] <= mtu <= MTU_ADVISED[1]:
            self.module.warn('magic.mtu %d is outside %d-%d; Cloudflare advises 1500, 1476 or (GCP) 1440/1460/1500/8896'
                             % (mtu, MTU_ADVISED[0], MTU_ADVISED[1]))

    def run(self):
        current = self.find()
        differing = self.fixed_differences(current)
        if self.params['state'] == 'absent':
            if differing:  # the task names another CNI than the one found: no guess, no delete
                self.fail_option(differing[0].split(' ')[0], 'CNI %s (%s) was found but differs: %s; nothing was '
                                 'deleted' % (current['id'], conduit_name(current), '; '.join(differing)))
            self.absent(current)
        elif current is None:
            self.set_resource(redact(self.create(self.create_body())), None, changed=True)
        elif differing:
            self.move(current, differing)
        else:
            self.update(current)

    def fixed_differences(self, current):
        return ['%s (have %s, want %s)' % (f, current.get(f), self.params[f]) for f in FIXED
                if current is not None and self.params[f] is not None and self.params[f] != current.get(f)]

    def wanted(self):
        """What the user set, None pruned: absent options mean "leave as it is"."""
        return prune(dict(magic=self.params['magic'], bgp=self.params['bgp']))

    def find(self):
        if self.params['id']:
            current = self.client.get_or_none(self.path('cnis', self.params['id']))
            if current is None and self.params['state'] == 'present':
                self.fail_option('id', 'no CNI %s in the account; to create one, leave out id and set '
                                 'magic.conduit_name' % self.params['id'])
            return current
        return self.find_by_name(self.params['magic']['conduit_name'])

    def find_by_name(self, name):
        matches = select(self.client.list_all(self.path('cnis')), name=name)
        if len(matches) > 1:
            self.fail('magic.conduit_name: %d CNIs are named %r (ids %s); set id to choose one'
                      % (len(matches), name, ', '.join(c['id'] for c in matches)), option='magic.conduit_name',
                      candidates=[c['id'] for c in matches])
        return matches[0] if matches else None

    def create_body(self, base=None):
        """The POST body: what the user set on top of `base` (the settings a recreated CNI keeps)."""
        body = merged(base or {}, self.wanted())
        body['account'] = self.params['account'] or (base or {}).get('account') or self.params['account_id']
        body['interconnect'] = self.params['interconnect']
        missing = [name for name in ('interconnect', 'magic.conduit_name', 'magic.description', 'magic.mtu')
                   if self._get(body, name) is None]
        if missing:
            self.fail_option(missing[0], 'required to create a CNI (missing: %s)' % ', '.join(missing))
        if 'bgp' in body:
            if body['bgp'].get('customer_asn') is None:
                self.fail_option('bgp.customer_asn', 'required to create a CNI with BGP')
            body['bgp'].setdefault('extra_prefixes', [])
            self.check_asn_differs(body['bgp']['customer_asn'])
        return body

    @staticmethod
    def _get(body, dotted):
        value = body
        for part in dotted.split('.'):
            value = (value or {}).get(part)
        return value

    def check_asn_differs(self, customer_asn):
        default_asn = self.client.get(self.path('settings')).get('default_asn')
        if customer_asn == default_asn:
            self.fail_option('bgp.customer_asn', 'must differ from the account\'s Cloudflare ASN (default_asn %s)'
                             % default_asn)

    def create(self, body):
        if self.check_mode:
            return body
        name = body['magic']['conduit_name']
        return self.create_once(lambda: self.write('POST', self.path('cnis'), body), lambda: self.find_by_name(name),
                                'CNI %s' % name)

    def write(self, method, path, body):
        """POST or PUT a CNI; the API's 409 means the conduit_name is taken."""
        try:
            return self.client.object(method, path, body=body)
        except CloudflareApiError as exc:
            if exc.status != 409:
                raise
            exc.message = 'magic.conduit_name: a CNI named %r already exists in the account (%s)' % (
                body['magic']['conduit_name'], exc.message)
            raise

    def update(self, current):
        changes = desired_changes(current, self.wanted(), normalise)
        if not changes:
            self.set_resource(redact(current), redact(current))
            return
        if 'bgp' in changes and not current.get('bgp') and changes['bgp'].get('customer_asn') is None:
            self.fail_option('bgp.customer_asn', 'required to add BGP to a CNI that has none')
        if (changes.get('bgp') or {}).get('customer_asn') is not None:
            self.check_asn_differs(changes['bgp']['customer_asn'])
        body = prune(merged(current, changes))
        if 'bgp' in body:
            body['bgp'].setdefault('extra_prefixes', [])
        after = body if self.check_mode else self.write('PUT', self.path('cnis', current['id']), body)
        shown = redact(after)
        diff_after = None
        if (changes.get('bgp') or {}).get('md5_key') is not None and shown.get('bgp'):
            diff_after = redact(after)
            diff_after['bgp']['md5_key'] = MASK + ' (changed)'  # both ends are masked: say that it changes
        self.set_resource(shown, redact(current), changed=True, diff_after=diff_after)

    def move(self, current, differing):
        if self.params['account'] is not None and self.params['account'] != current.get('account'):
            self.fail_option('account', 'CNI %s belongs to account %s; a CNI cannot move to another account'
                             % (current['id'], current.get('account')))
        if not self.params['recreate']:
            self.fail_option(differing[0].split(' ')[0],
                             'CNI %s (%s) differs in fixed fields: %s. A CNI cannot be moved: set recreate: true to '
                             'delete and recreate it (this interrupts the link)'
                             % (current['id'], conduit_name(current), '; '.join(differing)))
        keep = dict(magic=current.get('magic'), account=current.get('account'))
        if current.get('bgp'):
            keep['bgp'] = current['bgp']
        body = self.create_body(keep)
        # The new home must exist, and the name be free, before the CNI leaves the old one.
        if self.client.get_or_none(self.path('interconnects', body['interconnect'])) is None:
            self.fail_option('interconnect', 'no interconnect named %s in the account; CNI %s was left as it is'
                             % (body['interconnect'], current['id']))
        name = body['magic']['conduit_name']
        taken = name != conduit_name(current) and self.find_by_name(name)
        if taken:
            self.fail_option('magic.conduit_name', 'CNI %s is already named %r; CNI %s was left as it is'
                             % (taken['id'], name, current['id']))
        self.delete(current)
        self.result['changed'] = True
        try:
            created = self.create(body)
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
