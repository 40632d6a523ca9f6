'use strict';
// The OpenAPI document against the real server (contract §16): the document served at
// /api/openapi.json is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator, the
// specification's own JSON Schema), and every endpoint's real answers — successes and
// errors — match it (Ajv, JSON Schema 2020-12), with every documented operation called.
// That the document names every route the server registers is tests/unit/openapi_routes_test.cpp.
//
//   node --test tests/openapi/      (EURIQA_BIN=path/to/euriqa, default build/euriqa)

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Validator } = require('@seriousme/openapi-schema-validator');
const { findEuriqa, startServer } = require('../reporter/lib/server');
const { Contract } = require('./lib/contract');
const { client } = require('./lib/client');

// Operations that only answer errors without email set up on the server (their
// success needs a token that only an email carries); each is still called and checked.
const ERROR_ONLY = new Set(['POST /api/auth/verify-email', 'POST /api/auth/verify-email/resend']);

const PARTS = ['server', 'accounts', 'results', 'artifacts', 'webhooks', 'members'];

test('the OpenAPI document and the server agree', async (t) => {
  const bin = findEuriqa([null, null, process.env.EURIQA_BIN || path.resolve(__dirname, '../../build/euriqa')]);
  const srv = await startServer(bin);
  t.after(() => srv.stop());

  const res = await fetch(`${srv.url}/api/openapi.json`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const doc = await res.json();

  await t.test('the document is valid OpenAPI 3.1', async () => {
    assert.equal(doc.openapi.split('.').slice(0, 2).join('.'), '3.1');
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors || [], []);
    assert.equal(result.valid, true);
  });

  const contract = new Contract(doc);
  const ctx = { api: client(srv.url, contract), url: srv.url };
  for (const part of PARTS) {
    // Each part builds on the ones before it (the account, the project, the runs).
    await t.test(`${part}: every answer matches the document`, async () => {
      await require(`./scenario/${part}`)(ctx);
    });
  }

  await t.test('every documented operation was called and answered with success', () => {
    assert.deepEqual(contract.uncovered(ERROR_ONLY), []);
  });
});
