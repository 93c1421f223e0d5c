# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The one HTTP client of the collection: session, auth, retries, rate limit, pagination, envelopes, errors.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import email.utils
import errno
import json
import math
import platform
import re
import socket
import threading
import time
import traceback

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION
from ansible.module_utils.six.moves.urllib.parse import urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import MaxRetryError
    from urllib3.util.retry import Retry
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    Retry = object
    MaxRetryError = Exception
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

COLLECTION_VERSION = '0.1.0'
USER_AGENT = 'ansible-cloudflare.cni/%s (ansible-core/%s; python/%s)' % (
    COLLECTION_VERSION, ANSIBLE_VERSION, platform.python_version())
DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4'
PAGE_SIZE = 1000
# Far above any real account (1,000 pages hold 50,000 objects even at a page cap of 50); a list that goes on is a fault.
MAX_PAGES = 1000
# urllib3 retries these for idempotent methods; 429 is the rate limiter's (below), shared by every thread of a run.
RETRY_STATUSES = (500, 502, 503, 504)
IDEMPOTENT_METHODS = frozenset(['GET', 'HEAD', 'PUT', 'DELETE'])
DEFAULT_RETRIES = 3
BACKOFF_FACTOR = 0.5
BACKOFF_CAP = 10
# The longest wait a 5xx answer's Retry-After may ask for, per retry.
SERVER_RETRY_AFTER_CAP = 30
# Cloudflare's limit is 1,200 requests per 5 minutes per user; past it every call is refused for 5 minutes. The local
# budget keeps a headroom below it (for other clients of the same user, and requests the API counts that we do not).
CLOUDFLARE_RATE_LIMIT = (1200, 300)
RATE_LIMIT = (1100, 300)
DEFAULT_RATE_LIMIT_WAIT = 330
# 429 answers to one request after which it gives up even if rate_limit_wait is not used up.
MAX_RATE_LIMITED = 10
POOL_SIZE = 16
MASK = '********'
NO_ROUTE_CODES = (7000,)
TEXT_DETAIL_LENGTH = 300

# Indirection for the unit tests, which run the limiter on a simulated clock.
_clock = time.monotonic
_sleep = time.sleep


class CloudflareApiError(Exception):
    """The one error type: every failure of a request ends up here."""

    def __init__(self, message, status=None, method=None, path=None, errors=None, cf_ray=None, ambiguous=False,
                 no_route=False):
        super(CloudflareApiError, self).__init__(message)
        self.message = message
        self.status = status
        self.method = method
        self.path = path
        self.errors = errors or []
        self.cf_ray = cf_ray
        # True when a write may have been applied although no answer says so (dropped connection, timeout, 5xx).
        self.ambiguous = ambiguous
        # A 404 that says the URL is not an API route at all (wrong base_url), not that an object is missing.
        self.no_route = no_route

    @property
    def not_found(self):
        return self.status == 404 and not self.no_route

    def failure(self):
        """Structured details for the module result, next to msg."""
        return dict(message=self.message, status=self.status, method=self.method, path=self.path,
                    errors=self.errors, cf_ray=self.cf_ray)


class CniRetry(Retry):
    """urllib3 Retry with our rules: connection failures are retried for every method (a create only when it was
    never sent), 5xx only for idempotent methods, 429 never (the RateLimiter waits those out for every thread), and
    backoff and a 5xx Retry-After are capped.

    Every retry is a request the API counts: after its backoff, a retry takes its turn from the client's RateLimiter
    (`limiter`, carried to each new() copy urllib3 makes), so a run's retries stay within the same budget."""

    retry_after_cap = SERVER_RETRY_AFTER_CAP
    backoff_cap = BACKOFF_CAP
    limiter = None

    def new(self, **kw):
        retry = super(CniRetry, self).new(**kw)
        retry.limiter = self.limiter
        return retry

    def sleep(self, response=None):
        """urllib3 calls this between a failed attempt and the next one: wait the backoff, then count the failed
        attempt as answered and take a turn from the limiter for the next one."""
        super(CniRetry, self).sleep(response)
        if self.limiter is not None:
            self.limiter.answered(response.headers if response is not None else None)
            self.limiter.acquire()

    def is_retry(self, method, status_code, has_retry_after=False):
        if status_code not in RETRY_STATUSES or (method or '').upper() == 'POST':
            return False
        return super(CniRetry, self).is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response):
        seconds = super(CniRetry, self).get_retry_after(response)
        if seconds is None:
            return None
        return min(seconds, self.retry_after_cap)

    def get_backoff_time(self):
        return min(super(CniRetry, self).get_backoff_time(), self.backoff_cap)


