# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# Interconnects: the API calls every interconnect module needs, identity matching, and the one wait loop.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import select

TYPES = ('direct', 'gcp_partner')
STATES = ('Pending', 'Down', 'Unhealthy', 'Healthy')
BANDWIDTHS = ('50M', '100M', '200M', '300M', '400M', '500M', '1G', '2G', '5G', '10G', '20G', '50G')
MAX_SLEEP = 60
# GCP pairing keys read <uuid>/<region>/<1|2> (the edge availability domain); only the region part is used (to
# match an existing interconnect). Anything else is refused before it is sent or matched.
PAIRING_KEY_RE = re.compile(r'^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}/([a-z][a-z0-9-]*[a-z0-9])/[12]$')


def polling_argument_spec():
    """wait_timeout and wait_sleep, as documented by the cloudflare.cni.wait.polling doc fragment."""
    return dict(
        wait_timeout=dict(type='int', default=600),
        wait_sleep=dict(type='float', default=5),
    )


def wait_argument_spec():
    """wait, wait_timeout and wait_sleep, as documented by the cloudflare.cni.wait doc fragment."""
    spec = polling_argument_spec()
    spec['wait'] = dict(type='bool', default=False)
    return spec


def check_polling(cni_module):
    """Input checks of wait_timeout and wait_sleep (fail naming the option)."""
    cni_module.check_seconds('wait_timeout', cni_module.params['wait_timeout'])
    cni_module.check_seconds('wait_sleep', cni_module.params['wait_sleep'], allow_zero=False)


def pairing_key_region(pairing_key):
    """The region part of a GCP pairing key, or None when the key is not in GCP's format."""
    found = PAIRING_KEY_RE.match(pairing_key or '')
    return found.group(1) if found else None


def same_id(left, right):
    return str(left or '').lower() == str(right or '').lower()


def same_speed(left, right):
    """Speeds and bandwidths (10G, 100M) compare case-insensitively."""
    return str(left or '').strip().upper() == str(right or '').strip().upper()


def same_text(left, right):
    """Filters such as a site compare case-insensitively."""
    return str(left or '').strip().lower() == str(right or '').strip().lower()


def match_slot(interconnects, slot_id):
    """The direct interconnects on slot_id."""
    return [item for item in interconnects if item.get('type') == 'direct' and same_id(item.get('slot_id'), slot_id)]


def match_gcp(interconnects, bandwidth, pairing_key=None):
    """The gcp_partner interconnects that a pairing key and bandwidth may have created.

    The pairing key is never returned on read, so this is the best match there is: same bandwidth (the object's
    speed) and, when the key is in GCP's format, the same region. A field the API did not return (speed is optional)
    is unknown, so it does not rule the interconnect out: an ambiguity then fails, asking for a name.
    """
    region = pairing_key_region(pairing_key)
    return [item for item in interconnects
            if item.get('type') == 'gcp_partner'
            and (item.get('speed') is None or same_speed(item.get('speed'), bandwidth))
            and (region is None or item.get('region') is None or item.get('region') == region)]


def names(interconnects):
    return ', '.join(sorted(str(item.get('name')) for item in interconnects))


def status_reason(status):
    """(state, reason) of a status object; reason is None when the API gives none."""
    status = status or {}
    return status.get('state'), status.get('reason')


class InterconnectApi(object):
    """The interconnect and CNI calls of one account, on the module's client and path builder."""

    def __init__(self, client, path):
        self.client = client
        self.path = path

    def get(self, name):
        """The interconnect called name, or None when there is none (404)."""
        return self.client.get_or_none(self.path('interconnects', name))

    def list(self, site=None, kind=None):
        """Every interconnect (every page), filtered on type by the API, and on site here (case-insensitively)."""
        items = self.client.list_all(self.path('interconnects'), dict(type=kind))
        # The type filter is the API's; checking it again costs nothing and guards identity matching.
        return [item for item in items
                if (site is None or same_text(item.get('site'), site)) and (kind is None or item.get('type') == kind)]

    def create(self, body):
        return self.client.post(self.path('interconnects'), body)

    def delete(self, name):
        """Delete; False when it was already gone (a retried DELETE may get a 404)."""
        return self.client.delete(self.path('interconnects', name), missing_ok=True)

    def status(self, name):
        status = self.client.get(self.path('interconnects', name, 'status')) or {}
        if not isinstance(status, dict) or status.get('state') not in STATES:
            raise CloudflareApiError('GET %s: answer is not a status with a state from %s'
                                     % (self.path('interconnects', name, 'status'), ', '.join(STATES)),
                                     status=200, method='GET', path=self.path('interconnects', name, 'status'))
        return status

    def loa(self, name, loa_name=None):
        """The LOA's bytes; loa_name is the name printed on it instead of the account's (the API's `name`)."""
        params = None if loa_name is None else dict(name=loa_name)
        return self.client.request('GET', self.path('interconnects', name, 'loa'), params=params, raw=True)

    def cnis_using(self, name):
        """The CNIs on the interconnect called name (every page of /cnis, filtered here)."""
        return select(self.client.list_all(self.path('cnis')), interconnect=name)

    def delete_cni(self, cni_id):
        return self.client.delete(self.path('cnis', cni_id), missing_ok=True)


class WaitTimeout(Exception):
    """The wait ran out of time; carries the last status read."""

    def __init__(self, message, status):
        super(WaitTimeout, self).__init__(message)
        self.message = message
        self.status = status
        self.state, self.reason = status_reason(status)


def wait_for_state(read_status, name, wanted, timeout, sleep, clock=time.monotonic, sleeper=time.sleep):
    """Poll read_status() until its state is one of wanted; return that status or raise WaitTimeout.

    The first pause is `sleep` seconds; each further pause doubles, capped at MAX_SLEEP and at the time left, so
    the last read happens at the deadline.
    """
    start = clock()
    deadline = start + timeout
    pause = sleep
    while True:
        status = read_status()
        if status.get('state') in wanted:
            return status
        left = deadline - clock()
        if left <= 0:
            state, reason = status_reason(status)
            message = 'interconnect %s: still %s after %ds' % (name, state, int(round(clock() - start)))
            if reason:
                message += ' (reason: %s)' % reason
            message += ', waiting for %s' % ' or '.join(wanted)
            raise WaitTimeout(message, status)
        sleeper(min(pause, left))
        pause = min(pause * 2, MAX_SLEEP)
