/**
 * The unlocked app: navigation (Journal, Look back, People, Search, Settings), "New entry" and "Lock"
 * always reachable, keyboard paths (Ctrl/Cmd+N, K, L — and the Electron menu's same commands),
 * auto-lock after idle, and saving unsaved words before the page goes away or the journal locks.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { call, setUnloading } from '../../lib/api';
import { useJournalCacheLifetime, useJournalQuery } from '../../lib/data';
import { ToastProvider } from '../../components/Toast';
import { takeDraft, type Draft } from '../../lib/drafts';
import { SessionContext, type SessionActions, type View } from '../../lib/session';
import type { LockCause } from '../../../electron/shared/events';
import { onJournalEvent } from '../../lib/events';
import { shellEvents } from '../../lib/shell';
import { Composer } from '../composer/Composer';
import { Journal } from '../journal/Journal';
import { LookBack } from '../review/LookBack';
import { People } from '../people/People';
import { Search } from '../search/Search';
import { Settings } from '../settings/Settings';

const navItems = [
  { name: 'journal', label: 'Journal' },
  { name: 'lookBack', label: 'Look back' },
  { name: 'people', label: 'People' },
  { name: 'search', label: 'Search' },
  { name: 'settings', label: 'Settings' },
] as const;

const FLUSH_TIMEOUT_MS = 4_000;

export function MainLayout(props: { onLocked: (elsewhere?: boolean, cause?: LockCause, note?: string) => void }) {
  const { onLocked } = props;
  useJournalCacheLifetime();
  // A draft that could not be saved before the last lock opens first, so it gets saved now.
  const [initialDraft] = useState<Draft | null>(() => takeDraft());
  const [view, setView] = useState<View>({ name: 'composer', entryId: initialDraft?.entryId ?? null, key: 0 });
  const flushers = useRef(new Set<() => Promise<unknown>>());
  const locking = useRef(false);
  const held = useRef(false);
  // A lock the journal announced while held: applied when the hold is released.
  const lockedWhileHeld = useRef<{ cause?: LockCause } | null>(null);
  const keyCounter = useRef(1);

  const flushAll = useCallback(async () => {
    const all = [...flushers.current].map((f) => f().catch(() => undefined));
    await Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, FLUSH_TIMEOUT_MS))]);
  }, []);

  /** Saves what is unsaved, then locks. `byItself`: the person did not ask (idle). */
  const lock = useCallback(
    async (byItself = false) => {
      if (locking.current) return;
      locking.current = true;
      await flushAll();
      await call('vault.lock', {});
      onLocked(byItself);
    },
    [flushAll, onLocked],
  );

  const actions = useMemo<SessionActions>(
    () => ({
      navigate: (next) => setView(next),
      newEntry: () => setView({ name: 'composer', entryId: null, key: keyCounter.current++ }),
      openEntry: (id, highlight) => setView({ name: 'composer', entryId: id, key: keyCounter.current++, highlight }),
      lock: () => lock(),
      holdWhileLocked: () => {
        held.current = true;
        lockedWhileHeld.current = null;
        return (note?: string) => {
          if (!held.current) return;
          held.current = false;
          const seen = lockedWhileHeld.current;
          lockedWhileHeld.current = null;
          const goToUnlock = (cause?: LockCause) => {
            if (locking.current) return;
            locking.current = true;
            onLocked(true, cause, note);
          };
          if (seen) return goToUnlock(seen.cause);
          // The event may still be on its way: ask, so no page stays open on a locked journal.
          void call('vault.status', {}).then((r) => {
            if (r.ok && r.value.state !== 'unlocked') goToUnlock('restore');
          });
        };
      },
      registerFlusher: (flush) => {
        flushers.current.add(flush);
        return () => flushers.current.delete(flush);
      },
    }),
    [lock, onLocked],
  );

  // Keyboard paths. Capture phase, so the editor cannot swallow them.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key === 'n') actions.newEntry();
      else if (key === 'k') setView({ name: 'search' });
      else if (key === 'l') void actions.lock();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [actions]);

  // The Electron menu sends the same commands.
  useEffect(() => {
    const events = shellEvents();
    if (!events) return;
    return events.on('menu', (command) => {
      if (command === 'new-entry') actions.newEntry();
      else if (command === 'search') setView({ name: 'search' });
      else if (command === 'lock') void actions.lock();
    });
  }, [actions]);

  // Quitting the app or closing its window: main asks for the last words first (electron/main/quit.ts).
  useEffect(() => shellEvents()?.onFlushRequest(flushAll), [flushAll]);

  // Save before the page is hidden, reloaded or closed.
  useEffect(() => {
    const onHide = () => {
      setUnloading(true);
      void flushAll().finally(() => setUnloading(false));
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') onHide();
    };
    window.addEventListener('pagehide', onHide);
    window.addEventListener('beforeunload', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('beforeunload', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [flushAll]);

  // Auto-lock after the person has been away for the chosen number of minutes (a saved change
  // reaches here through the settings query, which every settings.set marks stale).
  const settings = useJournalQuery('settings.get', {});
  const minutesRef = useRef(10);
  minutesRef.current = settings.data?.autoLockMinutes ?? minutesRef.current;
  useEffect(() => {
    let last = Date.now();
    const activity = () => {
      last = Date.now();
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'focusin'] as const;
    for (const name of events) window.addEventListener(name, activity, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= minutesRef.current * 60_000) void lock(true);
    }, 5_000);
    return () => {
      clearInterval(timer);
      for (const name of events) window.removeEventListener(name, activity, { capture: true });
    };
  }, [lock]);

  // Notice a lock made elsewhere (idle or sleep in the shell, the host, another window, a journal
  // that had to restart) the moment the journal says so, so no page stays open on a locked journal.
  useEffect(() => {
    const lockedElsewhere = (cause?: LockCause) => {
      if (held.current) {
        lockedWhileHeld.current = { cause };
        return;
      }
      if (locking.current) return;
      locking.current = true;
      onLocked(true, cause);
    };
    return onJournalEvent(
      (event) => {
        if (event.name === 'status' && event.detail.state !== 'unlocked') lockedElsewhere(event.detail.cause);
      },
      // The event stream broke for a while: ask once what was missed.
      () =>
        void call('vault.status', {}).then((r) => {
          if (r.ok && r.value.state !== 'unlocked') lockedElsewhere();
        }),
    );
  }, [onLocked]);

  const go = (name: (typeof navItems)[number]['name']) => setView({ name } as View);

  return (
    <SessionContext.Provider value={actions}>
      <ToastProvider>
        <div className="app">
          <a className="skip-link" href="#content">
            Skip to content
          </a>
          <header className="topbar">
            <span className="brand" aria-hidden="true">
              Mutual
            </span>
            <MainNav current={view.name} onGo={go} />
            <div className="topbar-actions">
              <button type="button" className="primary" onClick={actions.newEntry} aria-keyshortcuts="Control+N Meta+N">
                New entry
              </button>
              <button type="button" onClick={() => void actions.lock()} aria-keyshortcuts="Control+L Meta+L">
                Lock
              </button>
            </div>
          </header>
          <main id="content" tabIndex={-1}>
            {view.name === 'composer' && (
              <Composer key={view.key} entryId={view.entryId} draft={view.key === 0 ? initialDraft : null} highlight={view.highlight} />
            )}
            {view.name === 'journal' && <Journal />}
            {view.name === 'lookBack' && <LookBack />}
            {view.name === 'people' && <People personId={view.personId} />}
            {view.name === 'search' && <Search key={view.q ?? ''} q={view.q} />}
            {view.name === 'settings' && <Settings />}
          </main>
        </div>
      </ToastProvider>
    </SessionContext.Provider>
  );
}

