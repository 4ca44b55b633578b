import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Settings } from '../../../../shared/domain';
import type { Result } from '../../../../shared/result';
import { downloadFile } from '../../components/download';
import { useStore } from '../../store';

export function SettingsView() {
  const settings = useStore((s) => s.snapshot?.settings);
  if (!settings) return null;
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <Group title="Dialing">
        <TextSetting
          label="Default country"
          hint="Two-letter country code (ISO 3166) for numbers typed without a country code, e.g. GB or US."
          value={settings.defaultCountry}
          toPatch={(text) => ({ defaultCountry: text.trim().toUpperCase() })}
        />
        <FavoriteNumbersSetting />
      </Group>
      <Group title="Window and start-up">
        <ToggleSetting label="Close to tray" checked={settings.closeToTray} patch={(checked) => ({ closeToTray: checked })} />
        <ToggleSetting label="Start at login" checked={settings.startAtLogin} patch={(checked) => ({ startAtLogin: checked })} />
        <ToggleSetting label="Start hidden" checked={settings.startHidden} disabled={!settings.startAtLogin} patch={(checked) => ({ startHidden: checked })} />
        <ToggleSetting label="Show notifications" checked={settings.notifications} patch={(checked) => ({ notifications: checked })} />
      </Group>
      <Group title="Global shortcut">
        <TextSetting
          label="Global shortcut"
          hint="Opens quick-dial with the clipboard's number, e.g. CommandOrControl+Shift+D. Leave empty for none."
          value={settings.globalShortcut ?? ''}
          toPatch={(text) => ({ globalShortcut: text.trim() === '' ? null : text.trim() })}
        />
        <ShortcutStatus />
      </Group>
      <Group title="Phone links">
        <HandlerStatus />
      </Group>
      <Group title="Audit trail">
        <AuditExport />
      </Group>
    </section>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="settings-group card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function useSave() {
  const updateSettings = useStore((s) => s.updateSettings);
  const [error, setError] = useState<string | null>(null);
  const save = async (patch: Partial<Settings>): Promise<boolean> => {
    const result: Result<Settings> = await updateSettings(patch);
    setError(result.ok ? null : result.message);
    return result.ok;
  };
  const errorView = error ? (
    <p role="alert" className="alert error">
      {error}
    </p>
  ) : null;
  return { save, errorView };
}

function ToggleSetting(props: { label: string; checked: boolean; disabled?: boolean; patch(checked: boolean): Partial<Settings> }) {
  const { save, errorView } = useSave();
  return (
    <div className="setting">
      <label className="inline">
        <input type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(event) => void save(props.patch(event.target.checked))} />
        {props.label}
      </label>
      {errorView}
    </div>
  );
}

/** Saved on Enter or when focus leaves, so half-typed values are not pushed on every key. */
function TextSetting(props: { label: string; hint: string; value: string; toPatch(text: string): Partial<Settings> }) {
  const [draft, setDraft] = useState<string | null>(null);
  const { save, errorView } = useSave();
  const id = useId();
  const commit = async () => {
    if (draft === null || draft === props.value) {
      setDraft(null);
      return;
    }
    if (await save(props.toPatch(draft))) setDraft(null);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void commit();
  };
  return (
    <form className="setting" onSubmit={onSubmit}>
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="text" value={draft ?? props.value} aria-describedby={`${id}-hint`} onChange={(event) => setDraft(event.target.value)} onBlur={() => void commit()} />
      <p id={`${id}-hint`} className="muted">
        {props.hint}
      </p>
      {errorView}
    </form>
  );
}

function ShortcutStatus() {
  const shortcut = useStore((s) => s.snapshot?.shell.shortcut);
  if (!shortcut) return <p className="muted">No global shortcut is set.</p>;
  return shortcut.registered ? (
    <p className="success">{shortcut.accelerator} is registered and works from any app.</p>
  ) : (
    <p role="alert" className="alert warning">
      {shortcut.accelerator} could not be registered{shortcut.problem ? `: ${shortcut.problem}` : '.'}
    </p>
  );
}

function HandlerStatus() {
  const handlers = useStore(useShallow((s) => s.snapshot?.shell.protocolHandlers ?? []));
  const help = useStore(useShallow((s) => s.snapshot?.shell.handlerHelp ?? []));
  const makeDefault = useStore((s) => s.makeDefaultHandler);
  return (
    <>
      <ul aria-label="Link handlers" className="plain">
        {handlers.map((handler) => (
          <li key={handler.scheme}>
            {handler.scheme}: links —{' '}
            {handler.isDefault === true ? 'this app opens them' : handler.isDefault === false ? 'another app opens them' : 'the system cannot tell which app opens them'}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void makeDefault()}>
        Make this app the default for tel: links
      </button>
      {help.length > 0 && (
        <>
          <p>If links still open another app:</p>
          <ol aria-label="How to make this app the default">
            {help.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function FavoriteNumbersSetting() {
  const favorites = useStore(useShallow((s) => s.snapshot?.settings.favoriteNumbers ?? []));
  const add = useStore((s) => s.addFavoriteNumber);
  const remove = useStore((s) => s.removeFavoriteNumber);
  const [label, setLabel] = useState('');
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await add(label, number);
    if (result.ok) {
      setLabel('');
      setNumber('');
      setError(null);
    } else setError(result.message);
  };

  return (
    <div className="setting">
      <h4>Favourite numbers</h4>
      {favorites.length === 0 ? (
        <p className="muted">No favourite numbers yet. They appear in the dialer and the tray menu.</p>
      ) : (
        <ul aria-label="Favourite numbers" className="plain">
          {favorites.map((favorite) => (
            <li key={favorite.e164}>
              {favorite.label} — {favorite.e164}{' '}
              <button
                type="button"
                onClick={() => {
                  void remove(favorite.e164).then((result) => setError(result.ok ? null : result.message));
                }}
              >
                Remove {favorite.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" aria-label="Add a favourite number" onSubmit={(event) => void onSubmit(event)}>
        <label className="inline">
          Label
          <input type="text" value={label} onChange={(event) => setLabel(event.target.value)} />
        </label>
        <label className="inline">
          Favourite number
          <input type="tel" value={number} onChange={(event) => setNumber(event.target.value)} />
        </label>
        <button type="submit">Add favourite</button>
      </form>
      {error && (
        <p role="alert" className="alert error">
          {error}
        </p>
      )}
    </div>
  );
}

function AuditExport() {
  const exportAudit = useStore((s) => s.exportAudit);
  return (
    <>
      <p className="muted">Every call placed on someone's behalf: when, by whom, from which agent, to which number, and how it ended.</p>
      <button
        type="button"
        onClick={() => {
          void exportAudit().then((result) => {
            if (result.ok) downloadFile(result.value);
          });
        }}
      >
        Export audit trail
      </button>
    </>
  );
}
