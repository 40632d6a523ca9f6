// Typed calls to the public API, one function per endpoint the dashboard uses.
import { del, get, patch, post, type Query } from './client';
import type {
  ApiKey, Artifact, Build, Comparison, ProjectFailureGroup, RunFailureGroup, Delivery, FlakinessPage, HistoryEntry, Invitation, InvitationPreview, Me, Member, Page, Project, RunRows, QuarantinedTest, QuarantineEvent, TestCase, TestCaseSort, TrendDay,
  ResetLink, Run, RunFailureEmail, ServerInfo, SessionInfo, Settings, Step, Suite, Team, TestResult, User, Webhook,
} from './types';

type Data<T> = { data: T[] };
type Ok = { success: boolean; message?: string };

export const server = {
  info: () => get<ServerInfo>('/api/server-info'),
};

export const auth = {
  me: () => get<Me>('/api/auth/me'),
  login: (email: string, password: string) => post<User>('/api/auth/login', { email, password }),
  register: (email: string, password: string, name: string, inviteToken?: string) =>
    post<User>('/api/auth/register', { email, password, name, ...(inviteToken ? { inviteToken } : {}) }),
  logout: () => post<Ok>('/api/auth/logout'),
  rename: (name: string) => patch<User>('/api/auth/me', { name }),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<Ok>('/api/auth/password', { currentPassword, newPassword }),
  /** 202 {pendingEmail} when a link goes to the new address; 200 the user when changed at once. */
  changeEmail: (email: string, currentPassword: string) =>
    post<User | (Ok & { pendingEmail: string })>('/api/auth/email', { email, currentPassword }),
  sessions: () => get<Data<SessionInfo>>('/api/auth/sessions'),
  revokeSession: (id: string) => del<Ok>(`/api/auth/sessions/${id}`),
  revokeOtherSessions: () => del<Ok>('/api/auth/sessions'),
  verifyEmail: (token: string) => post<User>('/api/auth/verify-email', { token }),
  resendVerification: () => post<Ok>('/api/auth/verify-email/resend'),
  requestReset: (email: string) => post<Ok>('/api/auth/password-reset', { email }),
  confirmReset: (token: string, password: string) => post<Ok>('/api/auth/password-reset/confirm', { token, password }),
};

export const teams = {
  list: () => get<Data<Team>>('/api/teams'),
  create: (name: string) => post<Team>('/api/teams', { name }),
};

export const projects = {
  list: (teamId: string) => get<Data<Project>>('/api/projects', { teamId }),
  get: (id: string) => get<Project>(`/api/projects/${id}`),
  create: (teamId: string, name: string) => post<Project>('/api/projects', { teamId, name }),
  rename: (id: string, name: string) => patch<Project>(`/api/projects/${id}`, { name }),
  remove: (id: string) => del<Ok>(`/api/projects/${id}`),
  settings: (id: string) => get<Settings>(`/api/projects/${id}/settings`),
  updateSettings: (id: string, s: Partial<Omit<Settings, 'projectId' | 'updatedAt'>>) =>
    patch<Settings>(`/api/projects/${id}/settings`, s),
};

export interface RunFilters {
  status?: string;
  branch?: string;
  search?: string;
  commitSha?: string;
  from?: string;
  to?: string;
}

export const runs = {
  list: (projectId: string, f: RunFilters & { limit?: number; offset?: number }) =>
    get<Page<Run>>('/api/runs', { projectId, ...f } as Query),
  get: (id: string) => get<Run>(`/api/runs/${id}`),
  remove: (id: string) => del<Ok>(`/api/runs/${id}`),
  compare: (id: string) => get<Comparison>(`/api/runs/${id}/compare`),
  failureGroups: (id: string) => get<Data<RunFailureGroup> & { total: number }>(`/api/runs/${id}/failure-groups`),
  rows: (id: string) => get<RunRows>(`/api/runs/${id}/rows`),
};

export const builds = {
  get: (projectId: string, ciBuildId: string) => get<Build>(`/api/builds/${encodeURIComponent(ciBuildId)}`, { projectId }),
  compare: (projectId: string, ciBuildId: string) =>
    get<Comparison>(`/api/builds/${encodeURIComponent(ciBuildId)}/compare`, { projectId }),
};

export const failureGroups = {
  list: (projectId: string, q: { from?: string; branch?: string; limit?: number; offset?: number }) =>
    get<Page<ProjectFailureGroup>>('/api/failure-groups', { projectId, ...q }),
};

