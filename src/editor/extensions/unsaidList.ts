import { TaskList } from '@tiptap/extension-list';
import { sectionAt } from './section';

/**
 * The list that holds unsaid items (`taskList`). It is only at home in the Unsaid section: the
 * toggle command and its shortcut do nothing elsewhere, and UnsaidItem turns a list that lands in
 * another section (by paste or drop) into an ordinary bulleted list.
 */
export const UnsaidList = TaskList.extend({
  addCommands() {
    return {
      toggleTaskList:
        () =>
        ({ state, commands }) =>
          sectionAt(state.selection.$from) === 'unsaid' && commands.toggleList(this.name, this.options.itemTypeName),
    };
  },

  addKeyboardShortcuts() {
    return { 'Mod-Shift-9': () => this.editor.commands.toggleTaskList() };
  },
});
