#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: interconnect
short_description: Create or delete a Cloudflare Network Interconnect (direct or GCP partner)
version_added: 0.1.0
description:
  - Creates an interconnect when it is missing, or deletes it, and optionally waits until it is C(Healthy).
  - A C(direct) interconnect is a physical port on a slot in a Cloudflare facility (see M(cloudflare.cni.slot_info));
    a C(gcp_partner) interconnect is a Google Cloud Partner Interconnect attachment.
  - Cloudflare assigns the interconnect's C(name) when it creates it. Every later task (CNIs, status, LOA) needs
    that name, so register the result and use RV(interconnect.name).
  - B(Identity.) With O(name), the interconnect is the one of that name; an unknown O(name) fails with
    O(state=present) (a new interconnect would get another name) and is C(ok) with O(state=absent).
    Without O(name), a C(direct) interconnect is the one on O(slot_id), and a C(gcp_partner) interconnect is the
    only C(gcp_partner) interconnect of the account whose speed equals O(bandwidth) and whose region is the region
    of O(pairing_key) (the API never returns the pairing key). No match creates one; more than one match fails,
    lists their names and asks for O(name).
  - B(Keep the name.) Once Cloudflare has assigned it, put the name in your variables and set O(name), since only the
    name tells the two attachments of a redundant GCP pair apart on later runs (see the examples).
  - B(Fixed fields.) Interconnects cannot be updated. When the interconnect exists and O(type), O(slot_id),
    O(speed) (only when set) or O(bandwidth) differ from it, the task fails naming the fields, unless
    O(recreate=true), which deletes it and creates a new one (with a new name). This cuts the link.
    A field that the API does not return (a C(gcp_partner) interconnect's C(speed) is optional) is not compared.
  - Deleting an interconnect that CNIs still use fails and names the CNIs, unless O(remove_cnis=true).
  - Runs that change one account are serialised on the controller (see the notes).
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - cloudflare.cni.wait
  - cloudflare.cni.wait.polling
  - cloudflare.cni.attributes.serialised
attributes:
  check_mode:
    support: full
    description:
      - Sends no write; RV(interconnect) is the predicted interconnect (without RV(interconnect.name) when it would
        be created, since Cloudflare assigns it).
      - Waits (reads only) for an interconnect that exists, never for one that would be created.
  diff_mode:
    support: full
    description:
      - Shows the interconnect that is created or deleted, and both sides of a recreation (only what changes).
      - With O(remove_cnis=true), the CNIs deleted with the interconnect show under C(cnis) (id and conduit name).
options:
  state:
    description:
      - V(present) creates the interconnect when it is missing; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - The interconnect's name, as Cloudflare assigned it (for example V(cni-ams01-1)).
      - When set, it alone identifies the interconnect.
    type: str
  type:
    description:
      - V(direct) for a physical port on a slot, V(gcp_partner) for a Google Cloud Partner Interconnect.
      - Required with O(state=present) unless O(name) is set (then it is compared when set).
    type: str
    choices: [direct, gcp_partner]
  slot_id:
    description:
      - UUID of the slot of a V(direct) interconnect (see M(cloudflare.cni.slot_info)).
      - Required with O(type=direct) and O(state=present) unless O(name) is set; identifies the interconnect when
        O(name) is not set.
      - Not allowed with O(type=gcp_partner).
    type: str
  speed:
    description:
      - Port speed of a V(direct) interconnect, for example V(10G). It must be a speed the slot supports (checked
        against the slot, case-insensitively, before anything else); when not set, the slot's speed is used and not
        compared.
      - Not allowed with O(type=gcp_partner).
    type: str
  pairing_key:
    description:
      - The pairing key of the GCP Partner Interconnect attachment, as Google Cloud gives it
        (C(<uuid>/<region>/<1|2>), where C(1) or C(2) is the edge availability domain). Any other form fails
        before any request, without showing the key.
      - Required with O(type=gcp_partner) and O(state=present) unless O(name) is set (an existing interconnect
        needs it only to be recreated). Never shown in output; the API never returns it.
      - Not allowed with O(type=direct).
    type: str
  bandwidth:
    description:
      - Bandwidth of a V(gcp_partner) interconnect, compared with the interconnect's C(speed).
      - Required with O(type=gcp_partner) and O(state=present) unless O(name) is set (then it is compared when set).
      - Not allowed with O(type=direct).
    type: str
    choices: [50M, 100M, 200M, 300M, 400M, 500M, 1G, 2G, 5G, 10G, 20G, 50G]
  account:
    description:
      - The account sent in the create request.
      - Defaults to O(account_id).
    type: str
  recreate:
    description:
      - When the interconnect exists with different fixed fields, delete it and create it anew instead of failing.
      - This cuts the link, and the new interconnect has a new name.
    type: bool
    default: false
  exclude_names:
    description:
      - Names of interconnects that this task is not about. They are left out when a C(gcp_partner) interconnect is
        looked for without O(name).
      - For the second attachment of a redundant pair (same bandwidth and region), list the first one here; the API
        never returns pairing keys, so nothing else tells the two apart.
    type: list
    elements: str
    default: []
  remove_cnis:
    description:
      - Before deleting an interconnect (with O(state=absent) or O(recreate=true)), delete the CNIs that use it.
      - When V(false), the task fails and names those CNIs instead.
      - The CNIs deleted (in check mode, that would be deleted) are named in a warning, in RV(removed_cnis) and in
        the diff.
    type: bool
    default: false
notes:
  - O(wait), O(wait_timeout) and O(wait_sleep) apply to O(state=present) only.
  - If the API does not answer a create within O(timeout), the task does not send it again; it looks for the new
    interconnect for a while (twice O(timeout), 15 to 120 seconds) and uses it, or fails saying that it may still
    be created. Running the task again then finds it.
seealso:
  - module: cloudflare.cni.slot_info
  - module: cloudflare.cni.interconnect_status
  - module: cloudflare.cni.interconnect_loa
'''

EXAMPLES = r'''
# Cloudflare assigns an interconnect's name when it creates it. Keep it in your variables once it is known
# (here gcp_name and gcp_zone2_name) and set name: on later runs it alone tells the interconnect apart. Without it,
# the two attachments of a redundant GCP pair (same bandwidth, same region) look the same to the task.

- name: Order a direct interconnect on a slot (found with cloudflare.cni.slot_info; keep its id in your variables)
  cloudflare.cni.interconnect:
    type: direct
    slot_id: 76cf7a2f-63b3-59a2-8902-82d2aea8a3da
    speed: 10G
  register: ams

- name: Save its Letter of Authorization for the facility
  cloudflare.cni.interconnect_loa:
    name: "{{ ams.interconnect.name }}"
    dest: /srv/loa/

- name: The first attachment of a GCP pair; wait until it is Healthy
  cloudflare.cni.interconnect:
    name: "{{ gcp_name | default(omit) }}"
    type: gcp_partner
    pairing_key: "{{ gcp_pairing_key }}"
    bandwidth: 1G
    wait: true
    wait_timeout: 900
  register: gcp

- name: The second attachment of the pair (same bandwidth and region); the first is not it
  cloudflare.cni.interconnect:
    name: "{{ gcp_zone2_name | default(omit) }}"
    type: gcp_partner
    pairing_key: "{{ gcp_pairing_key_zone2 }}"
    bandwidth: 1G
    exclude_names:
      - "{{ gcp.interconnect.name }}"
  register: gcp_zone2

- name: Show the names to keep
  ansible.builtin.debug:
    msg: "gcp_name: {{ gcp.interconnect.name }}, gcp_zone2_name: {{ gcp_zone2.interconnect.name }}"

- name: Wait hours for a cross-connect without holding a connection open (async/poll; the wait itself only reads)
  cloudflare.cni.interconnect_status:
    name: "{{ ams.interconnect.name }}"
    wait_for: [Healthy]
    wait_timeout: 43200
    wait_sleep: 60
  async: 43500
  poll: 300

- name: Change the bandwidth of an interconnect (deletes it and creates a new one, with a new name to keep)
  cloudflare.cni.interconnect:
    name: "{{ gcp_resize_name }}"
    type: gcp_partner
    pairing_key: "{{ gcp_resize_pairing_key }}"
    bandwidth: 2G
    recreate: true
  when: gcp_resize_name is defined

- name: Delete an interconnect and the CNIs on it (in check mode with --diff, lists them first)
  cloudflare.cni.interconnect:
    name: "{{ retired_interconnect | default('cni-ams01-9') }}"
    state: absent
    remove_cnis: true
'''

RETURN = r'''
interconnect:
  description:
    - The interconnect after the task (in check mode, the predicted one). Empty after O(state=absent).
    - The fields of the C(type) in question; the pairing key is never returned.
  returned: success
  type: dict
  contains:
    name:
      description: The name Cloudflare assigned; use it for CNIs, status and LOA. Not in check mode when the interconnect would be created.
      type: str
      sample: cni-ams01-1
    virtual_port_reservation_id:
      description: The reservation of Cloudflare's virtual port; returned as the API gives it, never compared.
      type: str
      returned: when the API returns it (not in check mode when the interconnect would be created)
    ccr_device_name:
      description: The Cloudflare device that the interconnect is on; returned as the API gives it, never compared.
      type: str
      returned: when the API returns it
    type:
      description: V(direct) or V(gcp_partner).
      type: str
      sample: direct
    account:
      description: The account of the interconnect.
      type: str
    owner:
      description: The owning account, when the API says.
      type: str
      returned: when set
    slot_id:
      description: The slot of a V(direct) interconnect.
      type: str
      returned: when type is direct
    site:
      description: The Cloudflare site of a V(direct) interconnect.
      type: str
      returned: when type is direct
      sample: ams01
    speed:
      description: The port speed (V(direct)) or bandwidth (V(gcp_partner)).
      type: str
      sample: 10G
    facility:
      description: The facility of a V(direct) interconnect, with C(name) and C(address) (a list of lines).
      type: dict
      returned: when type is direct
    region:
      description: The GCP region of a V(gcp_partner) interconnect.
      type: str
      returned: when type is gcp_partner
      sample: europe-west4
status:
  description: The interconnect's status when the task waited for it.
  returned: when O(wait=true), O(state=present), and not in check mode for an interconnect that would be created
  type: dict
  contains:
    state:
      description: The state, V(Healthy) on success.
      type: str
      sample: Healthy
    reason:
      description: Diagnostic information for V(Down) and V(Unhealthy), when the API gives it.
      type: str
      returned: when set
waited:
  description: Whole seconds the task waited for the interconnect to be C(Healthy) (rounded).
  returned: when the task waited (see RV(status))
  type: int
  sample: 42
state:
  description: The last state read, when waiting timed out.
  returned: failure of a wait
  type: str
  sample: Down
reason:
  description: The reason of the last state read, when waiting timed out (null when the API gave none).
  returned: failure of a wait
  type: str
  sample: fibre cut
removed_cnis:
  description:
    - The CNIs deleted (in check mode, that would be deleted) before the interconnect, with O(remove_cnis=true).
    - They are also named in a warning, and under C(cnis) in the diff's C(before).
  returned: when O(remove_cnis=true) and CNIs used the interconnect
  type: list
  elements: dict
  contains:
    id:
      description: The CNI's id.
      type: str
    conduit_name:
      description: The CNI's conduit name.
      type: str
'''

import time

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import conduit_name, describe_cnis
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import (
    BANDWIDTHS,
    TYPES,
    InterconnectApi,
    WaitTimeout,
    check_polling,
    match_gcp,
    match_slot,
    names,
    pairing_key_region,
    same_id,
    same_speed,
    wait_argument_spec,
    wait_for_state,
)

OPTIONS_OF = dict(direct=('slot_id', 'speed'), gcp_partner=('pairing_key', 'bandwidth'))


class InterconnectModule(CniModule):
    resource_key = 'interconnect'
    serialise_writes = True
    argument_spec = dict(
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        name=dict(type='str'),
        type=dict(type='str', choices=list(TYPES)),
        slot_id=dict(type='str'),
        speed=dict(type='str'),
        pairing_key=dict(type='str', no_log=True),
        bandwidth=dict(type='str', choices=list(BANDWIDTHS)),
        account=dict(type='str'),
        recreate=dict(type='bool', default=False),
        remove_cnis=dict(type='bool', default=False),
        exclude_names=dict(type='list', elements='str', default=[]),
        **wait_argument_spec()
    )

    def validate(self):
        params = self.params
        kind = params['type']
        for other, options in OPTIONS_OF.items():
            if kind is not None and other != kind:
                for option in options:
                    if params[option] is not None:
                        self.fail_option(option, 'only for type %s, not with type %s' % (other, kind))
        used = [k for k, options in OPTIONS_OF.items() if any(params[o] is not None for o in options)]
        if len(used) > 1:
            self.fail_option('type', 'slot_id/speed (direct) and pairing_key/bandwidth (gcp_partner) do not go '
                                     'together: set type and the options of that type')
        self.kind = kind or (used[0] if used else None)
        self.check_uuid('slot_id', params['slot_id'], 'a slot UUID')
        for option in ('name', 'speed', 'account'):
            self.check_text(option, params[option])
        for excluded in params['exclude_names']:
            self.check_text('exclude_names', excluded)
        if params['pairing_key'] is not None and pairing_key_region(params['pairing_key']) is None:
            # Never matched loosely nor sent: the API refuses it, and a loose match could adopt another interconnect.
            self.fail_option('pairing_key', 'must be the key Google Cloud gave for the attachment, '
                                            '<uuid>/<region>/<1|2> (for example '
                                            '01234567-89ab-4cde-8f01-23456789abcd/us-east4/1); the value given is not '
                                            'in that form (it is not shown: it is a secret)')
        check_polling(self)
        if params['state'] == 'present':
            if kind is None and params['name'] is None:
                self.fail_option('type', 'required with state=present unless name is set')
            if kind == 'direct' and params['slot_id'] is None and params['name'] is None:
                self.fail_option('slot_id', 'required with type=direct and state=present, unless name is set')
            if kind == 'gcp_partner' and params['name'] is None:
                for option in ('pairing_key', 'bandwidth'):
                    if params[option] is None:
                        self.fail_option(option, 'required with type=gcp_partner and state=present, unless name is set')
        elif params['name'] is None and self.kind != 'direct':
            self.fail_option('name', 'state=absent needs name (or, for a direct interconnect, slot_id): a gcp_partner '
                                     'interconnect is never deleted on a match by bandwidth, since the API does not '
                                     'return pairing keys')

    def run(self):
        self.api = InterconnectApi(self.client, self.path)
        self.slot = None
        self.slot_id = self.params['slot_id']
        self.removed = []
        current = self.find()
        if self.params['state'] == 'absent':
            if current is not None:
                self.delete(current)
            self.set_resource({}, current, changed=current is not None, diff_before=self.with_removed(current))
            return
        if self.kind is None and current is not None:
            self.kind = current.get('type')
        self.slot_id = self.params['slot_id'] or (current or {}).get('slot_id')
        self.speed = self.params['speed']
        self.check_speed(current)
        differences = [] if current is None else self.fixed_differences(current)
        if differences and not self.params['recreate']:
            self.fail('interconnect %s exists with different fixed fields: %s. Interconnects cannot be updated: set '
                      'recreate: true to delete and recreate it (this cuts the link).'
                      % (current['name'], '; '.join(differences)), interconnect=current['name'])
        if current is None:
            self.create(before=None)
        elif differences:
            self.recreate(current)
        else:
            self.set_resource(current, current)
        if not (self.check_mode and self.result['changed']):  # never wait for what was only predicted
            self.release_account_lock()  # waiting only reads: other runs may write meanwhile
            self.wait(self.result['interconnect']['name'])

    def with_removed(self, interconnect):
        """The interconnect as the diff shows it before a delete: with the CNIs deleted along with it."""
        if not self.removed or interconnect is None:
            return None
        return dict(interconnect, cnis=self.removed)

    def check_speed(self, current):
        """A direct interconnect's speed must be the slot's (case-insensitively): checked before any difference is
        reported, so that a typo is never answered with advice to recreate; the API's spelling is used from here."""
        if self.kind != 'direct' or self.speed is None or self.slot_id is None:
            return
        if current is not None and same_id(current.get('slot_id'), self.slot_id) \
                and same_speed(current.get('speed'), self.speed):
            self.speed = current['speed']
            return
        speed = self.read_slot().get('speed')
        if speed and not same_speed(speed, self.speed):
            self.fail_option('speed', 'slot %s supports %s, not %s: set speed to %s or leave it unset'
                             % (self.slot_id, speed, self.params['speed'], speed))
        self.speed = speed or self.speed

    def read_slot(self):
        if self.slot is None:
            self.slot = self.client.get(self.path('slots', self.slot_id))
        return self.slot

    def recreate(self, current):
        if self.kind == 'gcp_partner':
            for option in ('pairing_key', 'bandwidth'):
                if self.params[option] is None:
                    self.fail_option(option, 'required to recreate interconnect %s (a new gcp_partner interconnect '
                                             'needs it)' % current['name'])
        if self.kind == 'direct' and self.slot_id is None:
            self.fail_option('slot_id', 'required to recreate interconnect %s as a direct one' % current['name'])
        if self.kind == 'direct' and not self.check_mode:  # (check mode predicts in create())
            self.predict(current)  # the new slot must exist, be free and have the speed before the old one goes
        self.delete(current)
        try:
            self.create(before=current)
        except CloudflareApiError as exc:
            failure = exc.failure()
            self.fail('interconnect %s was deleted, but creating its replacement failed: %s. The deleted '
                      'interconnect is in failure.deleted' % (current['name'], failure.pop('message')),
                      deleted=current, **failure)

    def find(self):
        """The interconnect the options identify, or None."""
        if self.params['name'] is not None:
            current = self.api.get(self.params['name'])
            if current is None and self.params['state'] == 'present':
                self.fail_option('name', 'no interconnect named %s in account %s (names are case-sensitive). '
                                 'Cloudflare assigns the name when it creates an interconnect: leave name unset to '
                                 'create one' % (self.params['name'], self.params['account_id']))
            return current
        return self.match()

    def match(self):
        """The interconnect found without a name: by slot_id, or the one unambiguous gcp_partner match."""
        if self.kind == 'direct':
            matches = match_slot(self.api.list(kind='direct'), self.slot_id)
            what = 'on slot %s' % self.slot_id
        else:
            matches = [item for item in match_gcp(self.api.list(kind='gcp_partner'), self.params['bandwidth'],
                                                  self.params['pairing_key'])
                       if item.get('name') not in self.params['exclude_names']]
            region = pairing_key_region(self.params['pairing_key'])
            what = 'of bandwidth %s%s' % (self.params['bandwidth'], ' in region %s' % region if region else '')
        if len(matches) > 1:
            self.fail_option('name', '%d %s interconnects %s: %s. Set name to the one you mean'
                             % (len(matches), self.kind, what, names(matches)))
        return matches[0] if matches else None

    def fixed_differences(self, current):
        params = self.params
        if self.kind is not None and current.get('type') != self.kind:
            return ['type (have %s, want %s)' % (current.get('type'), self.kind)]
        found = []
        # A field the API did not return is unknown, not different.
        if current.get('type') == 'direct':
            if params['slot_id'] is not None and not same_id(current.get('slot_id'), params['slot_id']):
                found.append('slot_id (have %s, want %s)' % (current.get('slot_id'), params['slot_id']))
            if self.speed is not None and current.get('speed') is not None \
                    and not same_speed(current.get('speed'), self.speed):
                found.append('speed (have %s, want %s)' % (current.get('speed'), self.speed))
        else:
            if params['bandwidth'] is not None and current.get('speed') is not None \
                    and not same_speed(current.get('speed'), params['bandwidth']):
                found.append('bandwidth (have %s, want %s)' % (current.get('speed'), params['bandwidth']))
            region = pairing_key_region(params['pairing_key'])
            if region is not None and current.get('region') not in (None, region):
                found.append('region of the pairing key (have %s, want %s)' % (current.get('region'), region))
        return found

    def body(self):
        params = self.params
        body = dict(account=params['account'] or params['account_id'], type=self.kind)
        if self.kind == 'direct':
            body['slot_id'] = self.slot_id
            if self.speed is not None:
                body['speed'] = self.speed
        else:
            body.update(pairing_key=params['pairing_key'], bandwidth=params['bandwidth'])
        return body

    def predict(self, before):
        """The interconnect a create would give, for check mode (Cloudflare assigns the name)."""
        params = self.params
        predicted = dict(type=self.kind, account=params['account'] or params['account_id'])
        if self.kind == 'gcp_partner':
            predicted['speed'] = params['bandwidth']
            region = pairing_key_region(params['pairing_key'])
            if region:
                predicted['region'] = region
            return predicted
        slot = self.read_slot()
        freed = before is not None and same_id(before.get('slot_id'), self.slot_id)
        if slot.get('occupied') and not freed:
            self.fail_option('slot_id', 'slot %s is occupied by another interconnect' % self.slot_id)
        predicted.update(slot_id=slot.get('id', self.slot_id), site=slot.get('site'),
                         speed=self.speed or slot.get('speed'), facility=slot.get('facility'))
        return predicted

    def create(self, before):
        if self.check_mode:
            self.set_resource(self.predict(before), before, changed=True, diff_before=self.with_removed(before))
            return
        created = self.create_once(lambda: self.api.create(self.body()), self.match,
                                   'the %s interconnect' % self.kind)
        self.set_resource(created, before, changed=True, diff_before=self.with_removed(before))

    def delete(self, current):
        name = current['name']
        cnis = self.api.cnis_using(name)
        if cnis and not self.params['remove_cnis']:
            self.fail('interconnect %s is still used by %d CNI(s): %s. Delete them first, or set remove_cnis: true '
                      'to delete them with it' % (name, len(cnis), describe_cnis(cnis)), interconnect=name,
                      cnis=[cni.get('id') for cni in cnis])
        if cnis:
            self.removed = [dict(id=cni.get('id'), conduit_name=conduit_name(cni)) for cni in cnis]
            self.result['removed_cnis'] = self.removed
            self.module.warn('%s interconnect %s %s its %d CNI(s): %s'
                             % ('Deleting' if not self.check_mode else 'Check mode: deleting', name,
                                'deletes' if not self.check_mode else 'would delete', len(cnis),
                                describe_cnis(cnis)))
        self.result['changed'] = True
        if self.check_mode:
            return
        for cni in cnis:
            self.api.delete_cni(cni['id'])
        self.api.delete(name)

    def wait(self, name):
        params = self.params
        if not params['wait']:
            return
        start = time.monotonic()
        try:
            self.result['status'] = wait_for_state(lambda: self.api.status(name), name, ['Healthy'],
                                                   params['wait_timeout'], params['wait_sleep'])
        except WaitTimeout as exc:
            self.result.update(status=exc.status, state=exc.state, reason=exc.reason,
                               waited=int(round(time.monotonic() - start)))
            self.fail(exc.message, interconnect=name, state=exc.state, reason=exc.reason)
        self.result['waited'] = int(round(time.monotonic() - start))


def main():
    InterconnectModule.main()


if __name__ == '__main__':
    main()
