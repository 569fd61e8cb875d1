/**
 * A short notice at the foot of the window, with one action (Undo) for a few seconds. It stays
 * while the pointer or the keyboard is on it, so no one has to race the clock to use the action;
 * a new notice takes the place of the last. The region is always in the page, so screen readers
 * announce each notice as it appears.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ToastSpec {
  text: string;
  action?: { label: string; run: () => void };
}

interface Shown extends ToastSpec {
  key: number;
}

const SHOWN_MS = 8_000;

const ToastContext = createContext<((toast: ToastSpec) => void) | null>(null);

/** Shows a notice; outside a ToastProvider (a component tested alone) it is dropped. */
export function useToast(): (toast: ToastSpec) => void {
  return useContext(ToastContext) ?? noToast;
}

function noToast(): void {}

export function ToastProvider(props: { children: ReactNode }) {
  const [toast, setToast] = useState<Shown | null>(null);
  const counter = useRef(0);
  const show = useCallback((next: ToastSpec) => setToast({ ...next, key: ++counter.current }), []);
  return (
    <ToastContext.Provider value={show}>
      {props.children}
      <ToastRegion toast={toast} onDone={() => setToast(null)} />
    </ToastContext.Provider>
  );
}

function ToastRegion(props: { toast: Shown | null; onDone: () => void }) {
  const { toast, onDone } = props;
  const [held, setHeld] = useState(false);
  const regionRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!toast || held) return;
    const timer = setTimeout(onDone, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [toast, held, onDone]);
  const action = toast?.action;
  const dismiss = useMemo(() => () => {
    // Focus on a button that disappears would fall to the page's start: keep it near.
    if (regionRef.current?.contains(document.activeElement)) document.getElementById('content')?.focus({ preventScroll: true });
    setHeld(false);
    onDone();
  }, [onDone]);
  return (
    <div
      ref={regionRef}
      className="toast-region"
      role="status"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setHeld(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && toast) {
          e.stopPropagation();
          dismiss();
        }
      }}
    >
      {toast && (
        <div className="toast" key={toast.key}>
          <p className="toast-text">{toast.text}</p>
          {action && (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                dismiss();
                action.run();
              }}
            >
              {action.label}
            </button>
          )}
          <button type="button" className="toast-close quiet-button" aria-label="Dismiss this notice" onClick={dismiss}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}
