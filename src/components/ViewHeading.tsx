/** The h1 of a view. Focused when the view opens, so screen readers announce where the person is. */
import { useEffect, useRef } from 'react';

export function ViewHeading(props: { children: React.ReactNode; focus?: boolean; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const focus = props.focus ?? true;
  useEffect(() => {
    if (focus) ref.current?.focus({ preventScroll: true });
  }, [focus]);
  return (
    <h1 ref={ref} id={props.id} tabIndex={-1} className="view-title">
      {props.children}
    </h1>
  );
}
