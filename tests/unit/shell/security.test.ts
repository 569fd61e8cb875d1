import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  externalLinkTarget,
  isAllowedRequest,
  isAppUrl,
  isPermissionAllowed,
  navigationDecision,
  resolveAppFile,
  responseHeaders,
  shouldAllowNavigation,
  webPreferences,
  windowWebPreferences,
} from '../../../electron/main/security';

describe('webPreferences', () => {
  it('is exactly the hardened set, and frozen', () => {
    expect(webPreferences).toStrictEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      enableWebSQL: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(Object.isFrozen(webPreferences)).toBe(true);
    expect(() => {
      (webPreferences as { sandbox: boolean }).sandbox = false;
    }).toThrow(TypeError);
    expect(webPreferences.sandbox).toBe(true);
  });

  it('adds only the preload path and the devtools switch for a window, and cannot be weakened', () => {
    const prefs = windowWebPreferences('/app/out/preload/index.cjs', false);
    expect(prefs).toStrictEqual({ ...webPreferences, preload: '/app/out/preload/index.cjs', devTools: false });
    expect(Object.isFrozen(prefs)).toBe(true);
  });
});

// The CSP and the content types are shared with the web host: tests/unit/webhost/bothShells.test.ts.
describe('app:// response headers', () => {
  it('go with every response: nosniff, no referrer, own browsing context, never cached', () => {
    for (const file of ['index.html', 'assets/app.js', 'assets/x.unknown']) {
      expect(responseHeaders(file)).toMatchObject({
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': 'no-store',
      });
    }
  });
});

describe('isAppUrl', () => {
  it.each([
    [APP_ENTRY_URL, true],
    ['app://mutual/', true],
    ['app://mutual', true],
    ['app://mutual/assets/index-abc.js', true],
    ['APP://MUTUAL/index.html', true],
    ['app://mutual.evil/index.html', false],
    ['app://mutualx/', false],
    ['app://evil/mutual', false],
    ['app://evil@mutual/', false],
    ['app://mutual:8080/', false],
    ['app://app.evil/', false],
    ['https://evil.com/app://mutual/index.html', false],
    ['https://mutual/index.html', false],
    ['file:///app/out/renderer/index.html', false],
    ['javascript:alert(1)//app://mutual/', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['http://127.0.0.1:5173/', false],
    ['', false],
    ['not a url', false],
    [undefined, false],
    [null, false],
    [42, false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('navigation', () => {
  it.each([APP_ENTRY_URL, 'app://mutual/people', 'https://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'about:blank'])(
    'never navigates the window (%s)',
    (url) => {
      expect(shouldAllowNavigation(url)).toBe(false);
      expect(navigationDecision(url).allow).toBe(false);
    },
  );

  it('hands an allowed link to the browser instead of navigating', () => {
    expect(navigationDecision('https://example.com/a')).toEqual({ allow: false, openExternally: 'https://example.com/a' });
    expect(navigationDecision('javascript:alert(1)')).toEqual({ allow: false, openExternally: null });
  });
});

describe('externalLinkTarget', () => {
  it.each([
    ['https://example.com/page?q=1#x', 'https://example.com/page?q=1#x'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['https://www.psychologytoday.com/us/basics/reciprocity', 'https://www.psychologytoday.com/us/basics/reciprocity'],
    ['mailto:sam@example.com', 'mailto:sam@example.com'],
    ['MAILTO:sam@example.com?subject=Hi&body=Thinking%20of%20you', 'mailto:sam@example.com?subject=Hi&body=Thinking%20of%20you'],
  ])('opens %s', (url, expected) => {
    expect(externalLinkTarget(url)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'FILE:///C:/Windows/System32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,AAAA',
    'blob:app://mutual/1234',
    'http://example.com/',
    'ftp://example.com/',
    'app://mutual/index.html',
    'app://app.evil/',
    'chrome://settings',
    'about:blank',
    'smb://server/share',
    'ms-settings:privacy',
    'https://user:pass@example.com/',
    'https://example.com@evil.com/',
    'https://localhost/',
    'https://intranet/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://mutual/',
    'mailto:',
    'mailto:not-an-address',
    'mailto:sam@example.com?attach=/etc/passwd',
    'mailto:sam@example.com?Attachment=~/.ssh/id_rsa',
    '//example.com/',
    '/relative/path',
    '',
    'https://',
  ])('refuses %j', (url) => {
    expect(externalLinkTarget(url)).toBeNull();
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 1, {}, ['https://example.com/'], new URL('https://example.com/')]) {
      expect(externalLinkTarget(value)).toBeNull();
    }
  });
});

describe('isAllowedRequest (every non-app request is blocked)', () => {
  it.each([
    [APP_ENTRY_URL, true],
    ['app://mutual/assets/app.css', true],
    ['data:image/png;base64,iVBORw0KGgo=', true],
    ['data:text/html,<h1>x</h1>', false],
    ['https://fonts.googleapis.com/css', false],
    ['http://127.0.0.1:5173/', false],
    ['wss://example.com/socket', false],
    ['file:///etc/passwd', false],
    ['app://mutual.evil/', false],
    ['devtools://devtools/bundled/inspector.html', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedRequest(url)).toBe(expected);
  });

  it('lets the devtools load their own pages only when devtools are enabled', () => {
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toBe(true);
    expect(isAllowedRequest('https://example.com/', { devTools: true })).toBe(false);
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'display-capture', 'unknown'])(
    'denies %s',
    (permission) => {
      expect(isPermissionAllowed(permission, APP_ENTRY_URL)).toBe(false);
    },
  );

  it('lets only the app itself write to the clipboard (the recovery code copy button)', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://mutual')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.com/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
  });
});

describe('resolveAppFile', () => {
  const root = path.resolve('/srv/mutual/out/renderer');

  it.each([
    [APP_ENTRY_URL, 'index.html'],
    ['app://mutual/', 'index.html'],
    ['app://mutual/journal/2026-11-28', 'index.html'],
    ['app://mutual/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://mutual/assets/index-abc.js?v=1#x', 'assets/index-abc.js'],
  ])('serves %s from the renderer build', (url, relative) => {
    expect(resolveAppFile(root, url)).toBe(path.join(root, relative));
  });

  it.each([
    'app://mutual/../../../etc/passwd',
    'app://mutual/%2e%2e/%2e%2e/etc/passwd',
    'app://mutual/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://mutual/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://mutual/a%00.js',
    'app://mutual/%E0%A4%A',
    'app://evil/index.html',
    'file:///etc/passwd',
  ])('never leaves the renderer folder: %s', (url) => {
    const file = resolveAppFile(root, url);
    if (file !== null) expect(file.startsWith(root + path.sep)).toBe(true);
    expect(file === null || !/passwd|secret/.test(file)).toBe(true);
  });
});
