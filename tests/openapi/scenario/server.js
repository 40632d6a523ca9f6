'use strict';
// The server's own, unauthenticated endpoints: health, server info, metrics, this
// document (with its ETag) and the reporter package download.
const assert = require('node:assert/strict');

module.exports = async function server({ api }) {
  await api.call('GET', '/healthz', { expect: 200 });
  const info = await api.call('GET', '/api/server-info', { expect: 200 });
  assert.equal(info.body.firstAccount, true);
  await api.call('GET', '/metrics', { expect: 200 });
  const doc = await api.call('GET', '/api/openapi.json', { expect: 200 });
  const etag = doc.headers.get('etag');
  assert.ok(etag, 'the document has an ETag');
  await api.call('GET', '/api/openapi.json', { headers: { 'If-None-Match': etag }, expect: 304 });
  const tgz = await api.call('GET', '/downloads/playwright-reporter.tgz', { expect: 200 });
  assert.deepEqual([...tgz.body.subarray(0, 2)], [0x1f, 0x8b], 'the reporter package is gzip');
};
