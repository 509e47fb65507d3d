import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gitInfo, isSafeRef} from '../../source/recorder/git.js';
import {isolatedEnv, runCli, tempDir, withReader} from '../helpers.js';

function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
		cwd,
		encoding: 'utf8',
	}).trim();
}

function repo(dir: string): {root: string; head: string} {
	const root = join(dir, 'repo');
	mkdirSync(join(root, 'src', 'deep'), {recursive: true});
	git(root, 'init', '-q');
	writeFileSync(join(root, 'a.txt'), 'a');
	git(root, 'add', '.');
	git(root, 'commit', '-qm', 'first');
	return {root, head: git(root, 'rev-parse', 'HEAD')};
}

test('branch and commit of a plain repository, from a subdirectory', t => {
	const {root, head} = repo(tempDir(t));
	assert.deepEqual(gitInfo(join(root, 'src', 'deep')), {branch: 'main', commit: head});
});

test('a branch whose ref was packed', t => {
	const {root, head} = repo(tempDir(t));
	git(root, 'checkout', '-qb', 'feature/x');
	git(root, 'pack-refs', '--all');
	assert.deepEqual(gitInfo(root), {branch: 'feature/x', commit: head});
});

test('a detached HEAD has a commit and no branch', t => {
	const {root, head} = repo(tempDir(t));
	git(root, 'checkout', '-q', '--detach');
	assert.deepEqual(gitInfo(root), {branch: null, commit: head});
});

test('a linked worktree reports its own branch', t => {
	const dir = tempDir(t);
	const {root, head} = repo(dir);
	const tree = join(dir, 'tree');
	git(root, 'worktree', 'add', '-q', '-b', 'wt-branch', tree);
	assert.deepEqual(gitInfo(tree), {branch: 'wt-branch', commit: head});
});

test('outside any repository there is no git info', t => {
	assert.equal(gitInfo(tempDir(t)), null);
});

test('the recorder stores the project git state, CLAUDE_PROJECT_DIR first', t => {
	const dir = tempDir(t);
	const {root, head} = repo(dir);
	const db = join(dir, 'events.db');
	const payload = {session_id: 's', hook_event_name: 'Stop', cwd: '/somewhere/else', transcript_path: '/x'};
	assert.equal(runCli(['record'], {input: JSON.stringify(payload), env: isolatedEnv(dir, {EYELET_DB: db, CLAUDE_PROJECT_DIR: root})}).status, 0);
	assert.equal(runCli(['record'], {input: JSON.stringify({...payload, cwd: root}), env: isolatedEnv(dir, {EYELET_DB: db})}).status, 0);
	withReader(db, reader => {
		const rows = reader.all<{project: string; git_branch: string; git_commit: string; cwd: string}>(
			'SELECT project, git_branch, git_commit, cwd FROM events ORDER BY id',
		);
		assert.deepEqual(rows, [
			{project: root, git_branch: 'main', git_commit: head, cwd: '/somewhere/else'},
			{project: root, git_branch: 'main', git_commit: head, cwd: root},
		]);
	});
});

/** A project whose .git was made by someone else; returns what one `eyelet record` there stored. */
function recordIn(
	dir: string,
	project: string,
	dbName = 'events.db',
): {status: number | null; row: {git_branch: string | null; git_commit: string | null; session_id: string} | undefined} {
	const db = join(dir, dbName);
	const payload = {session_id: 'hostile-git', hook_event_name: 'PreToolUse', cwd: project, tool_name: 'Bash', tool_input: {command: 'ls'}};
	// Before the fix each of these hung or ate memory until the hook timeout killed it: the guard kills it sooner.
	const result = runCli(['record'], {input: JSON.stringify(payload), env: isolatedEnv(dir, {EYELET_DB: db}), killAfterMs: 30_000});
	const row = result.status === 0 ? withReader(db, reader => reader.get<any>('SELECT session_id, git_branch, git_commit, status FROM events')) : undefined;
	return {status: result.status, row};
}

test('a .git that is a FIFO neither hangs the recorder nor costs the event', t => {
	const dir = tempDir(t);
	const project = join(dir, 'fifo-project');
	mkdirSync(project);
	execFileSync('mkfifo', [join(project, '.git')]);
	const {status, row} = recordIn(dir, project);
	assert.equal(status, 0, 'the recorder finished');
	assert.deepEqual({...row}, {session_id: 'hostile-git', git_branch: null, git_commit: null, status: 'ok'});
});

for (const [name, head] of [
	['a HEAD ref climbing out to /dev/zero', 'ref: ../../../../../../../../dev/zero\n'],
	['a HEAD ref under refs/ with .. in it', 'ref: refs/heads/../../../../../../../../dev/zero\n'],
] as const) {
	test(`${name} is not followed; the event is stored without git state`, t => {
		const dir = tempDir(t);
		const project = join(dir, 'project');
		mkdirSync(join(project, '.git'), {recursive: true});
		writeFileSync(join(project, '.git', 'HEAD'), head);
		const {status, row} = recordIn(dir, project);
		assert.equal(status, 0);
		assert.equal(row?.git_commit, null);
		assert.equal(row?.git_branch, null);
	});
}

test('git files that are symlinks to a device are not opened; the event is stored without them', t => {
	const dir = tempDir(t);
	const {root, head} = repo(dir);
	const branchRef = join(root, '.git', 'refs', 'heads', 'main');
	rmSync(branchRef);
	symlinkSync('/dev/zero', branchRef);
	const ref = recordIn(dir, root);
	assert.equal(ref.status, 0);
	assert.deepEqual([ref.row?.git_branch, ref.row?.git_commit], ['main', null]);

	rmSync(branchRef);
	writeFileSync(branchRef, `${head}\n`);
	const headPath = join(root, '.git', 'HEAD');
	rmSync(headPath);
	symlinkSync('/dev/zero', headPath);
	const headLink = recordIn(dir, root, 'second.db');
	assert.equal(headLink.status, 0);
	assert.deepEqual([headLink.row?.git_branch, headLink.row?.git_commit], [null, null]);
});

test('a huge ref file is not read; sane git files still are', t => {
	const {root, head} = repo(tempDir(t));
	const branchRef = join(root, '.git', 'refs', 'heads', 'main');
	writeFileSync(branchRef, `${head}\n${'x'.repeat(8 << 20)}`);
	assert.deepEqual(gitInfo(root), {branch: 'main', commit: null});
	writeFileSync(branchRef, `${head}\n`);
	assert.deepEqual(gitInfo(root), {branch: 'main', commit: head});
});

test('ref names follow git rules', () => {
	for (const ok of ['refs/heads/main', 'refs/heads/feature/x-1', 'refs/remotes/origin/HEAD']) assert.ok(isSafeRef(ok), ok);
	for (const bad of ['../x', 'refs/heads/../../x', 'refs/heads/a..b', '/dev/zero', 'refs//x', 'refs/heads/.hidden', 'HEAD', 'refs/heads/a b', 'refs/heads/'])
		assert.ok(!isSafeRef(bad), bad);
});
