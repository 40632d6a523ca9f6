// A real SMTP server for the dashboard's email flows: tests/support/smtp_server.py (on
// Debian's python3-aiosmtpd) on a free loopback port, writing each message to a temp
// dir; waitForLink() finds the link a message to an address carries.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './server';

export interface SmtpHandle {
  port: number;
  stop: () => Promise<void>;
  /** The first link containing `marker` in a message to `to`, waiting for it. */
  waitForLink: (to: string, marker: string, timeoutMs?: number) => Promise<string>;
}

// Quoted-printable as the server's messages use it: soft line breaks and =XX bytes.
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

export async function startSmtp(): Promise<SmtpHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'euriqa-e2e-smtp-'));
  const child = spawn('/usr/bin/python3', [path.join(repoRoot, 'tests', 'support', 'smtp_server.py'), '--port', '0', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`SMTP server did not start: ${err}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d.toString();
      const m = out.match(/listening on (\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`SMTP server exited (${code}): ${err}`)));
  });
  child.removeAllListeners('exit');
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const waitForLink = async (to: string, marker: string, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.eml')).sort()) {
        const envelope = fs.readFileSync(path.join(dir, f.replace(/\.eml$/, '.envelope')), 'utf8');
        if (!envelope.toLowerCase().includes(`rcpt to:<${to.toLowerCase()}>`)) continue;
        const text = decodeQuotedPrintable(fs.readFileSync(path.join(dir, f), 'latin1'));
        const link = text.match(new RegExp(`https?://[^\\s"<>]*${marker}[A-Za-z0-9]+`));
        if (link) return link[0];
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail to ${to} with a ${marker} link within ${timeoutMs} ms`);
  };
  return { port, stop, waitForLink };
}
