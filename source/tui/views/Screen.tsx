import {Box} from 'ink';
import React from 'react';
import {listHeight, overlayHeight, type State} from '../state.js';
import type {Theme} from '../theme.js';
import {DetailView, detailPosition} from './DetailView.js';
import {ErrorsPane, errorsHint, errorsPosition, occurrenceDetailHint} from './ErrorsPane.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {PickerOverlay} from './PickerOverlay.js';
import {StreamView} from './StreamView.js';
import {Welcome} from './Welcome.js';

/** The whole screen from state alone: header, the pane or the overlay on top of it, footer. */
export function Screen({state, theme}: {state: State; theme: Theme}) {
	const width = state.columns;
	const bodyHeight = overlayHeight(state);
	const {overlay, connection} = state;
	let body: React.ReactNode;
	let position: string | null = null;
	let hint: string | null = null;
	if (connection.kind === 'missing' || connection.kind === 'empty' || connection.kind === 'connecting') {
		body = <Welcome kind={connection.kind} dbPath={state.dbPath} theme={theme} width={width} />;
	} else if (overlay?.kind === 'detail') {
		body = <DetailView overlay={overlay} width={width} height={bodyHeight} theme={theme} />;
		position = detailPosition(overlay, width, bodyHeight);
		if (state.pane === 'errors' && state.errors.open) hint = occurrenceDetailHint;
	} else if (overlay?.kind === 'help') {
		body = <HelpOverlay scroll={overlay.scroll} width={width} height={bodyHeight} />;
	} else if (overlay?.kind === 'picker') {
		body = <PickerOverlay overlay={overlay} width={width} height={bodyHeight} theme={theme} />;
	} else if (state.pane === 'errors') {
		body = <ErrorsPane state={state} theme={theme} />;
		position = errorsPosition(state.errors);
		hint = errorsHint(state.errors);
	} else {
		const {stream} = state;
		body = <StreamView stream={stream} width={width} height={listHeight(state)} theme={theme} filtered={state.filters.length > 0} />;
		if (stream.rows.length > 0) position = `${stream.cursor + 1}/${stream.rows.length}${stream.hasOlder ? '+' : ''}`;
	}
	return (
		<Box flexDirection="column" width={width} height={state.rows - 1}>
			<Header dbPath={state.dbPath} stats={state.stats} stream={state.stream} panes={state.panes} pane={state.pane} filters={state.filters} errors={state.errors.counts} width={width} theme={theme} />
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				{body}
			</Box>
			<Footer overlay={overlay} connection={connection} toast={state.toast} position={position} hint={hint} width={width} theme={theme} />
		</Box>
	);
}
