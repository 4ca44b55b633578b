import { useId, useState, type FormEvent } from 'react';
import type { ConnectionSummary } from '../../../../shared/domain';
import type { ConnectionDraft } from '../../../../shared/ipc/contract';
import { CUSTOM_REGION_ID, REGIONS } from '../../../../shared/regions';
import type { FieldIssue, Result } from '../../../../shared/result';
import { copyText } from '../../components/clipboard';
import { useStore } from '../../store';

type Method = ConnectionDraft['method'];

interface Fields {
  name: string;
  region: string;
  customHost: string;
  method: Method;
  clientId: string;
  clientSecret: string;
}

function initialFields(editing: ConnectionSummary | undefined): Fields {
  return {
    name: editing?.name ?? '',
    region: editing?.region ?? 'us_east_1',
    customHost: editing?.customHost ?? '',
    method: editing?.method === 'pkce' ? 'pkce' : 'clientCredentials',
    clientId: editing?.clientId ?? '',
    clientSecret: '',
  };
}

/** The draft main receives. The secret is sent only when typed: empty keeps the stored one. */
function toDraft(fields: Fields, savedId: string | undefined): ConnectionDraft {
  const draft: ConnectionDraft = {
    name: fields.name.trim(),
    region: fields.region,
    method: fields.method,
    clientId: fields.clientId.trim(),
  };
  if (savedId) draft.id = savedId;
  if (fields.region === CUSTOM_REGION_ID) draft.customHost = fields.customHost.trim();
  if (fields.method === 'clientCredentials' && fields.clientSecret !== '') draft.clientSecret = fields.clientSecret;
  return draft;
}

