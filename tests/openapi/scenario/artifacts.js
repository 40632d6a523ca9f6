'use strict';
// Artifacts: upload a real PNG to a test of ctx.runId, list and read it, download it by
// its signed URL (whole, a range, the CORS preflight, a forged token), then delete it.
const { onePixelPng } = require('../lib/png');
const { crc32 } = require('../../../packaging/playwright-reporter/lib/zip');

// A zip of one stored file.
function zipOf(name, text) {
  const data = Buffer.from(text);
  const n = Buffer.from(name);
  const crc = crc32(data);
  const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
  const common = Buffer.concat([u16(0), u16(0), u16(0), u16(0x21), u32(crc), u32(data.length), u32(data.length), u16(n.length), u16(0)]);
  const local = Buffer.concat([u32(0x04034b50), u16(20), common, n, data]);
  const central = Buffer.concat([u32(0x02014b50), u16(20), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(0), n]);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(1), u16(1), u32(central.length), u32(local.length), u16(0)]);
  return Buffer.concat([local, central, end]);
}

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

  // An HTML report opens from its viewUrl: the index, a missing file, a trace link, a forgery.
  const report = new FormData();
  report.set('type', 'report');
  report.set('runId', ctx.runId);
  report.set('file', new Blob([zipOf('index.html', '<!DOCTYPE html><p>report</p>')], { type: 'application/zip' }), 'report.zip');
  const rep = await api.call('POST', '/api/upload', { as, form: report, expect: 201 });
  const view = new URL(rep.body.viewUrl).pathname;
  await api.call('GET', view, { expect: 200 });
  await api.call('GET', view + 'index.html', { expect: 200 });
  await api.call('GET', view + 'data/missing.png', { expect: 404 });
  await api.call('GET', view + 'trace/index.html?trace=x', { expect: 302 });
  await api.call('GET', view.replace(/\/[^/]+\/$/, '/forged/'), { expect: 403 });

  await api.call('DELETE', `/api/artifacts/${up.body.id}`, { as, expect: 200 });
  await api.call('GET', `/api/artifacts/${up.body.id}`, { as, expect: 404 });
};
