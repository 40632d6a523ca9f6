'use strict';
// HTTP calls to the server under test, each answer checked against the document.
//
//   const api = client(baseUrl, contract);
//   const run = await api.call('POST', '/api/runs', { as: key, json: {...}, expect: 201 });
//
// `as` is a credential: { key } (X-API-Key) or { cookie } (a session, sent with the
// server's own Origin as the dashboard does). A call throws when the status differs from
// `expect` or the exchange breaks the document, naming both, so each call is a check.
// `invalid: true` marks a request body that is wrong on purpose (not checked).

const assert = require('node:assert/strict');

function client(baseUrl, contract) {
  async function call(method, path, { as, json, form, headers = {}, expect, invalid = false } = {}) {
    const h = { ...headers };
    if (as && as.key) h['X-API-Key'] = as.key;
    if (as && as.cookie) {
      h.Cookie = as.cookie;
      h.Origin = baseUrl;
    }
    let body;
    if (json !== undefined) {
      h['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (form) {
      body = form;
    }
    const res = await fetch(baseUrl + path, { method, headers: h, body, redirect: 'manual' });
    const contentType = res.headers.get('content-type');
    const bytes = Buffer.from(await res.arrayBuffer());
    let parsed;
    if ((contentType || '').startsWith('application/json')) {
      parsed = JSON.parse(bytes.toString('utf8'));
    } else {
      parsed = bytes.length ? bytes : undefined;
    }
    const problems = contract.problems({
      method, path, status: res.status, contentType, body: parsed,
      requestBody: invalid ? undefined : json,
    });
    const what = `${method} ${path} -> ${res.status}`;
    const shown = Buffer.isBuffer(parsed) ? `<${parsed.length} bytes>` : JSON.stringify(parsed);
    assert.deepEqual(problems, [], `${what} breaks the document:\n  ${problems.join('\n  ')}\n  body: ${shown && shown.slice(0, 2000)}`);
    if (expect !== undefined) assert.equal(res.status, expect, `${what}, expected ${expect}: ${shown && shown.slice(0, 2000)}`);
    return { status: res.status, body: parsed, headers: res.headers };
  }
  return { call };
}

// The session cookie a sign-up or sign-in set ("sb-access-token=...").
function sessionOf(res) {
  const set = res.headers.get('set-cookie') || '';
  const m = /sb-access-token=[^;]*/.exec(set);
  assert.ok(m, `no session cookie in ${set}`);
  return { cookie: m[0] };
}

module.exports = { client, sessionOf };
