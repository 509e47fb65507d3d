import type {SqlValue} from './db.js';

/** A WHERE clause: fixed SQL joined by AND, and the values bound to its placeholders. User text only ever goes into params. */
export interface Where {
	sql: string;
	params: SqlValue[];
}

/** Collects conditions; `sql` is `1` when there are none. */
export class Conditions {
	private readonly parts: string[] = [];
	private readonly params: SqlValue[] = [];

	add(sql: string, ...values: SqlValue[]): this {
		this.parts.push(sql);
		this.params.push(...values);
		return this;
	}

	/** A project path, or a bare name matched against its last path component (`webapp` finds /home/dev/webapp). */
	project(project: string): this {
		if (project.includes('/')) return this.add('project = ?', project.replace(/\/+$/, ''));
		return this.add("(project = ? OR project LIKE ? ESCAPE '\\')", project, `%/${escapeLike(project)}`);
	}

	where(): Where {
		return {sql: this.parts.length ? this.parts.join(' AND ') : '1', params: this.params};
	}
}

/** Text for a LIKE pattern (with ESCAPE '\'), matched literally: its % and _ lose their meaning. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, match => `\\${match}`);

/** A LIKE pattern that finds the text anywhere. */
export const containing = (text: string): string => `%${escapeLike(text)}%`;
