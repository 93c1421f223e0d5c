# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The interconnect helpers: the wait loop's backoff and timeout on a fake clock, identity matching, API calls."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import tempfile

import pytest

from ansible_collections.cloudflare.cni.plugins.module_utils._base import (
    AccountLock,
    LockTimeout,
    create_once,
    lock_path,
    look_for,
)
from ansible_collections.cloudflare.cni.plugins.module_utils._client import CloudflareApiError
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import describe_cnis
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import (
    MAX_SLEEP,
    InterconnectApi,
    WaitTimeout,
    match_gcp,
    match_slot,
    pairing_key_region,
    wait_for_state,
)

SLOT = '8e6b4f7c-7c1e-4f7a-9d8f-1b2c3d4e5f60'
KEY = '2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/1'


class FakeClock(object):
    """time.monotonic and time.sleep on a clock that only moves when slept (or when a read takes time)."""

    def __init__(self, read_cost=0.0):
        self.now = 1000.0
        self.sleeps = []
        self.read_cost = read_cost

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        assert seconds > 0
        self.sleeps.append(seconds)
        self.now += seconds


def reader(clock, states):
    """A read_status() that returns the given states in turn (the last one forever) and records when it read."""
    reads = []

    def read():
        reads.append(clock.now)
        clock.now += clock.read_cost
        state = states[min(len(reads) - 1, len(states) - 1)]
        return dict(state) if isinstance(state, dict) else dict(state=state)
    read.reads = reads
    return read


def wait(clock, read, wanted=('Healthy',), timeout=600, sleep=5):
    return wait_for_state(read, 'cni-ams01-1', list(wanted), timeout, sleep, clock=clock.monotonic,
                          sleeper=clock.sleep)


def test_a_wanted_state_at_the_first_read_returns_without_sleeping():
    clock = FakeClock()
    read = reader(clock, ['Healthy'])
    assert wait(clock, read) == dict(state='Healthy')
    assert clock.sleeps == []


def test_backoff_doubles_from_wait_sleep_up_to_the_cap():
    clock = FakeClock()
    read = reader(clock, ['Pending'] * 9 + ['Healthy'])
    assert wait(clock, read, timeout=3600, sleep=5) == dict(state='Healthy')
    assert clock.sleeps == [5, 10, 20, 40, MAX_SLEEP, MAX_SLEEP, MAX_SLEEP, MAX_SLEEP, MAX_SLEEP]
    assert len(read.reads) == 10


def test_the_last_pause_never_goes_beyond_the_timeout_and_the_last_read_is_at_the_deadline():
    clock = FakeClock()
    read = reader(clock, [dict(state='Down', reason='fibre cut')])
    with pytest.raises(WaitTimeout) as caught:
        wait(clock, read, timeout=30, sleep=5)
    assert clock.sleeps == [5, 10, 15]
    assert read.reads[-1] == 1030.0
    assert caught.value.message == 'interconnect cni-ams01-1: still Down after 30s (reason: fibre cut), waiting for Healthy'
    assert (caught.value.state, caught.value.reason) == ('Down', 'fibre cut')
    assert caught.value.status == dict(state='Down', reason='fibre cut')


def test_slow_reads_count_against_the_timeout():
    clock = FakeClock(read_cost=4)
    read = reader(clock, ['Pending'])
    with pytest.raises(WaitTimeout) as caught:
        wait(clock, read, timeout=20, sleep=5)
    assert clock.now - 1000 <= 20 + 4
    assert all(pause <= 20 for pause in clock.sleeps)
    assert caught.value.message.startswith('interconnect cni-ams01-1: still Pending after ')
    assert '(reason' not in caught.value.message


def test_a_zero_timeout_reads_once():
    clock = FakeClock()
    read = reader(clock, ['Unhealthy', 'Healthy'])
    with pytest.raises(WaitTimeout) as caught:
        wait(clock, read, timeout=0)
    assert len(read.reads) == 1 and clock.sleeps == []
    assert caught.value.message == 'interconnect cni-ams01-1: still Unhealthy after 0s, waiting for Healthy'