def parse_ratelimit(value):
    """(remaining, seconds until reset) from a `Ratelimit` header such as '"default";r=50;t=30' (or the older
    'limit=100, remaining=50, reset=30'); None when absent or unreadable."""
    if not value:
        return None
    fields = dict((key.lower(), number) for key, number in re.findall(r'\b([A-Za-z]+)=(\d+(?:\.\d+)?)', value))
    remaining = fields.get('r', fields.get('remaining'))
    reset = fields.get('t', fields.get('reset'))
    if remaining is None or reset is None:
        return None
    return int(float(remaining)), float(reset)


class RateLimiter(object):
    """Paces the requests of one module run, shared by all its threads.

    - The API's `Ratelimit` header says how many requests are left in its window and when the window resets: when
      none are left, every thread waits for the reset.
    - Without the header, a local budget: at most RATE_LIMIT requests in any RATE_LIMIT-seconds period (below
      Cloudflare's own limit). Every attempt counts, urllib3's retries too (CniRetry.sleep).
    - After a 429, block(): every thread waits until the time the API asked for.
    A reset further away than max_wait is not waited for (the API's 429 then decides, within rate_limit_wait).
    """

    def __init__(self, limit=RATE_LIMIT, warn=None, max_wait=DEFAULT_RATE_LIMIT_WAIT):
        self.limit, self.period = limit
        self.max_wait = max_wait
        self.warn = warn
        self.lock = threading.Lock()
        self.sent = collections.deque()
        self.in_flight = 0
        self.total = 0
        self.remaining = None
        self.reset_at = None
        self.blocked_until = 0.0
        self.warned = set()

    def _say(self, key, message):
        if self.warn is not None and key not in self.warned:
            self.warned.add(key)
            self.warn(message)

    def acquire(self):
        """Wait until a request may be sent, then count it as sent."""
        while True:
            with self.lock:
                now = _clock()
                if self.blocked_until > now:
                    wait = self.blocked_until - now
                elif self.remaining is not None and self.remaining <= 0 and self.reset_at is not None \
                        and 0 < self.reset_at - now <= self.max_wait:
                    wait = self.reset_at - now
                    self._say(('pacing', round(self.reset_at)),
                              'Cloudflare API rate limit: no requests left in the current window after %d requests '
                              'of this run; waiting %ds for it to reset.' % (self.total, math.ceil(wait)))
                else:
                    while self.sent and self.sent[0] <= now - self.period:
                        self.sent.popleft()
                    if len(self.sent) < self.limit:
                        self.sent.append(now)
                        self.total += 1
                        self.in_flight += 1
                        if self.remaining is not None:
                            self.remaining -= 1
                        return
                    wait = self.sent[0] + self.period - now
                    self._say(('budget', round(self.sent[0])),
                              'This run has sent %d requests in %ds (its budget is %d per %ds, kept below the '
                              'API\'s %d per %ds; %d sent so far); waiting %ds.'
                              % (len(self.sent), self.period, self.limit, self.period, CLOUDFLARE_RATE_LIMIT[0],
                                 CLOUDFLARE_RATE_LIMIT[1], self.total, math.ceil(wait)))
            _sleep(max(wait, 0.01))

    def answered(self, headers):
        """Count an answer (or a failure, headers None); learn the window from its `Ratelimit` header."""
        with self.lock:
            self.in_flight = max(0, self.in_flight - 1)
            parsed = parse_ratelimit((headers or {}).get('Ratelimit'))
            if parsed is not None:
                remaining, reset = parsed
                # Requests sent after this one and not yet answered are not in the API's count yet.
                self.remaining = remaining - self.in_flight
                self.reset_at = _clock() + reset

    def block(self, seconds, message):
        """A 429: no thread sends anything for `seconds`."""
        with self.lock:
            until = _clock() + seconds
            if until > self.blocked_until + 0.5:
                self.blocked_until = until
                self._say(('block', round(until)), message)
            self.remaining = None
            self.reset_at = None


