/**
 * The app's name and id. APP_ID is electron-builder.yml's appId: Windows shows a notification
 * only for the AppUserModelID its installer's shortcut carries (tests/unit/shell/desktop.test.ts
 * keeps the two equal).
 */
export const APP_NAME = 'Mutual';
export const APP_ID = 'app.mutual.journal';