/**
 * The views, as a row of buttons where the window is wide enough, and behind one "Menu" button
 * where it is not (both are in the page; the stylesheet shows one), so the top bar stays one row.
 */
function MainNav(props: { current: View['name']; onGo: (name: (typeof navItems)[number]['name']) => void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const currentLabel = navItems.find((i) => i.name === props.current)?.label;

  // The keyboard lands on the view shown now as soon as the menu opens (before the next key).
  useLayoutEffect(() => {
    if (open) listRef.current?.querySelector<HTMLButtonElement>('button[aria-current="page"], button')?.focus();
  }, [open]);

  // Clicking anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!listRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [open]);

  const items = (inMenu: boolean) =>
    navItems.map((item) => (
      <li key={item.name}>
        <button
          type="button"
          className="nav-item"
          aria-current={props.current === item.name ? 'page' : undefined}
          onClick={() => {
            if (inMenu) {
              setOpen(false);
              buttonRef.current?.focus();
            }
            props.onGo(item.name);
          }}
        >
          {item.label}
        </button>
      </li>
    ));

  return (
    <>
      <nav aria-label="Main" className="nav-wide">
        <ul>{items(false)}</ul>
      </nav>
      <nav
        aria-label="Main menu"
        className="nav-narrow"
        // Escape closes the menu wherever the keyboard is in it, its button included: a key
        // pressed at once after opening must not depend on where focus has got to.
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !open) return;
          e.preventDefault();
          setOpen(false);
          buttonRef.current?.focus();
        }}
      >
        <button
          ref={buttonRef}
          type="button"
          className="nav-menu-button"
          aria-expanded={open}
          aria-controls={`${id}-menu`}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">☰ </span>Menu{currentLabel ? <span className="nav-menu-current">: {currentLabel}</span> : null}
        </button>
        <ul
          id={`${id}-menu`}
          ref={listRef}
          className="nav-menu"
          hidden={!open}
          onKeyDown={(e) => {
            const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
            const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
            let next: HTMLButtonElement | undefined;
            if (e.key === 'ArrowDown') next = buttons[(at + 1) % buttons.length];
            else if (e.key === 'ArrowUp') next = buttons[(at - 1 + buttons.length) % buttons.length];
            else if (e.key === 'Home') next = buttons[0];
            else if (e.key === 'End') next = buttons[buttons.length - 1];
            else return;
            e.preventDefault();
            next?.focus();
          }}
        >
          {items(true)}
        </ul>
      </nav>
    </>
  );
}