def _error_entries(body):
    """Cloudflare's error list ({code, message} dicts) from a parsed body, or []; a string or a single object in
    `errors` is kept as one entry."""
    if not isinstance(body, dict):
        return []
    errors = body.get('errors')
    if isinstance(errors, (dict, str)):
        errors = [errors]
    entries = []
    for item in errors if isinstance(errors, list) else []:
        if isinstance(item, dict):
            if item.get('message') is not None or item.get('code') is not None:
                entries.append(dict(code=item.get('code'), message=str(item.get('message', ''))))
        elif item:
            entries.append(dict(code=None, message=str(item)))
    return entries


def _text_detail(content):
    """The start of an answer's body on one line, for an error message when it holds no Cloudflare errors."""
    text = ' '.join(content.decode('utf-8', 'replace').split())
    if len(text) > TEXT_DETAIL_LENGTH:
        text = text[:TEXT_DETAIL_LENGTH] + '...'
    return text


def unwrap(body):
    """The CNI API answers bare objects; other Cloudflare endpoints wrap them. Unwrap only a real envelope."""
    if isinstance(body, dict) and 'success' in body and 'result' in body:
        return body['result']
    return body


def _failure_kind(exc):
    """What a requests exception means: (kind, words) with kind one of refused, dns, tls, connect_timeout,
    read_timeout, closed, other; and whether urllib3 ran out of retries (MaxRetryError in the chain)."""
    seen, pending, exhausted = [], [exc], False
    while pending:
        current = pending.pop(0)
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        if isinstance(current, MaxRetryError):
            exhausted = True
        # `reason` is a str for some exceptions (ssl.SSLError): only exceptions are walked.
        pending.extend([c for c in (getattr(current, 'reason', None), current.__cause__, current.__context__)
                        if isinstance(c, BaseException)]
                       + [a for a in getattr(current, 'args', ()) if isinstance(a, BaseException)])
    names = [type(s).__name__ for s in seen]
    if any(isinstance(s, ConnectionRefusedError) or getattr(s, 'errno', None) == errno.ECONNREFUSED for s in seen):
        return 'refused', 'connection refused', exhausted
    if any(isinstance(s, socket.gaierror) or 'NameResolutionError' in type(s).__name__ for s in seen):
        return 'dns', 'host name not found', exhausted
    if isinstance(exc, requests.exceptions.SSLError):
        return 'tls', 'TLS handshake failed: %s' % exc, exhausted
    if isinstance(exc, requests.exceptions.ConnectTimeout) or 'ConnectTimeoutError' in names:
        return 'connect_timeout', 'connect timed out', exhausted
    if isinstance(exc, requests.exceptions.ReadTimeout) or 'ReadTimeoutError' in names:
        return 'read_timeout', 'no answer in time', exhausted
    if any(n in ('RemoteDisconnected', 'ProtocolError', 'ConnectionResetError', 'BrokenPipeError',
                 'IncompleteRead') for n in names):
        return 'closed', 'connection closed without an answer', exhausted
    if isinstance(exc, requests.exceptions.ConnectionError) or any(isinstance(s, OSError) for s in seen):
        return 'other', 'connection failed (%s)' % type(exc).__name__, exhausted
    return 'other', '%s: %s' % (type(exc).__name__, exc), exhausted


def _tls_advice(exc):
    """What to check after a TLS failure, from the words of the error."""
    text = str(exc).lower()
    if 'certificate verify failed' in text or 'self-signed' in text or 'self signed' in text:
        return ('the server\'s certificate is not trusted: give its CA bundle in REQUESTS_CA_BUNDLE, or set '
                'validate_certs=false only for a test server you trust')
    if 'hostname' in text or "doesn't match" in text or 'does not match' in text:
        return 'the certificate does not match the host of base_url: check the host name in base_url'
    if 'wrong version number' in text or 'unknown protocol' in text or 'record layer' in text or 'http request' in text:
        return 'the server does not speak TLS on that port: check http:// versus https:// in base_url'
    return 'check base_url (http:// versus https://), validate_certs and the CA bundle (REQUESTS_CA_BUNDLE)'