def test_any_of_several_wanted_states_ends_the_wait():
    clock = FakeClock()
    read = reader(clock, ['Pending', 'Pending', dict(state='Down', reason=None)])
    assert wait(clock, read, wanted=('Down', 'Unhealthy'), sleep=1) == dict(state='Down', reason=None)
    assert clock.sleeps == [1, 2]


def test_the_timeout_message_lists_every_wanted_state():
    clock = FakeClock()
    with pytest.raises(WaitTimeout) as caught:
        wait(clock, reader(clock, ['Pending']), wanted=('Healthy', 'Unhealthy'), timeout=1, sleep=0.25)
    assert caught.value.message.endswith('after 1s, waiting for Healthy or Unhealthy')
    assert clock.sleeps == [0.25, 0.5, 0.25]


@pytest.mark.parametrize('key, region', [
    (KEY, 'europe-west4'),
    ('2F8B6F0E-6C3A-4D7E-9A51-3C0D1E2F4A5B/us-east4/2', 'us-east4'),
    ('not-a-key', None),
    ('2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4', None),
    ('2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/7', None),
    ('2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/12', None),
    ('2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/Europe West4/1', None),
    (None, None),
])
def test_pairing_key_region(key, region):
    assert pairing_key_region(key) == region


def gcp(name, speed, region='europe-west4'):
    return dict(type='gcp_partner', name=name, region=region, speed=speed)


def test_gcp_match_is_bandwidth_and_the_key_region():
    items = [gcp('a', '1G'), gcp('b', '2G'), gcp('c', '1G', 'us-east4'),
             dict(type='direct', name='d', slot_id=SLOT, speed='1G')]
    assert [i['name'] for i in match_gcp(items, '1G', KEY)] == ['a']
    assert [i['name'] for i in match_gcp(items, '1G', 'opaque-key')] == ['a', 'c']
    assert [i['name'] for i in match_gcp(items, '1G')] == ['a', 'c']
    assert match_gcp(items, '5G', KEY) == []


def test_a_field_the_api_did_not_return_is_unknown_not_different_when_matching():
    no_speed = dict(type='gcp_partner', name='n', region='europe-west4')
    no_region = dict(type='gcp_partner', name='r', speed='1G')
    assert [i['name'] for i in match_gcp([no_speed, no_region, gcp('x', '2G')], '1G', KEY)] == ['n', 'r']


def test_slot_match_ignores_case_and_other_types():
    items = [dict(type='direct', name='a', slot_id=SLOT.upper()), dict(type='direct', name='b', slot_id='other'),
             dict(type='gcp_partner', name='c', slot_id=SLOT)]
    assert [i['name'] for i in match_slot(items, SLOT)] == ['a']


class FakeClient(object):
    def __init__(self, answers=None, pages=None):
        self.answers = answers or {}
        self.pages = pages or {}
        self.calls = []

    def _answer(self, method, path):
        self.calls.append((method, path))
        answer = self.answers.get((method, path))
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get(self, path, params=None):
        return self._answer('GET', path)

    def delete(self, path, missing_ok=False):
        return self._answer('DELETE', path)

    def post(self, path, body):
        return self._answer('POST', path)

    def request(self, method, path, params=None, body=None, raw=False):
        return self._answer(method, path)

    def list_all(self, path, params=None):
        self.calls.append(('LIST', path, params))
        return self.pages.get(path, [])


def path(*parts):
    return '/accounts/acc/cni/' + '/'.join(parts)


def not_found(method, where):
    return CloudflareApiError('%s %s: HTTP 404' % (method, where), status=404, method=method, path=where)


def test_list_passes_the_filters_and_rechecks_them():
    client = FakeClient(pages={path('interconnects'): [
        dict(type='direct', name='a', site='ams01'), dict(type='gcp_partner', name='b'),
        dict(type='direct', name='c', site='fra02')]})
    api = InterconnectApi(client, path)
    assert [i['name'] for i in api.list(site='ams01', kind='direct')] == ['a']
    assert client.calls[-1] == ('LIST', path('interconnects'), dict(type='direct'))
    assert [i['name'] for i in api.list(site='AMS01')] == ['a']
    assert [i['name'] for i in api.list(kind='gcp_partner')] == ['b']
    assert len(api.list()) == 3