export function ConnectionForm({ editing, onDone, onCancel }: { editing?: ConnectionSummary; onDone(): void; onCancel(): void }) {
  const [fields, setFields] = useState<Fields>(() => initialFields(editing));
  // Once saved (even if signing in then failed), the form edits that connection: a retry must not add a second one.
  const [savedId, setSavedId] = useState<string | undefined>(editing?.id);
  const [showSecret, setShowSecret] = useState(false);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [error, setError] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const redirectUri = useStore((s) => s.snapshot?.pkceRedirectUri ?? '');
  const testConnection = useStore((s) => s.testConnection);
  const saveAndSignIn = useStore((s) => s.saveAndSignIn);
  const id = useId();

  const update = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((current) => ({ ...current, [key]: value }));

  /** On failure keep everything typed except the secret, which must not linger in the page. */
  const settle = <T,>(result: Result<T>): result is { ok: true; value: T } => {
    if (result.ok) {
      setError(null);
      return true;
    }
    setError({ message: result.message, issues: result.issues ?? [] });
    setFields((current) => ({ ...current, clientSecret: '' }));
    setShowSecret(false);
    return false;
  };

  const onTest = async () => {
    setBusy('test');
    setTested(null);
    const result = await testConnection(toDraft(fields, savedId));
    setBusy(null);
    if (settle(result)) setTested(`Connection works: org ${result.value.orgName}, signed in as ${result.value.principal}.`);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    setTested(null);
    const result = await saveAndSignIn(toDraft(fields, savedId), (saved) => setSavedId(saved.id));
    setBusy(null);
    if (settle(result)) onDone();
  };

  const issueFor = (path: string) => error?.issues.find((issue) => issue.path === path || issue.path.endsWith(`.${path}`))?.message;
  const fieldProps = (path: keyof ConnectionDraft) => {
    const issue = issueFor(path);
    return issue ? { 'aria-invalid': true, 'aria-describedby': `${id}-${path}-issue` } : {};
  };
  const issueText = (path: keyof ConnectionDraft) => {
    const issue = issueFor(path);
    return issue ? (
      <span id={`${id}-${path}-issue`} className="field-issue">
        {issue}
      </span>
    ) : null;
  };

  const hasRegion = REGIONS.some((region) => region.id === fields.region) || fields.region === CUSTOM_REGION_ID;

  return (
    <form className="connection-form card" aria-label={editing ? `Edit ${editing.name}` : 'New connection'} noValidate onSubmit={(event) => void onSubmit(event)}>
      <h2>{editing ? `Edit ${editing.name}` : 'Connect to your org'}</h2>

      <div className="field">
        <label htmlFor={`${id}-name`}>Connection name</label>
        <input id={`${id}-name`} type="text" value={fields.name} onChange={(e) => update('name', e.target.value)} autoComplete="off" {...fieldProps('name')} />
        {issueText('name')}
      </div>

      <div className="field">
        <label htmlFor={`${id}-region`}>Region</label>
        <select id={`${id}-region`} value={fields.region} onChange={(e) => update('region', e.target.value)} {...fieldProps('region')}>
          {!hasRegion && <option value={fields.region}>{fields.region}</option>}
          {REGIONS.map((region) => (
            <option key={region.id} value={region.id}>
              {region.label}
            </option>
          ))}
          <option value={CUSTOM_REGION_ID}>Custom host (testing, demo org, gateway)</option>
        </select>
        {issueText('region')}
      </div>

      {fields.region === CUSTOM_REGION_ID && (
        <div className="field">
          <label htmlFor={`${id}-host`}>Custom host</label>
          <input id={`${id}-host`} type="text" value={fields.customHost} onChange={(e) => update('customHost', e.target.value)} placeholder="127.0.0.1:8443" autoComplete="off" {...fieldProps('customHost')} />
          {issueText('customHost')}
        </div>
      )}

      <fieldset role="radiogroup" aria-label="Sign-in method">
        <legend>Sign-in method</legend>
        <label className="inline">
          <input type="radio" name={`${id}-method`} value="clientCredentials" checked={fields.method === 'clientCredentials'} onChange={() => update('method', 'clientCredentials')} />
          Client credentials
        </label>
        <label className="inline">
          <input type="radio" name={`${id}-method`} value="pkce" checked={fields.method === 'pkce'} onChange={() => update('method', 'pkce')} />
          Browser sign-in (PKCE)
        </label>
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-client`}>Client ID</label>
        <input id={`${id}-client`} type="text" value={fields.clientId} onChange={(e) => update('clientId', e.target.value)} autoComplete="off" spellCheck={false} {...fieldProps('clientId')} />
        {issueText('clientId')}
      </div>

      {fields.method === 'clientCredentials' ? (
        <div className="secret-field">
          <div className="field">
            <label htmlFor={`${id}-secret`}>Client secret</label>
            <input
              id={`${id}-secret`}
              type={showSecret ? 'text' : 'password'}
              value={fields.clientSecret}
              onChange={(e) => update('clientSecret', e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder={editing?.hasSecret ? 'Leave empty to keep the stored secret' : ''}
              {...fieldProps('clientSecret')}
            />
            {issueText('clientSecret')}
          </div>
          <button type="button" aria-pressed={showSecret} onClick={() => setShowSecret((shown) => !shown)}>
            Show secret
          </button>
          {editing?.hasSecret && <p className="muted">A secret is stored. Type a new one only to replace it.</p>}
        </div>
      ) : (
        <div className="redirect-uri">
          <p>
            Register this redirect URI on the OAuth client: <code>{redirectUri}</code>
          </p>
          <button
            type="button"
            onClick={() => {
              void copyText(redirectUri).then(setCopied);
            }}
          >
            Copy redirect URI
          </button>
          {copied && <span role="status">Copied</span>}
        </div>
      )}

      {error && (
        <div role="alert" className="alert error">
          {error.message}
        </div>
      )}
      {busy && (
        <p role="status" className="muted">
          {busy === 'test' ? 'Testing the connection…' : 'Saving and signing in…'}
        </p>
      )}
      {tested && (
        <p role="status" className="success">
          {tested}
        </p>
      )}

      <div className="actions">
        <button type="button" onClick={() => void onTest()} disabled={busy !== null}>
          Test connection
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          Save and sign in
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
