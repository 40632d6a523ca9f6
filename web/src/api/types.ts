// Shapes of the public API's resources (docs/openapi.yaml; contract in docs/contract.md).

export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export type RunStatus = 'running' | 'passed' | 'failed' | 'cancelled';
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'flaky';
export type AnyStatus = RunStatus | TestStatus;

export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  createdAt: string;
}

export interface Me extends User {
  teams: { id: string; name: string; role: Role }[];
}

export interface Team {
  id: string;
  name: string;
  createdAt: string;
}

export interface Project {
  id: string;
  name: string;
  teamId: string;
  createdAt: string;
  updatedAt: string;
}

export interface Run {
  id: string;
  projectId: string;
  status: RunStatus;
  branch: string | null;
  commitSha: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
  ciProvider: string | null;
  ciBuildId: string | null;
  ciBuildUrl: string | null;
  playwrightVersion: string | null;
  workers: number | null;
  shardCurrent: number | null;
  shardTotal: number | null;
  browser: string | null;
  os: string | null;
  viewport: string | null;
  hostname: string | null;
  totalTests: number;
  passedTests: number;
  failedTests: number;
  skippedTests: number;
  flakyTests: number;
  passRate: number | null;
  duration: number | null;
  runTitle: string | null;
  tags: string[] | null;
  grepPatterns: string[] | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  /** GET /api/runs/:id only: what changed since the branch's previous run. */
  comparison?: ComparisonSummary;
}

/** A test of a comparison (contract §14), matched by logical test. */
export interface ComparedTest {
  testId: string;
  fullTitle: string;
  filePath: string | null;
  status: TestStatus;
  baseStatus: TestStatus | null;
}

export type ComparisonBase = { runId: string } | { ciBuildId: string } | null;

export interface Comparison {
  base: ComparisonBase;
  newFailures: ComparedTest[];
  stillFailing: ComparedTest[];
  fixed: ComparedTest[];
  newTests: ComparedTest[];
}

export interface ComparisonSummary {
  base: ComparisonBase;
  newFailures: number;
  newFailureTests: ComparedTest[];
}

/** A run's failures with one error signature (contract §13). */
export interface RunFailureGroup {
  signature: string;
  message: string;
  count: number;
  tests: { id: string; title: string; fullTitle: string; filePath: string | null; status: TestStatus }[];
}

/** A project's failures with one error signature over a period (contract §13). */
export interface ProjectFailureGroup {
  signature: string;
  message: string;
  occurrences: number;
  tests: number;
  runs: number;
  firstSeen: string;
  lastSeen: string;
  newestTestId: string;
  trendStart: string;
  trend: number[];
}

