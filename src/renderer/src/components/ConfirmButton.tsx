import { useEffect, useId, useRef, useState } from 'react';

/**
 * A destructive action behind a second, explicit click. Inline rather than `window.confirm`, so
 * it stays keyboard- and screen-reader-friendly and testable by role.
 */
export function ConfirmButton(props: { label: string; question: string; confirmLabel: string; onConfirm(): void; className?: string }) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  // Set when the question is closed with Cancel/Escape: focus goes back to the trigger once it is back.
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      triggerRef.current?.focus();
    }
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" ref={triggerRef} className={props.className} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  const close = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  return (
    <span
      role="alertdialog"
      aria-labelledby={questionId}
      className="confirm-inline"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          close();
        }
      }}
    >
      <span id={questionId}>{props.question}</span>
      <button
        type="button"
        ref={confirmRef}
        className="danger"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </span>
  );
}
