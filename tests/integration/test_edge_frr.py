# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Both ends of the link on real BGP daemons: two FRR routers in Linux network namespaces joined by a veth pair.
`cf` plays Cloudflare, configured here from the CNI as the simulator holds it; `cu` plays the customer, configured
only with the FRR text that cloudflare.cni.edge_config wrote (its MTU line included). Needs root, FRR and network
namespaces; skipped otherwise, with the reason and how to enable it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

import pytest

from estate import cni, two_interconnects
from frr_lab import Lab, poll, unavailable
from harness import run_playbook

REASON = unavailable()
pytestmark = pytest.mark.skipif(REASON is not None, reason='FRR lab: %s' % REASON)

KEY = 'lab-Md5-key-4d2e'
EXTRA = ['198.51.100.0/24', '203.0.113.0/25']  # what Cloudflare announces for the CNI
MAGIC_ROUTES = ['10.200.0.0/16']  # other routes of the Magic routing table, which the customer must not accept
OWN = ['192.0.2.0/24', '192.0.2.128/25']  # the customer's prefixes
DEFAULT_ASN = 64512
CUSTOMER_ASN = 64600
MTU = 1476


@pytest.fixture
def lab():
    the_lab = Lab()
    try:
        the_lab.start()
        yield the_lab
    finally:
        the_lab.close()


def cloudflare_side(lab, the_cni, default_asn, key):
    """Cloudflare's end, from the CNI alone: p2p_ip, its MTU, default_asn, the MD5 key, announcing extra_prefixes
    (and other routes) through static blackhole routes and network statements."""
    peer = the_cni['cust_ip'].split('/')[0]
    announced = the_cni['bgp']['extra_prefixes'] + MAGIC_ROUTES
    lab.cf.ns('ip', 'link', 'set', 'dev', lab.cf.interface, 'mtu', str(the_cni['magic']['mtu']))
    lines = ['interface %s' % lab.cf.interface, ' ip address %s' % the_cni['p2p_ip'], 'exit']
    lines += ['ip route %s blackhole' % prefix for prefix in announced]
    lines += ['router bgp %d' % default_asn,
              ' no bgp ebgp-requires-policy',
              ' neighbor %s remote-as %d' % (peer, the_cni['bgp']['customer_asn']),
              ' neighbor %s password %s' % (peer, key),
              ' neighbor %s timers connect 5' % peer,
              ' address-family ipv4 unicast']
    lines += ['  network %s' % prefix for prefix in announced]
    lines += [' exit-address-family', 'exit']
    lab.cf.configure('\n'.join(lines) + '\n')
    return peer


def customer_side(lab, text):
    """The customer's end: the MTU command the file names for Linux, then the file itself through vtysh."""
    commands = re.findall(r'^!   (ip link set dev \S+ mtu \d+)$', text, re.MULTILINE)
    assert len(commands) == 1, text
    lab.cu.ns(*commands[0].split())
    lab.cu.configure(text)


def render(sim, tmp_path, lab, conduit_name):
    run = run_playbook(sim, [{'name': 'render', 'cloudflare.cni.edge_config': dict(
        conduit_name=conduit_name, platforms=['frr'], dest=str(tmp_path), interface=lab.cu.interface,
        prefixes=OWN, null_routes=True)}])
    result = run.result()
    assert result['changed'] is True, run.output
    assert KEY not in run.output
    assert sim.writes() == []
    return (tmp_path / ('%s.frr.conf' % conduit_name)).read_text()


def state(router, peer):
    return router.show('show bgp neighbors %s' % peer).get(peer, {}).get('bgpState')


def learned(router, peer):
    """The prefixes that the router accepted from its neighbour."""
    return sorted(router.show('show ip bgp neighbors %s routes' % peer).get('routes', {}))


def the_cni_in_the_simulator(sim):
    sim.reset(dict(two_interconnects([cni(5, 'ic-a', name='lab-link-1', mtu=MTU, bgp=dict(
        customer_asn=CUSTOMER_ASN, extra_prefixes=EXTRA, md5_key=KEY))]), settings=dict(default_asn=DEFAULT_ASN)))
    sim.clear_log()
    found = [c for c in sim.api('GET', 'cnis')['items'] if c['magic']['conduit_name'] == 'lab-link-1']
    assert len(found) == 1
    return found[0]


def test_rendered_frr_establishes_the_session_and_exchanges_exactly_the_prefixes(sim, tmp_path, lab):
    the_cni = the_cni_in_the_simulator(sim)
    text = render(sim, tmp_path, lab, 'lab-link-1')
    cust_peer = cloudflare_side(lab, the_cni, DEFAULT_ASN, KEY)
    customer_side(lab, text)
    cf_peer = the_cni['p2p_ip'].split('/')[0]
    assert poll(lambda: state(lab.cu, cf_peer) == 'Established', 60), \
        'not Established within 60 s: %s' % lab.cu.vtysh('show bgp summary')
    assert poll(lambda: learned(lab.cu, cf_peer) == sorted(EXTRA), 30), learned(lab.cu, cf_peer)
    assert poll(lambda: learned(lab.cf, cust_peer) == sorted(OWN), 30), learned(lab.cf, cust_peer)
    # Cloudflare announced more than the CNI's extra_prefixes: the customer's filter took only those.
    assert sorted(lab.cf.show('show ip bgp').get('routes', {})) == sorted(EXTRA + MAGIC_ROUTES + OWN)
    interface = lab.cu.show('show interface %s' % lab.cu.interface)[lab.cu.interface]
    assert interface['mtu'] == MTU
    assert [a['address'] for a in interface['ipAddresses'] if '.' in a['address']] == [the_cni['cust_ip']]
    neighbour = lab.cu.show('show bgp neighbors %s' % cf_peer)[cf_peer]
    assert (neighbour['localAs'], neighbour['remoteAs']) == (CUSTOMER_ASN, DEFAULT_ASN)


def test_a_different_md5_key_on_one_side_never_establishes(sim, tmp_path, lab):
    the_cni = the_cni_in_the_simulator(sim)
    text = render(sim, tmp_path, lab, 'lab-link-1')
    cust_peer = cloudflare_side(lab, the_cni, DEFAULT_ASN, KEY + 'x')
    customer_side(lab, text)
    cf_peer = the_cni['p2p_ip'].split('/')[0]
    seen = set()
    for _attempt in range(20):  # about 20 s, with Cloudflare's side retrying every 5 s
        seen.add(state(lab.cu, cf_peer))
        seen.add(state(lab.cf, cust_peer))
        time.sleep(1)
    assert 'Established' not in seen, seen
    # The same two routers with the keys matching do establish: the mismatch was the only thing in the way.
    lab.cf.configure('router bgp %d\n neighbor %s password %s\nexit\n' % (DEFAULT_ASN, cust_peer, KEY))
    assert poll(lambda: state(lab.cu, cf_peer) == 'Established', 60), lab.cu.vtysh('show bgp summary')
