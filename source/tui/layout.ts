// How the terminal's lines are shared out. Every height a view draws and a reducer pages by comes
// from here, so the two cannot disagree. Functions of the terminal's size alone (State fits).

export interface TerminalSize {
	rows: number;
}

/** Lines the frame takes: one line stays free so Ink never clears the whole screen. */
export const frameHeight = (terminal: TerminalSize) => Math.max(1, terminal.rows - 1);
/** Lines between the header (2) and the footer (1): every pane and overlay draws in this body. */
export const bodyHeight = (terminal: TerminalSize) => Math.max(3, terminal.rows - 4);
/** Rows of the stream: the body less the column titles. */
export const listHeight = (terminal: TerminalSize) => Math.max(3, terminal.rows - 5);
/** Rows of the error groups: the pane spends a title, the column titles and a two-line strip about the selected group. */
export const groupListHeight = (terminal: TerminalSize) => Math.max(1, listHeight(terminal) - 3);
/** Rows of a group's occurrences: a title and the column titles. */
export const occurrenceListHeight = (terminal: TerminalSize) => Math.max(1, listHeight(terminal) - 1);
/** Rows of the sessions table: a title line, the column titles and the selected session's telemetry under the table. */
export const sessionsHeight = (terminal: TerminalSize) => Math.max(1, bodyHeight(terminal) - 3);
/** Rows of a timeline: the body less its title line. */
export const timelineHeight = (terminal: TerminalSize) => Math.max(1, bodyHeight(terminal) - 1);
/** Rows the hooks list may take at most: the lower half of the body shows the chosen hook. */
export const hooksListHeight = (terminal: TerminalSize) => Math.max(1, Math.floor((bodyHeight(terminal) - 1) / 2) - 1);
/** Rows of a picker: the body less its title and the typed text. */
export const pickerHeight = (terminal: TerminalSize) => Math.max(1, bodyHeight(terminal) - 2);
/** Lines the help overlay spends around its rows: a title, the table's borders, header and separator. */
export const helpTableChrome = 5;
/** Rows of the help table on screen. */
export const helpHeight = (terminal: TerminalSize) => Math.max(1, bodyHeight(terminal) - helpTableChrome);
