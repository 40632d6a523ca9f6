// Small button helpers: copy to clipboard, and a two-step confirm for destructive
// actions (no window.confirm, so tests and keyboard users see a normal button).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useSubmit } from '../lib/useSubmit';
import { FormError } from './States';

export function CopyButton({ text, testid = 'copy', label = 'Copy' }: { text: string; testid?: string; label?: string }) {
  const [done, setDone] = useState<'' | 'ok' | 'fail'>('');
  return (
    <button
      type="button"
      class="btn btn-sm"
      data-testid={testid}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone('ok');
        } catch {
          // Clipboard API needs a secure context; fall back to a selection copy.
          const ta = document.createElement('textarea');
          ta.value = text;
          document.body.appendChild(ta);
          ta.select();
          const ok = document.execCommand('copy');
          ta.remove();
          setDone(ok ? 'ok' : 'fail');
        }
        setTimeout(() => setDone(''), 2000);
      }}
    >
      {done === 'ok' ? 'Copied' : done === 'fail' ? 'Select and copy' : label}
    </button>
  );
}

interface ConfirmProps {
  onConfirm: () => void | Promise<void>;
  children: ComponentChildren;
  confirmLabel?: string;
  question?: string;
  testid?: string;
  disabled?: boolean;
}

/** First click asks "Sure?" with Confirm (data-testid="confirm") and Cancel. */
export function ConfirmButton({ onConfirm, children, confirmLabel = 'Delete', question = 'Are you sure?', testid, disabled }: ConfirmProps) {
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useSubmit();
  if (!asking)
    return (
      <button type="button" class="btn btn-sm btn-danger-quiet" data-testid={testid} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="muted">{question}</span>
      <button
        type="button"
        class="btn btn-sm btn-danger"
        data-testid="confirm"
        disabled={busy}
        ref={(el) => el?.focus()}
        onClick={async () => {
          if (await run(async () => onConfirm())) setAsking(false);
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="btn btn-sm" data-testid="cancel" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error ? <FormError error={error} /> : null}
    </span>
  );
}
