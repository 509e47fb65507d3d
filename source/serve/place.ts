import {type HookPayload, stringField} from '../events/types.js';
import type {EventPlace} from '../recorder/event-from-bytes.js';
import {type GitInfo, gitInfo} from '../recorder/git.js';

/** Branches change rarely; reading .git at most this often per project keeps them right within a second or two. */
const gitTtlMs = 2_000;
const maxEntries = 4_096;

/** Keeps a map from growing without end: the oldest entry goes first. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
	if (map.size >= maxEntries) map.delete(map.keys().next().value as K);
	map.set(key, value);
}

/**
 * Where an event that arrived over HTTP happened. An http hook carries only the payload, not the
 * hook process's CLAUDE_PROJECT_DIR, so the project is the one its session was first recorded in
 * (its SessionStart goes through `eyelet record`, which knows it), else the payload's cwd: the same
 * project `eyelet record` would have stored. Git state is read from .git as the recorder does, a
 * little cached.
 */
export class HttpPlaces {
	private readonly projects = new Map<string, string>();
	private readonly git = new Map<string, {info: GitInfo | null; at: number}>();

	constructor(private readonly sessionProject: (sessionId: string) => string | null) {}

	placeOf = (payload: HookPayload | null): EventPlace => {
		const session = stringField(payload, 'session_id');
		let project = session ? (this.projects.get(session) ?? null) : null;
		if (!project && session) {
			project = this.sessionProject(session);
			if (project) remember(this.projects, session, project);
		}
		project ??= stringField(payload, 'cwd');
		const git = project ? this.gitOf(project) : null;
		return {project, gitBranch: git?.branch ?? null, gitCommit: git?.commit ?? null};
	};

	private gitOf(project: string): GitInfo | null {
		const now = Date.now();
		const cached = this.git.get(project);
		if (cached && now - cached.at < gitTtlMs) return cached.info;
		let info: GitInfo | null = null;
		try {
			info = gitInfo(project);
		} catch {
			// context is best effort: the event is stored without it
		}
		remember(this.git, project, {info, at: now});
		return info;
	}
}