/** The runs of a project sharing ciBuildId (contract §14). */
export interface Build {
  ciBuildId: string;
  projectId: string;
  branch: string | null;
  commitSha: string | null;
  commitMessage: string | null;
  status: RunStatus;
  shards: { runId: string; shardCurrent: number | null; shardTotal: number | null; status: RunStatus; totalTests: number; duration: number | null }[];
  totalTests: number;
  passedTests: number;
  failedTests: number;
  skippedTests: number;
  flakyTests: number;
  passRate: number | null;
  duration: number | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface TestError {
  message?: string | null;
  stack?: string | null;
  expected?: unknown;
  actual?: unknown;
  [k: string]: unknown;
}

export interface Annotation {
  type: string;
  description?: string | null;
}

export interface TestResult {
  id: string;
  runId: string;
  projectId: string;
  suiteId: string | null;
  title: string;
  fullTitle: string;
  filePath: string | null;
  lineNumber: number | null;
  status: TestStatus;
  duration: number;
  retries: number | null;
  attempt: number | null;
  isFlaky: boolean;
  tags: string[] | null;
  annotations: Annotation[] | null;
  error: TestError | null;
  errorSignature: string | null;
  stdout?: string | null;
  stderr?: string | null;
  createdAt: string;
}

export interface Step {
  title: string;
  category?: string | null;
  status?: string | null;
  duration?: number | null;
  error?: TestError | null;
  steps?: Step[] | null;
}

export interface HistoryEntry {
  id: string;
  runId: string;
  status: TestStatus;
  duration: number;
  branch: string | null;
  commitSha: string | null;
  createdAt: string;
}

export interface Suite {
  id: string;
  title: string;
  filePath: string | null;
  parentSuiteId: string | null;
  children: Suite[];
}

export type ArtifactType = 'screenshot' | 'video' | 'trace' | 'report';

export interface Artifact {
  id: string;
  type: ArtifactType;
  fileName: string;
  fileSize: number;
  mimeType: string;
  url: string;
  /** HTML reports only: where the report opens in the browser (signed, sandboxed). */
  viewUrl?: string;
  expiresAt: string;
  createdAt: string;
  projectId: string;
  runId: string;
  testId: string | null;
}

export interface FlakyTest {
  testId: string;
  testTitle: string;
  fullTitle: string;
  filePath: string | null;
  flakinessScore: number;
  totalRuns: number;
  flakyRuns: number;
  lastFlakyAt: string | null;
  isQuarantined: boolean;
  quarantinedAt: string | null;
  quarantinedBy?: { id: string; name: string | null } | null;
  reason?: string | null;
  issueUrl?: string | null;
  expiresAt?: string | null;
}

/** A quarantine's terms (contract §15); `quarantinedBy` null when automatic. */
export interface QuarantineTerms {
  quarantinedBy: { id: string; name: string | null } | null;
  reason: string | null;
  issueUrl: string | null;
  expiresAt: string | null;
  since: string | null;
}

export interface QuarantinedTest extends QuarantineTerms {
  testId: string;
  title: string;
  fullTitle: string;
  filePath: string | null;
}

export interface QuarantineEvent {
  testId: string;
  fullTitle: string;
  action: 'quarantined' | 'unquarantined' | 'expired' | 'auto';
  by: { id: string; name: string | null } | null;
  reason: string | null;
  at: string;
}

/** One logical test across runs in a window (GET /api/test-cases). */
export interface TestCase {
  testId: string;
  filePath: string | null;
  fullTitle: string;
  runs: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  failureRate: number | null;
  flakyRate: number | null;
  avgDuration: number | null;
  p95Duration: number | null;
  lastStatus: TestStatus;
  lastSeen: string;
  quarantined: boolean;
}

export type TestCaseSort = 'failureRate' | 'flakyRate' | 'p95Duration' | 'avgDuration' | 'runs' | 'lastSeen' | 'fullTitle';

export interface TrendDay {
  date: string;
  runs: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  avgDuration: number | null;
  p95Duration: number | null;
}

export interface FlakinessPage extends Page<FlakyTest> {
  summary: { totalFlakyTests: number; quarantinedTests: number; averageFlakinessScore: number };
}

export interface Settings {
  projectId: string;
  dataRetentionDays: number;
  flakinessThreshold: number;
  autoQuarantineEnabled: boolean;
  updatedAt: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  projectId: string;
  maskedKey: string;
  role: Role;
  isActive: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt?: string | null;
  key?: string; // only in the creation response
}

export type WebhookEvent = 'run.completed' | 'run.failed';

export interface Webhook {
  id: string;
  projectId: string;
  url: string;
  events: WebhookEvent[];
  headers: Record<string, string> | null;
  hasSecret: boolean;
  isActive: boolean;
  createdAt: string;
  updatedAt: string | null;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  durationMs: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string | null;
}

export interface Member {
  id: string;
  userId: string;
  teamId: string;
  role: Role;
  name: string | null;
  email: string;
  avatarUrl: string | null;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  teamId: string;
  teamName: string | null;
  email: string;
  role: Role;
  status: string;
  invitedBy: string | null;
  expiresAt: string;
  createdAt: string;
  /** Only in the answer to an invite: the link, shown once. */
  inviteUrl?: string;
  emailSent?: boolean;
}

/** What an invitation link shows before anyone signs in. */
export interface InvitationPreview {
  teamName: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: string;
}

export interface ServerInfo {
  version: string;
  signup: 'open' | 'invite-only' | 'closed';
  emailEnabled: boolean;
  /** The request carried a valid session cookie. */
  signedIn: boolean;
  /** No account exists yet: the first visitor creates it. */
  firstAccount: boolean;
}

export interface SessionInfo {
  id: string;
  userAgent: string | null;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface ResetLink {
  memberId: string;
  email: string;
  resetUrl: string;
  expiresAt: string;
}

export interface RunFailureEmail {
  id: string;
  projectId: string;
  branch: string | null;
  createdAt: string;
}

/** GET /api/runs/:id/rows: every result of a run, one array per result in `fields` order. */
export interface RunRows {
  runId: string;
  total: number;
  fields: string[];
  rows: (string | number | null)[][];
}
