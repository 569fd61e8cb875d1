/**
 * Where an element starts on the page, kept up to date as what is above it changes: the scroll
 * margin of a list virtualised against the window (the Journal and People lists), so the page
 * scrolls as a whole and the list knows which of its rows are in view.
 */
import { useLayoutEffect, useState } from 'react';

export function usePageOffset(ref: React.RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOffset(Math.round(el.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    // The view holds everything above the list; its size changes whenever they do.
    observer.observe(el.closest('.view') ?? document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return offset;
}
