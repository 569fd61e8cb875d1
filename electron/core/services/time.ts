/** The journal's clock: electron/shared/dates.ts (shared with the shell and the renderer). */
export { nowIso, todayLocal } from '../../shared/dates';