export const tests = {
  list: (q: { projectId: string; runId?: string; status?: string; search?: string; limit?: number; offset?: number }) =>
    get<Page<TestResult>>('/api/tests', q),
  get: (id: string) => get<TestResult>(`/api/tests/${id}`),
  steps: (id: string) => get<Data<Step>>(`/api/tests/${id}/steps`),
  history: (id: string) => get<Data<HistoryEntry> & { total: number }>(`/api/tests/${id}/history`),
  suites: (projectId: string, runId: string) => get<Data<Suite>>('/api/test-suites', { projectId, runId }),
};

export const artifacts = {
  list: (runId: string, testId?: string) => get<Data<Artifact>>('/api/artifacts', { runId, testId }),
};

export const flakiness = {
  list: (projectId: string, q: { minScore?: number; quarantined?: boolean; limit?: number; offset?: number }) =>
    get<FlakinessPage>('/api/flakiness', { projectId, ...q }),
  quarantined: (projectId: string) => get<Data<QuarantinedTest>>('/api/quarantine', { projectId }),
  /** Quarantines (with terms) or lifts; quarantining a quarantined test replaces its terms. */
  quarantine: (projectId: string, testId: string, isQuarantined: boolean, terms: QuarantineInput = {}) =>
    post<{ testId: string; isQuarantined: boolean }>('/api/flakiness', { projectId, testId, isQuarantined, ...terms }),
  events: (projectId: string, q: { testId?: string; limit?: number; offset?: number } = {}) =>
    get<Page<QuarantineEvent>>('/api/quarantine/events', { projectId, ...q }),
};

export interface QuarantineInput {
  reason?: string;
  issueUrl?: string;
  expiresAt?: string;
}

export const testCases = {
  list: (q: { projectId: string; branch?: string; from?: string; search?: string; sort?: TestCaseSort; order?: 'asc' | 'desc'; limit?: number; offset?: number }) =>
    get<Page<TestCase>>('/api/test-cases', q),
  results: (testId: string, q: { limit?: number; offset?: number }) => get<Page<TestResult>>(`/api/test-cases/${testId}/results`, q),
  trend: (testId: string, days: number) => get<Data<TrendDay>>(`/api/test-cases/${testId}/trend`, { days }),
};

export const apiKeys = {
  list: (projectId: string) => get<Data<ApiKey>>('/api/api-keys', { projectId }),
  create: (projectId: string, name: string, role: string, expiresAt?: string) =>
    post<ApiKey>('/api/api-keys', { projectId, name, role, ...(expiresAt ? { expiresAt } : {}) }),
  setActive: (id: string, isActive: boolean) => patch<ApiKey>(`/api/api-keys/${id}`, { isActive }),
  remove: (id: string) => del<Ok>(`/api/api-keys/${id}`),
};

export interface WebhookInput {
  url?: string;
  events?: string[];
  headers?: Record<string, string>;
  secret?: string;
  isActive?: boolean;
}

export const webhooks = {
  list: (projectId: string) => get<Data<Webhook>>('/api/webhooks', { projectId }),
  create: (projectId: string, w: WebhookInput) => post<Webhook>('/api/webhooks', { projectId, ...w }),
  update: (id: string, w: WebhookInput) => patch<Webhook>(`/api/webhooks/${id}`, w),
  remove: (id: string) => del<Ok>(`/api/webhooks/${id}`),
  deliveries: (id: string) => get<Data<Delivery>>(`/api/webhooks/${id}/deliveries`),
  test: (id: string) => post<Delivery>(`/api/webhooks/${id}/test`),
};

export const members = {
  list: (teamId: string) => get<Data<Member>>('/api/team-members', { teamId }),
  resetLink: (id: string) => post<ResetLink>(`/api/team-members/${id}/reset-link`),
  invite: (teamId: string, email: string, role: string) => post<Invitation>('/api/team-members', { teamId, email, role }),
  setRole: (id: string, role: string) => patch<Member>(`/api/team-members/${id}`, { role }),
  remove: (id: string) => del<Ok>(`/api/team-members/${id}`),
};

export const invitations = {
  preview: (token: string) => get<InvitationPreview>(`/api/invitations/by-token/${encodeURIComponent(token)}`),
  acceptLink: (token: string) => post<Member>('/api/invitations/accept', { token }),
  mine: () => get<Data<Invitation>>('/api/invitations'),
  ofTeam: (teamId: string) => get<Data<Invitation>>('/api/invitations', { teamId }),
  accept: (id: string) => post<Member>(`/api/invitations/${id}/accept`),
  revoke: (id: string) => del<Ok>(`/api/invitations/${id}`),
};

export const runFailureEmails = {
  list: (projectId: string) => get<Data<RunFailureEmail>>('/api/run-failure-emails', { projectId }),
  add: (projectId: string, branch: string | null) => post<RunFailureEmail>('/api/run-failure-emails', { projectId, branch }),
  remove: (id: string) => del<Ok>(`/api/run-failure-emails/${id}`),
};
