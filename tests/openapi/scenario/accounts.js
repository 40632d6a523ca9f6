'use strict';
// Accounts, teams, projects, settings and API keys: the owner signs up and builds the
// team and project that the other parts use (ctx.owner, ctx.teamId, ctx.projectId,
// ctx.key). Ends with the owner's profile changes and sessions.
const assert = require('node:assert/strict');
const { sessionOf } = require('../lib/client');

const OWNER = { email: 'owner@example.com', password: 'correct horse battery', name: 'Owner' };

module.exports = async function accounts(ctx) {
  const { api } = ctx;
  const reg = await api.call('POST', '/api/auth/register', { json: OWNER, expect: 201 });
  ctx.owner = sessionOf(reg);
  await api.call('POST', '/api/auth/login', { json: { email: OWNER.email, password: 'wrong password' }, expect: 401 });
  const login = await api.call('POST', '/api/auth/login', { json: { email: OWNER.email, password: OWNER.password }, expect: 200 });
  const second = sessionOf(login);
  await api.call('GET', '/api/auth/me', { as: ctx.owner, expect: 200 });
  await api.call('PATCH', '/api/auth/me', { as: ctx.owner, json: { name: 'The Owner' }, expect: 200 });
  await api.call('GET', '/api/auth/me', { expect: 401 });

  const team = await api.call('POST', '/api/teams', { as: ctx.owner, json: { name: 'QA' }, expect: 201 });
  ctx.teamId = team.body.id;
  await api.call('PATCH', `/api/teams/${ctx.teamId}`, { as: ctx.owner, json: { name: 'Quality' }, expect: 200 });
  await api.call('GET', '/api/teams', { as: ctx.owner, expect: 200 });

  const project = await api.call('POST', '/api/projects', { as: ctx.owner, json: { name: 'web', teamId: ctx.teamId }, expect: 201 });
  ctx.projectId = project.body.id;
  await api.call('POST', '/api/projects', { as: ctx.owner, json: { teamId: ctx.teamId }, invalid: true, expect: 400 });
  await api.call('GET', `/api/projects?teamId=${ctx.teamId}`, { as: ctx.owner, expect: 200 });
  await api.call('GET', `/api/projects/${ctx.projectId}`, { as: ctx.owner, expect: 200 });
  await api.call('GET', '/api/projects/proj_doesnotexist0000000', { as: ctx.owner, expect: 404 });
  await api.call('PATCH', `/api/projects/${ctx.projectId}`, { as: ctx.owner, json: { name: 'web app' }, expect: 200 });
  const doomed = await api.call('POST', '/api/projects', { as: ctx.owner, json: { name: 'old', teamId: ctx.teamId }, expect: 201 });
  await api.call('DELETE', `/api/projects/${doomed.body.id}`, { as: ctx.owner, expect: 200 });
  await api.call('GET', `/api/projects/${ctx.projectId}/settings`, { as: ctx.owner, expect: 200 });
  await api.call('PATCH', `/api/projects/${ctx.projectId}/settings`,
    { as: ctx.owner, json: { dataRetentionDays: 30, flakinessThreshold: 0.5, autoQuarantineEnabled: false }, expect: 200 });

  const key = await api.call('POST', '/api/api-keys',
    { as: ctx.owner, json: { projectId: ctx.projectId, name: 'ci', role: 'admin' }, expect: 201 });
  ctx.key = { key: key.body.key };
  const spare = await api.call('POST', '/api/api-keys', {
    as: ctx.owner, expect: 201,
    json: { projectId: ctx.projectId, name: 'spare', role: 'viewer', expiresAt: new Date(Date.now() + 86400000).toISOString() },
  });
  await api.call('GET', `/api/api-keys?projectId=${ctx.projectId}`, { as: ctx.owner, expect: 200 });
  await api.call('GET', '/api/api-keys', { as: ctx.key, expect: 200 });
  await api.call('PATCH', `/api/api-keys/${spare.body.id}`, { as: ctx.owner, json: { isActive: false }, expect: 200 });
  await api.call('DELETE', `/api/api-keys/${spare.body.id}`, { as: ctx.owner, expect: 200 });
  await api.call('POST', '/api/api-keys', { as: ctx.key, json: { name: 'by a key' }, expect: 403 });
  await api.call('GET', '/api/teams', { as: ctx.key, expect: 200 });
  await api.call('GET', '/api/auth/me', { as: ctx.key, expect: 200 });

  // Sessions: list, end one, end the others.
  const sessions = await api.call('GET', '/api/auth/sessions', { as: ctx.owner, expect: 200 });
  const other = sessions.body.data.find((s) => !s.current);
  assert.ok(other, 'the second sign-in is listed');
  await api.call('DELETE', `/api/auth/sessions/${other.id}`, { as: ctx.owner, expect: 200 });
  await api.call('GET', '/api/auth/me', { as: second, expect: 401 });
  await api.call('POST', '/api/auth/login', { json: { email: OWNER.email, password: OWNER.password }, expect: 200 });
  await api.call('DELETE', '/api/auth/sessions', { as: ctx.owner, expect: 200 });
  ctx.ownerPassword = OWNER.password;
};
