# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Simulator fixtures that tests start from: slots, interconnects (Healthy) and CNIs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

from harness import ACCOUNT


def slot(index, site='ams01', speed='10G', occupied=False):
    return dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'test-slot-%d' % index)), occupied=occupied, site=site,
                speed=speed, facility=dict(name='%s facility' % site.upper(), address=['Street %d' % index,
                                                                                       'City', 'NL']))


def direct(name, slot_doc, state='Healthy'):
    return dict(type='direct', name=name, account=ACCOUNT, owner=ACCOUNT, slot_id=slot_doc['id'], site=slot_doc['site'],
                speed=slot_doc['speed'], facility=slot_doc['facility'], status=dict(state=state))


def cni(index, interconnect, name=None, mtu=1500, bgp=None):
    doc = dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'test-cni-%d' % index)), account=ACCOUNT, interconnect=interconnect,
               p2p_ip='100.65.%d.%d/31' % (index // 128, index % 128 * 2),
               cust_ip='100.65.%d.%d/31' % (index // 128, index % 128 * 2 + 1),
               magic=dict(conduit_name=name or 'link-%03d' % index, description='link %d' % index, mtu=mtu))
    if bgp:
        doc['bgp'] = bgp
    return doc


def two_interconnects(cnis=()):
    """Two Healthy direct interconnects, ic-a and ic-b, on occupied slots, plus the given CNIs."""
    slots = [slot(0, occupied=True), slot(1, occupied=True), slot(2), slot(3, site='fra02')]
    return dict(slots=slots, interconnects=[direct('ic-a', slots[0]), direct('ic-b', slots[1])], cnis=list(cnis))
