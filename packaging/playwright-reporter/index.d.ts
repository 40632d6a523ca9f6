import type { Reporter, FullConfig, Suite, TestCase, TestResult, FullResult, TestError } from '@playwright/test/reporter';

export interface EuriqaReporterOptions {
  /** Server base URL; default EURIQA_URL. */
  url?: string;
  /** Project API key; default EURIQA_API_KEY. */
  apiKey?: string;
  /** Project id; default EURIQA_PROJECT_ID, else the key's project. */
  projectId?: string;
  /** Run title; default EURIQA_RUN_TITLE. */
  runTitle?: string;
  /** Run tags; default EURIQA_RUN_TAGS (comma-separated). */
  tags?: string[];
  /** Send a batch when this many tests wait (1–1000, default 50). */
  batchSize?: number;
  /** …or after this long (default 2000 ms). */
  flushIntervalMs?: number;
  /** Longest wait at onEnd for everything to be sent (default 30000 ms). */
  flushTimeoutMs?: number;
  /** Per-request timeout (default 10000 ms). */
  requestTimeoutMs?: number;
  /** Attempts per request on network errors, timeouts and 5xx (default 5). */
  maxAttempts?: number;
  /** Upload screenshots, videos and traces (default true). */
  uploadArtifacts?: boolean;
  /** Parallel uploads (default 2). */
  uploadConcurrency?: number;
  /** Playwright HTML report directory to upload zipped as the run's report. */
  htmlReport?: string;
  /** Where to write, as a Playwright JSON report, what could not be sent. */
  outputFile?: string;
  /** Pass the run when every failure is a quarantined test (default false). */
  quarantine?: boolean;
  /** Default true; EURIQA_ENABLED=0 turns the reporter off. */
  enabled?: boolean;
}

declare class EuriqaReporter implements Reporter {
  constructor(options?: EuriqaReporterOptions);
  printsToStdio(): boolean;
  onBegin(config: FullConfig, suite: Suite): void;
  onError(error: TestError): void;
  onTestEnd(test: TestCase, result: TestResult): void;
  onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined | void>;
  onExit(): Promise<void>;
}

export default EuriqaReporter;
export { EuriqaReporter };