def test_cnis_using_filters_every_cni_on_the_interconnect_name():
    cnis = [dict(id='1', interconnect='a', magic=dict(conduit_name='one')), dict(id='2', interconnect='b'),
            dict(id='3', interconnect='a')]
    api = InterconnectApi(FakeClient(pages={path('cnis'): cnis}), path)
    using = api.cnis_using('a')
    assert [c['id'] for c in using] == ['1', '3']
    assert describe_cnis(using) == '1 (one), 3 (no conduit name)'


@pytest.mark.parametrize('answer', [None, {}, dict(state='Up'), ['Healthy']])
def test_a_status_without_a_known_state_is_an_api_error(answer):
    api = InterconnectApi(FakeClient(answers={('GET', path('interconnects', 'a', 'status')): answer}), path)
    with pytest.raises(CloudflareApiError) as caught:
        api.status('a')
    assert 'not a status' in caught.value.message


def test_status_and_loa_read_the_right_paths():
    client = FakeClient(answers={('GET', path('interconnects', 'a', 'status')): dict(state='Down', reason='x'),
                                 ('GET', path('interconnects', 'a', 'loa')): b'%PDF-1.4'})
    api = InterconnectApi(client, path)
    assert api.status('a') == dict(state='Down', reason='x')
    assert api.loa('a') == b'%PDF-1.4'


# --- create_once: one create per answer, never two objects -------------------------------------------------------

def no_answer():
    return CloudflareApiError('POST /x: timed out after 2s (ReadTimeout)', method='POST', path='/x', ambiguous=True)


def answer(status, ambiguous=False):
    return CloudflareApiError('POST /x: HTTP %d' % status, status=status, method='POST', path='/x', ambiguous=ambiguous)


