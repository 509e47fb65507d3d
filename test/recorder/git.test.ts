import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {gitInfo} from '../../source/recorder/git.js';
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
