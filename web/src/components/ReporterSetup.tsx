// How to point Playwright at this server: the reporter in playwright.config and the
// environment CI sets, with this server's address (and the new key, when there is one).
import { CopyButton } from './Buttons';

export function reporterSnippet(origin: string, apiKey?: string): string {
  return [
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
      <p class="small">
        Install the reporter in your Playwright project (<code>npm install --save-dev</code> the{' '}
        <code>packaging/playwright-reporter</code> folder of Euriqa's source), then:
      </p>
      <pre data-testid={`${testid}-snippet`}>{text}</pre>
      <CopyButton text={text} testid={`${testid}-copy`} label="Copy setup" />
    </div>
  );
}
