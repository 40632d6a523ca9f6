// A small Euriqa API client for seeding data and for API-side checks.
// Authenticates with the session cookie (register/login) or with an API key.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class ApiError extends Error {
  constructor(public status: number, public body: any, what: string) {
    super(`${what} -> ${status} ${JSON.stringify(body)}`);
  }
}

export interface User { id: string; email: string; name: string }
export interface Team { id: string; name: string }
export interface Project { id: string; name: string; teamId: string }
export interface Run { id: string; projectId: string; status: string; branch?: string }
export interface TestResult { id: string; runId: string; title: string; fullTitle: string; status: string }
export interface Artifact { id: string; type: string; fileName: string; url: string; mimeType: string }

let counter = 0;
/** A unique, readable suffix for emails and names. */
export function uniq(prefix = 'u'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

export class Api {
  cookie?: string;          // "sb-access-token=..."
  apiKey?: string;
  constructor(public baseUrl: string, auth: { cookie?: string; apiKey?: string } = {}) {
    this.cookie = auth.cookie;
    this.apiKey = auth.apiKey;
  }

  withKey(key: string): Api { return new Api(this.baseUrl, { apiKey: key }); }

  /** The raw session token value (for putting into a browser context). */
  get sessionToken(): string | undefined {
    return this.cookie?.split('=').slice(1).join('=');
  }

  async raw(method: string, p: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers['Cookie'] = this.cookie;
    if (this.apiKey) headers['X-API-Key'] = this.apiKey;
    let payload: any;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
    const res = await fetch(this.baseUrl + p, { method, headers, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/sb-access-token=([^;]*)/);
      if (m) this.cookie = `sb-access-token=${m[1]}`;
    }
    return res;
  }

  async call<T = any>(method: string, p: string, body?: unknown, expect: number[] = [200, 201]): Promise<T> {
    const res = await this.raw(method, p, body);
    const text = await res.text();
    let json: any = text;
    try { json = text ? JSON.parse(text) : null; } catch { /* keep text */ }
    if (!expect.includes(res.status)) throw new ApiError(res.status, json, `${method} ${p}`);
    return json as T;
  }

  get<T = any>(p: string) { return this.call<T>('GET', p); }
  post<T = any>(p: string, body?: unknown) { return this.call<T>('POST', p, body ?? {}); }
  patch<T = any>(p: string, body?: unknown) { return this.call<T>('PATCH', p, body ?? {}); }

  // --- auth ---
  async register(email: string, password: string, name: string): Promise<User> {
    return this.post('/api/auth/register', { email, password, name });
  }
  async login(email: string, password: string): Promise<User> {
    return this.post('/api/auth/login', { email, password });
  }
  async logout(): Promise<void> { await this.post('/api/auth/logout'); }
  me() { return this.get('/api/auth/me'); }

  // --- teams, projects, members, keys ---
  createTeam(name: string): Promise<Team> { return this.post('/api/teams', { name }); }
  createProject(teamId: string, name: string): Promise<Project> { return this.post('/api/projects', { teamId, name }); }
  invite(teamId: string, email: string, role: 'admin' | 'member' | 'viewer') {
    return this.post('/api/team-members', { teamId, email, role });
  }
  myInvitations(): Promise<{ data: any[] }> { return this.get('/api/invitations'); }
  acceptInvitation(id: string) { return this.post(`/api/invitations/${id}/accept`); }
  /** Accepts with the invitation link's token (the last part of its inviteUrl). */
  acceptInvitationLink(inviteUrl: string) {
    return this.post('/api/invitations/accept', { token: inviteUrl.slice(inviteUrl.lastIndexOf('/') + 1) });
  }
  members(teamId: string): Promise<{ data: any[] }> { return this.get(`/api/team-members?teamId=${teamId}`); }
  createApiKey(projectId: string, name: string, role?: string): Promise<{ id: string; key: string }> {
    return this.post('/api/api-keys', role ? { projectId, name, role } : { projectId, name });
  }

  // --- runs, tests, artifacts ---
  createRun(projectId: string, fields: Record<string, unknown> = {}): Promise<Run> {
    return this.post('/api/runs', { projectId, status: 'running', ...fields });
  }
  finishRun(runId: string, fields: Record<string, unknown>) { return this.patch(`/api/runs/${runId}`, fields); }
  addTests(runId: string, projectId: string, tests: Record<string, unknown>[]): Promise<{ data: TestResult[]; count: number }> {
    return this.post('/api/tests/batch', { runId, projectId, tests });
  }
  async upload(args: { file: string; type: 'screenshot' | 'video' | 'trace' | 'report'; runId: string; projectId: string; testId?: string; mime?: string }): Promise<Artifact> {
    const fd = new FormData();
    const data = fs.readFileSync(args.file);
    fd.append('file', new Blob([data], { type: args.mime ?? 'application/octet-stream' }), path.basename(args.file));
    fd.append('type', args.type);
    fd.append('runId', args.runId);
    fd.append('projectId', args.projectId);
    if (args.testId) fd.append('testId', args.testId);
    return this.call('POST', '/api/upload', fd);
  }
  artifacts(runId: string, testId?: string): Promise<{ data: Artifact[] }> {
    return this.get(`/api/artifacts?runId=${runId}${testId ? `&testId=${testId}` : ''}`);
  }
  quarantine(projectId: string, testId: string, isQuarantined: boolean) {
    return this.post('/api/flakiness', { projectId, testId, isQuarantined });
  }
  flakiness(projectId: string): Promise<{ data: any[]; summary: any }> {
    return this.get(`/api/flakiness?projectId=${projectId}&limit=200`);
  }
}
