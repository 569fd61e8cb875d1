/**
 * The list of IPC channels, `domain.verb`. Kept apart from contract.ts so the sandboxed preload
 * can build `window.mutual` from it without bundling zod. contract.ts is checked against it.
 */
export const channelNames = [
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.lock',
  'vault.changePassphrase',
  'vault.recover',
  'entries.create',
  'entries.save',
  'entries.get',
  'entries.list',
  'entries.delete',
  'people.list',
  'people.get',
  'people.upsert',
  'people.addDetail',
  'people.merge',
  'people.timeline',
  'people.openUnsaid',
  'people.rhythm',
  'people.export',
  'entries.setUnsaidState',
  'review.calendar',
  'review.onThisDay',
  'review.week',
  'review.day',
  'review.reminders',
  'search.query',
  'settings.get',
  'settings.set',
  'export.run',
  'backup.run',
  'backup.restore',
  'import.preview',
  'import.run',
  'jobs.status',
  'jobs.cancel',
] as const;

export type ChannelName = (typeof channelNames)[number];
