'use strict';
// Team members and invitations: Bea joins by signing up with her link; Carl signs up
// with his, then accepts a second team's invitation by link and a third's by id; a
// revoked invitation; roles; a reset link for Bea used to set her password; leaving.
// Then the owner's own account: password, email, reset request, sign-out.
const assert = require('node:assert/strict');
const { sessionOf } = require('../lib/client');

const tokenOf = (inviteUrl) => inviteUrl.split('/').pop();

module.exports = async function members(ctx) {
  const { api } = ctx;
  const owner = ctx.owner;
  const invite = (teamId, email, role = 'member') =>
    api.call('POST', '/api/team-members', { as: owner, json: { teamId, email, role }, expect: 201 });

  const bea = await invite(ctx.teamId, 'bea@example.com');
  await api.call('GET', `/api/invitations?teamId=${ctx.teamId}`, { as: owner, expect: 200 });
  await api.call('GET', `/api/invitations/by-token/${tokenOf(bea.body.inviteUrl)}`, { expect: 200 });
  await api.call('GET', '/api/invitations/by-token/nonsense', { expect: 404 });
  const beaSession = sessionOf(await api.call('POST', '/api/auth/register', {
    expect: 201, json: { email: 'bea@example.com', password: 'bea password 1', name: 'Bea', inviteToken: tokenOf(bea.body.inviteUrl) },
  }));
  await api.call('POST', '/api/auth/register', { json: { email: 'eve@example.com', password: 'eve password 1' }, expect: 403 });

  const carl = await invite(ctx.teamId, 'carl@example.com', 'viewer');
  const carlSession = sessionOf(await api.call('POST', '/api/auth/register', {
    expect: 201, json: { email: 'carl@example.com', password: 'carl password 1', inviteToken: tokenOf(carl.body.inviteUrl) },
  }));
  const second = await api.call('POST', '/api/teams', { as: owner, json: { name: 'Second' }, expect: 201 });
  const third = await api.call('POST', '/api/teams', { as: owner, json: { name: 'Third' }, expect: 201 });
  const bySecond = await invite(second.body.id, 'carl@example.com');
  await api.call('POST', '/api/invitations/accept', { as: carlSession, json: { token: tokenOf(bySecond.body.inviteUrl) }, expect: 200 });
  const byThird = await invite(third.body.id, 'carl@example.com');
  await api.call('GET', '/api/invitations', { as: carlSession, expect: 200 });
  await api.call('POST', `/api/invitations/${byThird.body.id}/accept`, { as: carlSession, expect: 200 });
  await api.call('POST', `/api/invitations/${byThird.body.id}/accept`, { as: carlSession, expect: 409 });
  const dan = await invite(ctx.teamId, 'dan@example.com');
  await api.call('DELETE', `/api/invitations/${dan.body.id}`, { as: owner, expect: 200 });
  await api.call('DELETE', `/api/invitations/${dan.body.id}`, { as: owner, expect: 404 });

  const list = await api.call('GET', `/api/team-members?teamId=${ctx.teamId}`, { as: owner, expect: 200 });
  const member = (email) => list.body.data.find((m) => m.email === email);
  await api.call('PATCH', `/api/team-members/${member('bea@example.com').id}`, { as: owner, json: { role: 'viewer' }, expect: 200 });
  await api.call('PATCH', `/api/team-members/${member('owner@example.com').id}`, { as: owner, json: { role: 'admin' }, expect: 409 });
  await api.call('PATCH', `/api/team-members/${member('carl@example.com').id}`, { as: carlSession, json: { role: 'admin' }, expect: 403 });
  const link = await api.call('POST', `/api/team-members/${member('bea@example.com').id}/reset-link`, { as: owner, expect: 201 });
  const resetToken = new URL(link.body.resetUrl).pathname.split('/').pop();
  await api.call('POST', '/api/auth/password-reset/confirm', { json: { token: resetToken, password: 'bea password 2' }, expect: 200 });
  await api.call('POST', '/api/auth/password-reset/confirm', { json: { token: resetToken, password: 'bea password 3' }, expect: 410 });
  await api.call('GET', '/api/auth/me', { as: beaSession, expect: 401 }); // the reset ended her sessions
  await api.call('DELETE', `/api/team-members/${member('carl@example.com').id}`, { as: owner, expect: 200 });
  await api.call('DELETE', `/api/teams/${third.body.id}`, { as: owner, expect: 200 });

  // Links that need email (not set up here) answer their documented errors.
  await api.call('POST', '/api/auth/verify-email', { json: { token: 'not-a-token' }, expect: 404 });
  await api.call('POST', '/api/auth/verify-email/resend', { as: carlSession, expect: 409 });
  await api.call('POST', '/api/auth/password-reset', { json: { email: 'bea@example.com' }, expect: 202 });

  // The owner's own account.
  await api.call('POST', '/api/auth/password',
    { as: owner, json: { currentPassword: 'wrong one', newPassword: 'another password 1' }, expect: 400 });
  await api.call('POST', '/api/auth/password',
    { as: owner, json: { currentPassword: ctx.ownerPassword, newPassword: 'another password 1' }, expect: 200 });
  const changed = await api.call('POST', '/api/auth/email',
    { as: owner, json: { email: 'boss@example.com', currentPassword: 'another password 1' }, expect: 200 });
  assert.equal(changed.body.email, 'boss@example.com');
  await api.call('POST', '/api/auth/logout', { as: owner, expect: 200 });
  await api.call('GET', '/api/auth/me', { as: owner, expect: 401 });
};
