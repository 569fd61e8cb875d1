import type { PersonRef } from '../../electron/shared/contract';

/** "Sam", "Sam and Alex", "Sam, Alex and Jo" */
export function listNames(people: PersonRef[]): string {
  const names = people.map((p) => p.name);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