class Scripted(object):
    """A create() or find() that gives the scripted outcomes in turn (the last one forever); exceptions are raised."""

    def __init__(self, *outcomes, **options):
        self.outcomes = list(outcomes)
        self.calls = 0
        self.clock = options.get('clock')
        self.times = []

    def __call__(self):
        self.calls += 1
        if self.clock is not None:
            self.times.append(self.clock.now)
        outcome = self.outcomes[min(self.calls, len(self.outcomes)) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def run_create_once(create, find, clock, window=15):
    warnings = []
    result = create_once(create, find, 'the thing', window, warnings.append, clock=clock.monotonic,
                         sleeper=clock.sleep)
    return result, warnings


def test_a_create_without_an_answer_is_looked_for_until_it_appears_and_never_sent_again():
    clock = FakeClock()
    create = Scripted(no_answer(), dict(name='second'))
    find = Scripted(None, None, None, dict(name='first'), clock=clock)
    result, warnings = run_create_once(create, find, clock)
    assert result == dict(name='first')
    assert create.calls == 1
    assert find.times == [1000.0, 1001.0, 1003.0, 1007.0]
    assert 'was lost' in warnings[0]


def test_a_create_without_an_answer_that_never_appears_fails_saying_it_may_still_land():
    clock = FakeClock()
    create = Scripted(no_answer(), dict(name='second'))
    find = Scripted(None, clock=clock)
    with pytest.raises(CloudflareApiError) as caught:
        run_create_once(create, find, clock, window=15)
    assert create.calls == 1
    assert find.times[-1] == 1015.0  # the last look is at the end of the window
    assert max(clock.sleeps) <= 5
    message = caught.value.message
    assert 'got no answer' in message and 'may still be created' in message and 'Run the task again' in message
    assert 'timed out after 2s' in message
    assert caught.value.ambiguous is True


def test_a_failed_look_up_after_a_create_without_an_answer_counts_as_not_found_yet():
    clock = FakeClock()
    create = Scripted(no_answer())
    find = Scripted(answer(503), dict(name='first'), clock=clock)
    assert run_create_once(create, find, clock)[0] == dict(name='first')


def test_an_answered_5xx_looks_once_then_creates_again():
    clock = FakeClock()
    create = Scripted(answer(503, ambiguous=True), dict(name='created'))
    find = Scripted(None)
    result, warnings = run_create_once(create, find, clock)
    assert result == dict(name='created') and create.calls == 2 and find.calls == 1 and warnings == []


def test_a_409_on_a_second_create_that_finds_the_object_is_success():
    clock = FakeClock()
    create = Scripted(answer(502, ambiguous=True), answer(409))
    find = Scripted(None, dict(name='first'))
    result, warnings = run_create_once(create, find, clock)
    assert result == dict(name='first')
    assert create.calls == 2
    assert 'said it exists' in warnings[0]


def test_a_409_on_a_second_create_that_finds_nothing_is_raised():
    clock = FakeClock()
    create = Scripted(answer(502, ambiguous=True), answer(409))
    with pytest.raises(CloudflareApiError) as caught:
        run_create_once(create, Scripted(None), clock)
    assert caught.value.status == 409


def test_a_409_on_the_first_create_is_an_error_not_a_find():
    clock = FakeClock()
    find = Scripted(dict(name='someone else'))
    with pytest.raises(CloudflareApiError):
        run_create_once(Scripted(answer(409)), find, clock)
    assert find.calls == 0


def test_a_4xx_is_an_answer_that_nothing_was_created():
    clock = FakeClock()
    create = Scripted(answer(400))
    with pytest.raises(CloudflareApiError):
        run_create_once(create, Scripted(None), clock)
    assert create.calls == 1


def test_look_for_pauses_grow_to_the_cap():
    clock = FakeClock()
    find = Scripted(None, clock=clock)
    assert look_for(find, 30, clock=clock.monotonic, sleeper=clock.sleep) is None
    assert clock.sleeps == [1, 2, 4, 5, 5, 5, 5, 3]


# --- the account lock ---------------------------------------------------------------------------------------------

def test_the_lock_path_is_per_api_and_account_in_a_private_folder_of_the_user():
    first = lock_path('http://127.0.0.1:1/client/v4', 'acc')
    folder = os.path.dirname(first)
    assert os.path.dirname(folder) == tempfile.gettempdir()
    assert os.stat(folder).st_uid == os.getuid() and os.stat(folder).st_mode & 0o777 == 0o700
    assert first == lock_path('http://127.0.0.1:1/client/v4/', 'acc')
    assert first != lock_path('http://127.0.0.1:1/client/v4', 'other')
    assert first != lock_path('http://127.0.0.1:2/client/v4', 'acc')
    assert 'acc' not in os.path.basename(first)


def test_a_lock_folder_that_others_can_enter_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    os.mkdir(str(tmp_path / ('cloudflare-cni-locks-%d' % os.getuid())), 0o777)
    os.chmod(str(tmp_path / ('cloudflare-cni-locks-%d' % os.getuid())), 0o777)
    with pytest.raises(OSError):
        lock_path('http://127.0.0.1:1/client/v4', 'acc')


def test_the_lock_file_is_never_followed_through_a_link(tmp_path):
    target = tmp_path / 'elsewhere'
    target.write_text('keep me')
    link = tmp_path / 'account.lock'
    os.symlink(str(target), str(link))
    with pytest.raises(OSError):
        AccountLock(str(link)).acquire(0)
    assert target.read_text() == 'keep me'


def test_a_held_lock_makes_the_second_wait_then_time_out_naming_the_holder(tmp_path):
    where = str(tmp_path / 'account.lock')
    holder = AccountLock(where)
    holder.acquire(0)
    clock = FakeClock()
    with pytest.raises(LockTimeout) as caught:
        AccountLock(where).acquire(3, clock=clock.monotonic, sleeper=clock.sleep)
    assert caught.value.holder == str(os.getpid())
    assert caught.value.path == where
    assert sum(clock.sleeps) == 3
    holder.release()
    second = AccountLock(where)
    second.acquire(0)  # free again once released
    second.release()
