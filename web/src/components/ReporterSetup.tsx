// How to point Playwright at this server: install the reporter from this server's own
// download (so CI needs no registry for it), the reporter in playwright.config and the
// environment CI sets, with this server's address (and the new key, when there is one).
import { CopyButton } from './Buttons';

/** The reporter package as this server serves it (contract §16: docs/contract.md). */
export function installCommand(origin: string): string {
  return `npm install --save-dev ${origin}/downloads/playwright-reporter.tgz`;
}

export function reporterSnippet(origin: string, apiKey?: string): string {
  return [
    '# in your Playwright project',
    installCommand(origin),
    '',
    '// playwright.config.ts',
    "reporter: [['list'], ['@euriqa/playwright-reporter', { url: '" + origin + "' }]],",
    '',
    '# in CI (a secret, not in the repository)',
    `EURIQA_API_KEY=${apiKey ?? '<an API key of this project>'}`,
  ].join('\n');
}

export function ReporterSetup({ apiKey, testid = 'reporter-setup' }: { apiKey?: string; testid?: string }) {
  const text = reporterSnippet(location.origin, apiKey);
  return (
    <div class="reporter-setup" data-testid={testid}>
      <p class="small">Install the reporter from this server into your Playwright project, then configure it:</p>
      <pre data-testid={`${testid}-snippet`}>{text}</pre>
      <CopyButton text={text} testid={`${testid}-copy`} label="Copy setup" />
    </div>
  );
}

/** One line with the install command, for pages that show the rest elsewhere. */
export function ReporterInstall({ testid = 'reporter-install' }: { testid?: string }) {
  const command = installCommand(location.origin);
  return (
    <p class="muted small reporter-install" data-testid={testid}>
      Playwright reporter, served by this server: <code data-testid={`${testid}-command`}>{command}</code>{' '}
      <CopyButton text={command} testid={`${testid}-copy`} />
    </p>
  );
}
