/**
 * A row's few actions (Open, Delete…) in a small menu, so the row itself stays one Tab stop. The
 * menu opens from its "⋯" button (a pointer's way in; not a Tab stop) or from the row with the
 * context-menu key or Shift+F10; the arrow keys move in it, Escape closes it and returns to the row.
 */
import { useEffect, useRef } from 'react';

export interface RowMenuItem {
  label: string;
  onSelect: () => void;
}

export function RowMenu(props: {
  /** "More for the entry of Friday, 28 November 2025". */
  label: string;
  items: RowMenuItem[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes back to when the menu closes without a choice. */
  returnFocus: () => void;
}) {
  const { open, onOpenChange, returnFocus } = props;
  const menuRef = useRef<HTMLUListElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) onOpenChange(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [open, onOpenChange]);

  return (
    <span className="row-menu">
      <button
        ref={buttonRef}
        type="button"
        className="row-menu-button quiet-button"
        tabIndex={-1}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={props.label}
        onClick={() => onOpenChange(!open)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul
          ref={menuRef}
          role="menu"
          aria-label={props.label}
          className="row-menu-list"
          onKeyDown={(e) => {
            const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            let next: HTMLButtonElement | undefined;
            if (e.key === 'Escape' || e.key === 'Tab') {
              e.preventDefault();
              e.stopPropagation();
              onOpenChange(false);
              returnFocus();
              return;
            }
            if (e.key === 'ArrowDown') next = items[(at + 1) % items.length];
            else if (e.key === 'ArrowUp') next = items[(at - 1 + items.length) % items.length];
            else if (e.key === 'Home') next = items[0];
            else if (e.key === 'End') next = items[items.length - 1];
            else return;
            e.preventDefault();
            e.stopPropagation();
            next?.focus();
          }}
        >
          {props.items.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  onOpenChange(false);
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
