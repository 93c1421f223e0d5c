#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: interconnect_status
short_description: Read, or wait for, the state of a Cloudflare Network Interconnect
version_added: 0.1.0
description:
  - Reads the status of one interconnect, C(state) and C(reason). The state is one of C(Pending), C(Down),
    C(Unhealthy) or C(Healthy); C(Down) and C(Unhealthy) may come with a reason.
  - With O(wait_for), polls with backoff until the state is one of the wanted states, and fails after
    O(wait_timeout) seconds with the last state and reason.
  - The waiting options are called O(wait_timeout) and O(wait_sleep), as in M(cloudflare.cni.interconnect), because
    O(timeout) is the common option that limits each HTTP request.
  - It never writes, so it never reports a change and runs the same in check mode.
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - cloudflare.cni.wait.polling
attributes:
  check_mode:
    support: full
    description: Only reads; runs the same in check mode, waiting included.
  diff_mode:
    support: none
    description: Reads only; there is nothing to diff.
options:
  name:
    description: The interconnect's name, for example V(cni-ams01-1). An unknown name fails.
    type: str
    required: true
  wait_for:
    description:
      - Wait until the state is one of these. Without it, the state is read once.
      - O(wait_timeout) and O(wait_sleep) only apply with O(wait_for).
    type: list
    elements: str
    choices: [Pending, Down, Unhealthy, Healthy]
seealso:
  - module: cloudflare.cni.interconnect
'''

EXAMPLES = r'''
- name: Read the state of an interconnect
  cloudflare.cni.interconnect_status:
    name: cni-ams01-1
  register: link

- name: Report a link that is not Healthy
  ansible.builtin.debug:
    msg: "{{ link.state }}: {{ link.reason | default('no reason given', true) }}"
  when: link.state != 'Healthy'

- name: Wait up to an hour for the cross-connect to come up
  cloudflare.cni.interconnect_status:
    name: cni-ams01-1
    wait_for: [Healthy]
    wait_timeout: 3600
    wait_sleep: 10

- name: Wait until the interconnect has left Pending, whatever it became
  cloudflare.cni.interconnect_status:
    name: gcp-europe-west4-2
    wait_for: [Down, Unhealthy, Healthy]
    wait_timeout: 300
'''

RETURN = r'''
state:
  description: The interconnect's state (the last one read, when waiting timed out).
  returned: always
  type: str
  sample: Healthy
reason:
  description: Diagnostic information for V(Down) and V(Unhealthy); null when the API gives none.
  returned: always
  type: str
  sample: fibre cut
waited:
  description: Whole seconds the task waited for a wanted state (rounded; V(0) when the first read had one).
  returned: with O(wait_for)
  type: int
  sample: 42
status:
  description: The status object as the API returned it.
  returned: always
  type: dict
  contains:
    state:
      description: The state.
      type: str
      sample: Down
    reason:
      description: The reason, when the API gives one.
      type: str
      returned: when set
      sample: fibre cut
'''

import time

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import (
    STATES,
    InterconnectApi,
    WaitTimeout,
    check_polling,
    polling_argument_spec,
    status_reason,
    wait_for_state,
)


class InterconnectStatusModule(CniModule):
    resource_key = 'status'
    argument_spec = dict(
        name=dict(type='str', required=True),
        wait_for=dict(type='list', elements='str', choices=list(STATES)),
        **polling_argument_spec()
    )

    def validate(self):
        self.check_text('name', self.params['name'])
        if self.params['wait_for'] is not None and not self.params['wait_for']:
            self.fail_option('wait_for', 'must list at least one of %s' % ', '.join(STATES))
        check_polling(self)

    def run(self):
        api = InterconnectApi(self.client, self.path)
        name = self.params['name']
        if not self.params['wait_for']:
            self.report(api.status(name))
            return
        start = time.monotonic()
        try:
            status = wait_for_state(lambda: api.status(name), name, self.params['wait_for'],
                                    self.params['wait_timeout'], self.params['wait_sleep'])
        except WaitTimeout as exc:
            self.report(exc.status)
            self.result['waited'] = int(round(time.monotonic() - start))
            self.fail(exc.message, interconnect=name, state=exc.state, reason=exc.reason)
        else:
            self.report(status)
            self.result['waited'] = int(round(time.monotonic() - start))

    def report(self, status):
        state, reason = status_reason(status)
        self.result.update(state=state, reason=reason, status=status)


def main():
    InterconnectStatusModule.main()


if __name__ == '__main__':
    main()
