/**
 * A yes/no setting behind a checkbox. The box follows the click at once and stays so until the
 * journal's settings say the same (or the save failed): between the save and the settings being
 * read again it must not flick back, or the person sees their click undone.
 */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { useJournalMutation } from '../../lib/data';

type BooleanSetting = { [K in keyof Settings]: Settings[K] extends boolean ? K : never }[keyof Settings];

export function useSettingToggle(settings: Settings | null, name: BooleanSetting) {
  const save = useJournalMutation('settings.set');
  const saved = settings?.[name] ?? false;
  const [chosen, setChosen] = useState<boolean | null>(null);
  useEffect(() => {
    if (chosen !== null && chosen === saved && !save.isPending) setChosen(null);
  }, [chosen, saved, save.isPending]);
  return {
    on: chosen ?? saved,
    error: save.error,
    choose(value: boolean) {
      setChosen(value);
      save.mutate({ [name]: value }, { onError: () => setChosen(null) });
    },
  };
}
