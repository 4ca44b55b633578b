import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';
import { LinkRejection } from '../links/LinkDialog';

/** Everything the user should know about right now, above the workspace. */
export function Banners() {
  return (
    <div className="banners">
      <Notices />
      <BudgetBanner />
      <LinkRejection />
      <DialError />
      <ActionError />
    </div>
  );
}

function Notices() {
  const notices = useStore(useShallow((s) => s.snapshot?.notices ?? []));
  const dismiss = useStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <section aria-label="Notices" className="notices">
      {notices.map((notice) => (
        <div key={notice.id} role={notice.level === 'info' ? 'status' : 'alert'} className={`alert ${notice.level}`}>
          <span>{notice.message}</span>
          <button type="button" onClick={() => void dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}

function BudgetBanner() {
  const message = useStore((s) => s.snapshot?.budget.throttled?.message);
  if (!message) return null;
  return (
    <div role="status" aria-label="Request budget" className="alert warning">
      {message}
    </div>
  );
}

function DialError() {
  const error = useStore((s) => s.dialError);
  if (!error) return null;
  return (
    <div role="alert" className="alert error">
      {error}
    </div>
  );
}

function ActionError() {
  const error = useStore((s) => s.actionError);
  const clear = useStore((s) => s.clearActionError);
  if (!error) return null;
  return (
    <div role="alert" className="alert error">
      <span>{error.message}</span>
      <button type="button" onClick={clear}>
        Dismiss
      </button>
    </div>
  );
}
