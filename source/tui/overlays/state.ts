import type {EventRow} from '../../store/events.js';
import type {ListWindow} from '../list-window.js';

// The overlays drawn over a pane, one at a time: an event's payload, the help, a search box, a picker.

export interface DetailPayload {
	payload: string | null;
	raw: string | null;
	custom: string | null;
}

export interface PickerOption {
	value: string;
	label: string;
	/** A second column: a session's project and activity. */
	note?: string;
}

export type PickerField = 'event' | 'tool' | 'session' | 'project';

export type DetailState = {kind: 'detail'; row: EventRow; payload: DetailPayload | null | 'missing'; scroll: number};
export type PickerState = {kind: 'picker'; field: PickerField; options: PickerOption[] | null; query: string} & ListWindow;
export type SearchState = {kind: 'search'; text: string; target?: 'sessions'};
export type HelpState = {kind: 'help'; scroll: number};

export type Overlay = HelpState | DetailState | SearchState | PickerState;

export type OverlayAction =
	| {type: 'detailPayload'; id: number; payload: DetailPayload | 'missing'}
	| {type: 'pickerOptions'; field: PickerField; options: PickerOption[]};

/** An event's payload, to be read. */
export const detailOf = (row: EventRow): DetailState => ({kind: 'detail', row, payload: null, scroll: 0});
