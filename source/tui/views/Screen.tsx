import {Box} from 'ink';
import type React from 'react';
import {hints} from '../key-hints.js';
import {
	bodyHeight,
	frameHeight,
	groupListHeight,
	helpHeight,
	hooksListHeight,
	listHeight,
	occurrenceListHeight,
	pickerHeight,
	sessionsHeight,
	timelineHeight,
} from '../layout.js';
import {DetailView, detailPosition} from '../overlays/DetailView.js';
import {HelpOverlay} from '../overlays/HelpOverlay.js';
import {PickerOverlay} from '../overlays/PickerOverlay.js';
import {ErrorsView, errorsPosition} from '../panes/errors/ErrorsView.js';
import {HooksView} from '../panes/hooks/HooksView.js';
import {SessionsView} from '../panes/sessions/SessionsView.js';
import {StreamView} from '../panes/stream/StreamView.js';
import {TimelineView} from '../panes/timeline/TimelineView.js';
import {scopeOf} from '../reduce.js';
import type {State} from '../state.js';
import type {Theme} from '../theme.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {Welcome} from './Welcome.js';

/** The keys the second header line offers while no filter is set. */
function filtersHint(state: State): string {
	if (state.timeline) return hints.timelineFilters;
	if (state.pane === 'sessions') return hints.sessionsFilters;
	if (state.pane === 'hooks') return hints.hooksFilters;
	return hints.streamFilters;
}

/** The keys the footer names for what is on screen: an occurrence's payload has keys of its own. */
function footerHint(state: State): string {
	const scope = scopeOf(state);
	if (scope === 'detail' && state.pane === 'errors' && state.errors.open) return hints.occurrenceDetail;
	return hints[scope];
}

/** The filters the header lists: the pane's own; none over a timeline or in the hooks pane. */
function paneFilters(state: State) {
	if (state.timeline || state.pane === 'hooks') return [];
	return state.pane === 'sessions' ? state.sessions.filters : state.filters;
}

/** What the body shows (the overlay on top, else the timeline, else the pane) and the position the footer gives. */
function body(state: State, theme: Theme): {view: React.ReactNode; position: string | null} {
	const width = state.columns;
	const {overlay, connection} = state;
	if (connection.kind === 'missing' || connection.kind === 'empty' || connection.kind === 'connecting')
		return {view: <Welcome kind={connection.kind} dbPath={state.dbPath} theme={theme} width={width} />, position: null};
	if (overlay?.kind === 'detail')
		return {
			view: <DetailView overlay={overlay} width={width} height={bodyHeight(state)} theme={theme} />,
			position: detailPosition(overlay, width, bodyHeight(state)),
		};
	if (overlay?.kind === 'help') return {view: <HelpOverlay scroll={overlay.scroll} width={width} rows={helpHeight(state)} />, position: null};
	if (overlay?.kind === 'picker') return {view: <PickerOverlay overlay={overlay} width={width} height={pickerHeight(state)} theme={theme} />, position: null};
	const {timeline, errors, sessions, stream} = state;
	if (timeline)
		return {
			view: <TimelineView timeline={timeline} width={width} height={timelineHeight(state)} theme={theme} />,
			position: timeline.lines?.length ? `${timeline.cursor + 1}/${timeline.lines.length}` : null,
		};
	switch (state.pane) {
		case 'errors':
			return {
				view: <ErrorsView errors={errors} width={width} groupHeight={groupListHeight(state)} occurrenceHeight={occurrenceListHeight(state)} theme={theme} />,
				position: errorsPosition(errors),
			};
		case 'sessions':
			return {
				view: <SessionsView sessions={sessions} width={width} height={sessionsHeight(state)} theme={theme} />,
				position: sessions.total > 0 ? `${sessions.cursor + 1}/${sessions.total}` : null,
			};
		case 'hooks':
			return {
				view: <HooksView hooks={state.hooks} width={width} height={bodyHeight(state)} listHeight={hooksListHeight(state)} theme={theme} />,
				position: null,
			};
		case 'stream':
			return {
				view: <StreamView stream={stream} width={width} height={listHeight(state)} theme={theme} filtered={state.filters.length > 0} />,
				position: stream.rows.length > 0 ? `${stream.cursor + 1}/${stream.rows.length}${stream.hasOlder ? '+' : ''}` : null,
			};
	}
}

/** The whole screen from state alone: header, the pane or the overlay on top of it, footer. */
export function Screen({state, theme}: {state: State; theme: Theme}) {
	const width = state.columns;
	const {view, position} = body(state, theme);
	return (
		<Box flexDirection="column" width={width} height={frameHeight(state)}>
			<Header
				dbPath={state.dbPath}
				stats={state.stats}
				stream={state.stream}
				panes={state.panes}
				pane={state.pane}
				filters={paneFilters(state)}
				errors={state.errors.counts}
				width={width}
				theme={theme}
				hint={filtersHint(state)}
			/>
			<Box flexDirection="column" height={bodyHeight(state)} overflow="hidden">
				{view}
			</Box>
			<Footer
				overlay={state.overlay}
				connection={state.connection}
				toast={state.toast}
				position={position}
				hint={footerHint(state)}
				width={width}
				theme={theme}
			/>
		</Box>
	);
}
