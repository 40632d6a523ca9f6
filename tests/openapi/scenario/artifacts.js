'use strict';
// Artifacts: upload a real PNG to a test of ctx.runId, list and read it, download it by
// its signed URL (whole, a range, the CORS preflight, a forged token), then delete it.
const { onePixelPng } = require('../lib/png');

module.exports = async function artifacts(ctx) {
  const { api } = ctx;
  const as = ctx.key;
  const form = new FormData();
  form.set('type', 'screenshot');
  form.set('runId', ctx.runId);
  form.set('file', new Blob([onePixelPng()], { type: 'image/png' }), 'failure.png');
  const up = await api.call('POST', '/api/upload', { as, form, expect: 201 });

  await api.call('GET', `/api/artifacts?runId=${ctx.runId}`, { as, expect: 200 });
  await api.call('GET', '/api/artifacts', { as, expect: 400 });
  await api.call('GET', `/api/artifacts/${up.body.id}`, { as, expect: 200 });

  const url = new URL(up.body.url);
  const path = url.pathname + url.search;
  await api.call('GET', path, { expect: 200 });
  await api.call('GET', path, { headers: { Range: 'bytes=0-7' }, expect: 206 });
  await api.call('OPTIONS', path, { headers: { 'Access-Control-Request-Headers': 'range' }, expect: 204 });
  await api.call('GET', path.replace(/token=[^&]+/, 'token=forged'), { expect: 403 });

  await api.call('DELETE', `/api/artifacts/${up.body.id}`, { as, expect: 200 });
  await api.call('GET', `/api/artifacts/${up.body.id}`, { as, expect: 404 });
};
