'use strict';
// Webhooks (managed from a session; a key may list and delete) with a ping and its
// delivery record, and the owner's "email me when a run fails" subscriptions.
module.exports = async function webhooks(ctx) {
  const { api } = ctx;
  const hook = await api.call('POST', '/api/webhooks', {
    as: ctx.owner, expect: 201,
    json: { projectId: ctx.projectId, url: 'http://127.0.0.1:9/hook', events: ['run.completed', 'run.failed'],
      headers: { 'X-Team': 'qa' }, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  });
  const id = hook.body.id;
  await api.call('POST', '/api/webhooks', { as: ctx.owner, json: { projectId: ctx.projectId, url: 'ftp://x', events: [] }, invalid: true, expect: 400 });
  await api.call('GET', `/api/webhooks?projectId=${ctx.projectId}`, { as: ctx.owner, expect: 200 });
  await api.call('GET', '/api/webhooks', { as: ctx.key, expect: 200 });
  await api.call('PATCH', `/api/webhooks/${id}`, { as: ctx.owner, json: { events: ['run.failed'], isActive: false }, expect: 200 });
  await api.call('POST', `/api/webhooks/${id}/test`, { as: ctx.owner, expect: 202 });
  await api.call('GET', `/api/webhooks/${id}/deliveries`, { as: ctx.owner, expect: 200 });
  await api.call('DELETE', `/api/webhooks/${id}`, { as: ctx.key, expect: 200 });
  await api.call('GET', `/api/webhooks/${id}/deliveries`, { as: ctx.owner, expect: 404 });

  const sub = await api.call('POST', '/api/run-failure-emails', { as: ctx.owner, json: { projectId: ctx.projectId, branch: 'main' }, expect: 201 });
  await api.call('GET', `/api/run-failure-emails?projectId=${ctx.projectId}`, { as: ctx.owner, expect: 200 });
  await api.call('DELETE', `/api/run-failure-emails/${sub.body.id}`, { as: ctx.owner, expect: 200 });
};
