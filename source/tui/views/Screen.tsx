import {Box} from 'ink';
import type React from 'react';
import {listHeight, overlayHeight, type State} from '../state.js';
import type {Theme} from '../theme.js';
import {DetailView, detailPosition} from '../overlays/DetailView.js';
import {ErrorsPane, errorsPosition} from '../panes/errors/ErrorsView.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from '../overlays/HelpOverlay.js';
import {HooksView} from '../panes/hooks/HooksView.js';
import {SessionsView} from '../panes/sessions/SessionsView.js';
import {TimelineView} from '../panes/timeline/TimelineView.js';
import {hints} from '../key-hints.js';
import {scopeOf} from '../reduce.js';
import {PickerOverlay} from '../overlays/PickerOverlay.js';
import {StreamView} from '../panes/stream/StreamView.js';
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

/** The whole screen from state alone: header, the pane or the overlay on top of it, footer. */
export function Screen({state, theme}: {state: State; theme: Theme}) {
	const width = state.columns;
	const bodyHeight = overlayHeight(state);
	const {overlay, connection} = state;
	let body: React.ReactNode;
	let position: string | null = null;
	if (connection.kind === 'missing' || connection.kind === 'empty' || connection.kind === 'connecting') {
		body = <Welcome kind={connection.kind} dbPath={state.dbPath} theme={theme} width={width} />;
	} else if (overlay?.kind === 'detail') {
		body = <DetailView overlay={overlay} width={width} height={bodyHeight} theme={theme} />;
		position = detailPosition(overlay, width, bodyHeight);
	} else if (overlay?.kind === 'help') {
		body = <HelpOverlay scroll={overlay.scroll} width={width} height={bodyHeight} />;
	} else if (overlay?.kind === 'picker') {
		body = <PickerOverlay overlay={overlay} width={width} height={bodyHeight} theme={theme} />;
	} else if (state.timeline) {
		body = <TimelineView timeline={state.timeline} width={width} height={bodyHeight} theme={theme} />;
		if (state.timeline.lines?.length) position = `${state.timeline.cursor + 1}/${state.timeline.lines.length}`;
	} else if (state.pane === 'errors') {
		body = <ErrorsPane state={state} theme={theme} />;
		position = errorsPosition(state.errors);
	} else if (state.pane === 'sessions') {
		body = <SessionsView sessions={state.sessions} width={width} height={bodyHeight} theme={theme} />;
		if (state.sessions.total > 0) position = `${state.sessions.cursor + 1}/${state.sessions.total}`;
	} else if (state.pane === 'hooks') {
		body = <HooksView hooks={state.hooks} width={width} height={bodyHeight} theme={theme} />;
	} else {
		const {stream} = state;
		body = <StreamView stream={stream} width={width} height={listHeight(state)} theme={theme} filtered={state.filters.length > 0} />;
		if (stream.rows.length > 0) position = `${stream.cursor + 1}/${stream.rows.length}${stream.hasOlder ? '+' : ''}`;
	}
	return (
		<Box flexDirection="column" width={width} height={state.rows - 1}>
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
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				{body}
			</Box>
			<Footer overlay={overlay} connection={connection} toast={state.toast} position={position} hint={footerHint(state)} width={width} theme={theme} />
		</Box>
	);
}
