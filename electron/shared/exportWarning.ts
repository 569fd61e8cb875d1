/**
 * Said before anything is exported, in the same words by the command (stderr), the app (Settings
 * → Export and a person's page) and at the top of an exported person page. Its own module
 * because the renderer may import only pure modules from electron/shared, not the core.
 */
export const EXPORT_NOT_ENCRYPTED_WARNING =
  'Exports are not encrypted: anyone who can open the exported files can read what you wrote. Keep them somewhere private, and delete them when you no longer need them.';
