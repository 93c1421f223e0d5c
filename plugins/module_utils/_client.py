# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The one HTTP client of the collection: session, auth, retries, pagination, envelopes, errors.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import platform
import traceback

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    Retry = object
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

COLLECTION_VERSION = '0.1.0'
USER_AGENT = 'ansible-cloudflare.cni/%s (ansible-core/%s; python/%s)' % (
    COLLECTION_VERSION, ANSIBLE_VERSION, platform.python_version())
DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4'
PAGE_SIZE = 1000
RETRY_STATUSES = (429, 500, 502, 503, 504)
IDEMPOTENT_METHODS = frozenset(['GET', 'HEAD', 'PUT', 'DELETE'])
MASK = '********'


class CloudflareApiError(Exception):
    """The one error type: every failure of a request ends up here."""

    def __init__(self, message, status=None, method=None, path=None, errors=None, cf_ray=None, ambiguous=False):
        super(CloudflareApiError, self).__init__(message)
        self.message = message
        self.status = status
        self.method = method
        self.path = path
        self.errors = errors or []
        self.cf_ray = cf_ray
        # True when a write may have been applied although no answer says so (dropped connection, timeout, 5xx).
        self.ambiguous = ambiguous

    @property
    def not_found(self):
        return self.status == 404

    def failure(self):
        """Structured details for the module result, next to msg."""
        return dict(message=self.message, status=self.status, method=self.method, path=self.path,
                    errors=self.errors, cf_ray=self.cf_ray)


class CniRetry(Retry):
    """urllib3 Retry with two rules of ours: POST is retried only on 429, and Retry-After is capped."""

    retry_after_cap = 60

    def is_retry(self, method, status_code, has_retry_after=False):
        if method and method.upper() == 'POST':
            # A 429 is an answer that nothing was done; any other failure of a create is ambiguous.
            return status_code == 429 and bool(self.total)
        return super(CniRetry, self).is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response):
        seconds = super(CniRetry, self).get_retry_after(response)
        if seconds is None:
            return None
        return min(seconds, self.retry_after_cap)


def _error_entries(body):
    """Cloudflare's error list ({code, message} dicts) from a parsed body, or []."""
    if not isinstance(body, dict):
        return []
    entries = []
    errors = body.get('errors')
    for item in errors if isinstance(errors, list) else []:
        if isinstance(item, dict):
            entries.append(dict(code=item.get('code'), message=item.get('message')))
        elif item:
            entries.append(dict(code=None, message=str(item)))
    return entries


def unwrap(body):
    """The CNI API answers bare objects; other Cloudflare endpoints wrap them. Unwrap only a real envelope."""
    if isinstance(body, dict) and 'success' in body and 'result' in body:
        return body['result']
    return body


