/**
 * Copying a secret (the recovery code) to the clipboard, and taking it back off a minute later so
 * it does not wait there for the next paste into a chat or a search box.
 *
 * The clipboard is cleared only if it still holds the secret — something the person copied since
 * is theirs and stays — where the page may read the clipboard without asking. Reading otherwise
 * makes a browser ask for permission out of nowhere a minute later, so where reading is not
 * already granted the clipboard is overwritten with an empty string instead. A page that is not
 * focused may not write to the clipboard; then clearing waits for the window to get focus back.
 *
 * The timer lives here, not in a component, so the clearing still happens after the screen that
 * copied is gone (the person continued into the journal).
 */

export const SECRET_CLIPBOARD_SECONDS = 60;

type SecretClipboard = Pick<Clipboard, 'writeText' | 'readText'>;

/** The one clearing waiting to happen; copying again starts the minute over. */
let pendingTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Puts `text` on the clipboard and clears it after SECRET_CLIPBOARD_SECONDS. Rejects when the
 * clipboard refuses the write (the caller offers to copy by hand). `onCleared` runs once the
 * clipboard no longer holds the secret (cleared, or replaced by the person meanwhile).
 */
export async function copySecret(text: string, options: { clipboard?: SecretClipboard; onCleared?: () => void } = {}): Promise<void> {
  const clipboard = options.clipboard ?? navigator.clipboard;
  await clipboard.writeText(text);
  if (pendingTimer) clearTimeout(pendingTimer);
  const timer = setTimeout(() => {
    if (pendingTimer === timer) pendingTimer = null;
    void clearSecret(text, clipboard).then(() => options.onCleared?.());
  }, SECRET_CLIPBOARD_SECONDS * 1000);
  pendingTimer = timer;
}

async function mayReadClipboard(): Promise<boolean> {
  try {
    const status = await navigator.permissions.query({ name: 'clipboard-read' as PermissionName });
    return status.state === 'granted';
  } catch {
    // Not a permission this browser knows: reading would have to ask, or fail.
    return false;
  }
}

/** Clears the clipboard if it still holds `text` (see the module comment for when it cannot tell). */
export async function clearSecret(text: string, clipboard: SecretClipboard = navigator.clipboard): Promise<void> {
  if (await mayReadClipboard()) {
    try {
      if ((await clipboard.readText()) !== text) return;
    } catch {
      // Reading failed after all: overwrite, as where it is not allowed.
    }
  }
  try {
    await clipboard.writeText('');
  } catch {
    // Not focused (or no longer allowed): try again when the window is back in front.
    await new Promise<void>((resolve) => window.addEventListener('focus', () => resolve(), { once: true }));
    await clearSecret(text, clipboard).catch(() => undefined);
  }
}