class CloudflareClient(object):
    """One client per module run; thread-safe (modules may send requests from several threads)."""

    def __init__(self, base_url=DEFAULT_BASE_URL, api_token=None, api_email=None, api_key=None, timeout=30,
                 validate_certs=True, retries=DEFAULT_RETRIES, backoff_factor=BACKOFF_FACTOR, page_size=PAGE_SIZE,
                 rate_limit_wait=DEFAULT_RATE_LIMIT_WAIT, warn=None, rate_limit=RATE_LIMIT, max_pages=MAX_PAGES,
                 pool_size=POOL_SIZE):
        self.base_url = base_url.rstrip('/')
        parts = urlsplit(self.base_url)
        self.origin = '%s://%s' % (parts.scheme, parts.netloc.rpartition('@')[2])
        if parts.port is None and parts.scheme in ('http', 'https'):
            self.origin += ':%d' % (443 if parts.scheme == 'https' else 80)
        self.timeout = timeout
        self.retries = retries
        self.page_size = page_size
        self.max_pages = max_pages
        self.rate_limit_wait = rate_limit_wait
        self.limiter = RateLimiter(rate_limit, warn, rate_limit_wait)
        self._secrets = [s for s in (api_token, api_key) if s]
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers.update({'User-Agent': USER_AGENT, 'Accept': 'application/json'})
        if api_token:
            self.session.headers['Authorization'] = 'Bearer %s' % api_token
        elif api_key:
            self.session.headers['X-Auth-Email'] = api_email or ''
            self.session.headers['X-Auth-Key'] = api_key
        retry = CniRetry(total=retries, connect=retries, read=retries, status=retries, other=0, redirect=0,
                         allowed_methods=IDEMPOTENT_METHODS, status_forcelist=RETRY_STATUSES,
                         backoff_factor=backoff_factor, respect_retry_after_header=True,
                         raise_on_status=False, raise_on_redirect=False)
        retry.limiter = self.limiter
        adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=pool_size)
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)

    def _scrub(self, text):
        text = '' if text is None else str(text)
        for secret in self._secrets:
            # The secret as it is, as repr() shows it inside a message, and without surrounding white space.
            for form in (secret, repr(secret)[1:-1], secret.strip()):
                if form:
                    text = text.replace(form, MASK)
        return text

    def _error(self, summary, method, path, status=None, errors=None, cf_ray=None, ambiguous=False, hint=None,
               no_route=False):
        """One message naming the method, path, status, Cloudflare's errors, the cf-ray and what to check;
        never a credential."""
        entries = [dict(code=e['code'], message=self._scrub(e['message'])) for e in errors or []]
        message = '%s %s: %s' % (method, path, 'HTTP %s %s' % (status, summary) if status is not None else summary)
        if entries:
            message += '; Cloudflare errors: ' + '; '.join(
                '[%s] %s' % (e['code'], e['message']) if e['code'] is not None else e['message'] for e in entries)
        if cf_ray:
            message += '; cf-ray: %s' % cf_ray
        if hint:
            message += '; ' + hint
        return CloudflareApiError(self._scrub(message), status=status, method=method, path=path, errors=entries,
                                  cf_ray=cf_ray, ambiguous=ambiguous, no_route=no_route)

    def _connection_error(self, exc, method, path):
        kind, words, exhausted = _failure_kind(exc)
        attempts = self.retries + 1 if exhausted else 1
        tries = '%d attempt%s' % (attempts, '' if attempts == 1 else 's')
        ambiguous = method == 'POST' and kind in ('read_timeout', 'closed', 'other')
        if kind in ('refused', 'dns', 'connect_timeout'):
            summary = 'could not connect to %s (%s) after %s; is base_url / CLOUDFLARE_BASE_URL right?' % (
                self.origin, words, tries)
        elif kind == 'tls':
            summary = 'could not connect to %s (%s) after %s; %s' % (self.origin, words, tries, _tls_advice(exc))
        elif kind == 'read_timeout':
            summary = 'timed out: no answer from %s within timeout=%ss, after %s' % (self.origin, self.timeout, tries)
            if method == 'POST':
                summary += '; the create may still happen'
        else:
            summary = '%s from %s after %s' % (words, self.origin, tries)
        return self._error(summary, method, path, ambiguous=ambiguous)

    def _retry_after(self, response, refusals):
        """Seconds a 429 asks to wait: Retry-After (seconds or a date), else the Ratelimit reset, else a backoff."""
        value = (response.headers.get('Retry-After') or '').strip()
        if re.match(r'^\d+(\.\d+)?$', value):
            return max(1.0, float(value))
        date = email.utils.parsedate_tz(value) if value else None
        if date is not None:
            return max(1.0, email.utils.mktime_tz(date) - time.time())
        parsed = parse_ratelimit(response.headers.get('Ratelimit'))
        if parsed is not None:
            return max(1.0, parsed[1])
        return float(min(60, 2 ** refusals))

    def _send(self, method, path, params, body):
        """One request with its retries: urllib3's for connection failures and 5xx (each retry takes its turn from
        the limiter in CniRetry.sleep), ours for 429."""
        waited, refusals = 0.0, 0
        while True:
            self.limiter.acquire()
            try:
                response = self.session.request(method, self.base_url + path, params=params, json=body,
                                                timeout=self.timeout, allow_redirects=False)
            except requests.exceptions.RequestException as exc:
                self.limiter.answered(None)
                raise self._connection_error(exc, method, path)
            except (ValueError, UnicodeError) as exc:  # a header value requests or http.client cannot send
                self.limiter.answered(None)
                raise self._error('request could not be sent (%s)' % type(exc).__name__, method, path)
            self.limiter.answered(response.headers)
            if response.status_code != 429:
                return response
            refusals += 1
            wait = self._retry_after(response, refusals)
            if waited + wait > self.rate_limit_wait or refusals > MAX_RATE_LIMITED:
                raise self._error(
                    'rate limited: the API asks to wait %ds more, beyond rate_limit_wait=%ss%s; retry later or raise '
                    'rate_limit_wait' % (math.ceil(wait), self.rate_limit_wait,
                                         ' (after %ds of waiting)' % waited if waited else ''),
                    method, path, status=429, errors=_error_entries(self._parse(response)),
                    cf_ray=response.headers.get('cf-ray'))
            self.limiter.block(wait, 'Cloudflare API rate limit reached (HTTP 429 on %s %s, request %d of this run); '
                                     'waiting %ds as the API asks (rate_limit_wait=%ss).'
                               % (method, path, self.limiter.total, math.ceil(wait), self.rate_limit_wait))
            waited += wait

    @staticmethod
    def _parse(response):
        try:
            return json.loads(response.content.decode('utf-8')) if response.content else None
        except ValueError:
            return None

    def _status_error(self, response, parsed, method, path):
        status = response.status_code
        cf_ray = response.headers.get('cf-ray')
        errors = _error_entries(parsed)
        hint, no_route = None, False
        if not errors and response.content:
            hint = 'answer: %s' % _text_detail(response.content)
        if 300 <= status < 400:
            location = response.headers.get('Location') or ''
            target = urlsplit(location).netloc.rpartition('@')[2] if location else ''
            summary = '%s: a redirect to %s, not followed (the Cloudflare API never redirects; check base_url)' % (
                response.reason or 'redirect', target or ('another path on the same host' if location
                                                          else 'nowhere (no Location)'))
            return self._error(summary, method, path, status=status, cf_ray=cf_ray)
        if status == 404 and (any(e['code'] in NO_ROUTE_CODES for e in errors) or parsed is None):
            no_route = any(e['code'] in NO_ROUTE_CODES for e in errors)
            hint = '; '.join(h for h in (hint, 'no API route at %s%s: base_url must be the API root ending in '
                                               '/client/v4, e.g. %s' % (self.base_url, path, DEFAULT_BASE_URL)) if h)
        elif status == 401:
            hint = '; '.join(h for h in (hint, 'no valid credentials: set api_token (CLOUDFLARE_API_TOKEN), or '
                                               'api_email and api_key') if h)
        elif status == 403:
            hint = '; '.join(h for h in (hint, 'check the token permissions: reads need Magic WAN Read or Magic '
                                               'Transit Read (or Write), writes need Magic WAN Write or Magic '
                                               'Transit Write, for this account_id') if h)
        return self._error(response.reason or 'request failed', method, path, status=status, errors=errors,
                           cf_ray=cf_ray, ambiguous=method == 'POST' and status >= 500, hint=hint, no_route=no_route)

    def request(self, method, path, params=None, body=None, raw=False):
        """Send one request; return the unwrapped JSON (None for an empty body), or the bytes when raw."""
        return self._request(method, path, params=params, body=body, raw=raw)[0]

    def _request(self, method, path, params=None, body=None, raw=False):
        """(answer as request() returns it, HTTP status)."""
        method = method.upper()
        response = self._send(method, path, params, body)
        cf_ray = response.headers.get('cf-ray')
        ok = 200 <= response.status_code < 300
        parsed = None
        if response.content and (not raw or not ok):  # a document's error answer is still JSON
            parsed = self._parse(response)
            if parsed is None and ok:
                # A proxy's page instead of the API's answer: a create behind it may or may not have happened.
                raise self._error('answer is not JSON (%s)' % response.headers.get('Content-Type', 'no type'),
                                  method, path, status=response.status_code, cf_ray=cf_ray,
                                  ambiguous=method == 'POST', hint='answer: %s' % _text_detail(response.content))
        if not ok:
            raise self._status_error(response, parsed, method, path)
        if raw:
            return response.content, response.status_code
        if isinstance(parsed, dict) and parsed.get('success') is False:
            raise self._error('request failed', method, path, status=response.status_code,
                              errors=_error_entries(parsed), cf_ray=cf_ray)
        return unwrap(parsed), response.status_code

    def object(self, method, path, params=None, body=None):
        """A request whose answer must be one JSON object (every CNI GET, POST and PUT)."""
        answer, status = self._request(method, path, params=params, body=body)
        if not isinstance(answer, dict):
            got = 'no body' if answer is None else type(answer).__name__
            raise self._error('answer is not a JSON object (got %s)' % got, method, path, status=status,
                              ambiguous=method == 'POST')
        return answer

    def get(self, path, params=None):
        return self.object('GET', path, params=params)

    def post(self, path, body):
        return self.object('POST', path, body=body)

    def put(self, path, body):
        return self.object('PUT', path, body=body)

    def delete(self, path, missing_ok=False):
        """Delete; with missing_ok, a 404 (already gone, e.g. after a retried DELETE) returns False instead of failing."""
        try:
            self.request('DELETE', path)
        except CloudflareApiError as exc:
            if missing_ok and exc.not_found:
                return False
            raise
        return True

    def get_or_none(self, path):
        """GET one object; None when the API answers 404."""
        try:
            return self.get(path)
        except CloudflareApiError as exc:
            if exc.not_found:
                return None
            raise

    def list_all(self, path, params=None):
        """Every item of a cursor-paginated list: follow `next` until it is absent, null, empty or 0 (the reference's
        example of a last page), for at most max_pages pages."""
        query = dict((k, v) for k, v in (params or {}).items() if v is not None)
        query['limit'] = self.page_size
        items = []
        seen = set()
        for _page in range(self.max_pages):
            page = self.get(path, query)
            cursor = page.get('next')
            if not isinstance(page.get('items'), list) or not all(isinstance(i, dict) for i in page['items']) \
                    or not isinstance(cursor, (int, str, type(None))):
                raise self._error('answer is not a page of a list (items of objects, and next)', 'GET', path,
                                  status=200)
            items.extend(page['items'])
            if cursor is None or cursor == '' or (isinstance(cursor, int) and cursor == 0):
                return items
            if cursor in seen:
                # A cursor we already followed would loop forever; a partial list could cause a duplicate create.
                summary = 'pagination cursor %s repeated, the list is incomplete' % cursor
                raise self._error(summary, 'GET', path, status=200)
            seen.add(cursor)
            query['cursor'] = cursor
        raise self._error('the list did not end after %d pages (%d objects, far more than any account holds); the '
                          'server keeps answering with a new next cursor, so the list is incomplete'
                          % (self.max_pages, len(items)), 'GET', path, status=200)