class CloudflareClient(object):
    def __init__(self, base_url=DEFAULT_BASE_URL, api_token=None, api_email=None, api_key=None, timeout=30,
                 validate_certs=True, retries=5, backoff_factor=0.5, page_size=PAGE_SIZE):
        self.base_url = base_url.rstrip('/')
        self.timeout = timeout
        self.page_size = page_size
        self._secrets = [s for s in (api_token, api_key) if s]
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers.update({'User-Agent': USER_AGENT, 'Accept': 'application/json'})
        if api_token:
            self.session.headers['Authorization'] = 'Bearer %s' % api_token
        elif api_key:
            self.session.headers['X-Auth-Email'] = api_email or ''
            self.session.headers['X-Auth-Key'] = api_key
        retry = CniRetry(total=retries, connect=retries, read=retries, status=retries, other=0,
                         allowed_methods=IDEMPOTENT_METHODS, status_forcelist=RETRY_STATUSES,
                         backoff_factor=backoff_factor, respect_retry_after_header=True,
                         raise_on_status=False, raise_on_redirect=False)
        adapter = HTTPAdapter(max_retries=retry)
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

    def _error(self, summary, method, path, status=None, errors=None, cf_ray=None, ambiguous=False):
        """One message naming the method, path, status, Cloudflare's errors and the cf-ray; never a credential."""
        entries = [dict(code=e['code'], message=self._scrub(e['message'])) for e in errors or []]
        message = '%s %s: %s' % (method, path, 'HTTP %s %s' % (status, summary) if status is not None else summary)
        if entries:
            message += '; Cloudflare errors: ' + '; '.join(
                '[%s] %s' % (e['code'], e['message']) if e['code'] is not None else e['message'] for e in entries)
        if cf_ray:
            message += '; cf-ray: %s' % cf_ray
        return CloudflareApiError(self._scrub(message), status=status, method=method, path=path, errors=entries,
                                  cf_ray=cf_ray, ambiguous=ambiguous)

    def request(self, method, path, params=None, body=None, raw=False):
        """Send one request; return the unwrapped JSON (None for an empty body), or the bytes when raw."""
        method = method.upper()
        try:
            response = self.session.request(method, self.base_url + path, params=params, json=body,
                                            timeout=self.timeout)
        except requests.exceptions.Timeout as exc:
            raise self._error('timed out after %ss (%s)' % (self.timeout, type(exc).__name__), method, path,
                              ambiguous=method == 'POST')
        except requests.exceptions.RequestException as exc:
            raise self._error('request failed (%s: %s)' % (type(exc).__name__, exc), method, path,
                              ambiguous=method == 'POST')
        except (ValueError, UnicodeError) as exc:  # a header value requests or http.client cannot send
            raise self._error('request could not be sent (%s)' % type(exc).__name__, method, path)
        cf_ray = response.headers.get('cf-ray')
        parsed = None
        if response.content and (not raw or not response.ok):  # a document's error answer is still JSON
            try:
                parsed = json.loads(response.content.decode('utf-8'))
            except ValueError:
                if response.ok:
                    # A proxy's page instead of the API's answer: a create behind it may or may not have happened.
                    raise self._error('answer is not JSON (%s)' % response.headers.get('Content-Type', 'no type'),
                                      method, path, status=response.status_code, cf_ray=cf_ray,
                                      ambiguous=method == 'POST')
        if not response.ok:
            raise self._error(response.reason or 'request failed', method, path, status=response.status_code,
                              errors=_error_entries(parsed), cf_ray=cf_ray,
                              ambiguous=method == 'POST' and response.status_code >= 500)
        if raw:
            return response.content
        if isinstance(parsed, dict) and parsed.get('success') is False:
            raise self._error('request failed', method, path, status=response.status_code,
                              errors=_error_entries(parsed), cf_ray=cf_ray)
        return unwrap(parsed)

    def object(self, method, path, params=None, body=None):
        """A request whose answer must be one JSON object (every CNI GET, POST and PUT)."""
        answer = self.request(method, path, params=params, body=body)
        if not isinstance(answer, dict):
            raise self._error('answer is not a JSON object (got %s)' % type(answer).__name__, method, path,
                              status=200, ambiguous=method == 'POST')
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
        """Every item of a cursor-paginated list: follow `next` until it is absent or null."""
        query = dict((k, v) for k, v in (params or {}).items() if v is not None)
        query['limit'] = self.page_size
        items = []
        seen = set()
        while True:
            page = self.get(path, query)
            cursor = page.get('next')
            if not isinstance(page.get('items'), list) or not all(isinstance(i, dict) for i in page['items']) \
                    or not isinstance(cursor, (int, str, type(None))):
                raise self._error('answer is not a page of a list (items of objects, and next)', 'GET', path,
                                  status=200)
            items.extend(page['items'])
            if cursor is None or cursor == '':
                return items
            if cursor in seen:
                # A cursor we already followed would loop forever; a partial list could cause a duplicate create.
                summary = 'pagination cursor %s repeated, the list is incomplete' % cursor
                raise self._error(summary, 'GET', path, status=200)
            seen.add(cursor)
            query['cursor'] = cursor
