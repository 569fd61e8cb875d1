/**
 * People: everyone who appears in the journal (the list), and everything about one of them (their
 * page). Styles live beside the feature in people.css.
 */
import { useSession } from '../../lib/session';
import { PeopleList } from './PeopleList';
import { PersonPage } from './PersonPage';
import './people.css';

export function People(props: { personId?: string }) {
  const { navigate } = useSession();
  if (props.personId) return <PersonPage key={props.personId} personId={props.personId} onBack={() => navigate({ name: 'people' })} />;
  return <PeopleList onOpen={(id) => navigate({ name: 'people', personId: id })} />;
}
