import assert from 'node:assert/strict';
import {chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {formatSettings, writeSettingsFile} from '../../source/settings/settings-write.js';
import {tempDir} from '../helpers.js';

const now = new Date('2026-11-27T10:20:30.456Z');

test('writeSettingsFile backs up the old file under a name that never overwrites an earlier backup', t => {
	const dir = tempDir(t);
	const path = join(dir, 'settings.json');
	writeFileSync(path, 'one');
	assert.equal(writeSettingsFile(path, 'two\n', now).backup, `${path}.eyelet-backup-20261127T102030Z`);
	assert.equal(writeSettingsFile(path, 'three\n', now).backup, `${path}.eyelet-backup-20261127T102030Z-1`);
	assert.equal(readFileSync(`${path}.eyelet-backup-20261127T102030Z`, 'utf8'), 'one');
	assert.equal(readFileSync(`${path}.eyelet-backup-20261127T102030Z-1`, 'utf8'), 'two\n');
	assert.equal(readFileSync(path, 'utf8'), 'three\n');
});

test('writeSettingsFile creates a missing file and its folder, without a backup', t => {
	const path = join(tempDir(t), '.claude', 'settings.json');
	assert.equal(writeSettingsFile(path, formatSettings({a: 1})).backup, null);
	assert.equal(readFileSync(path, 'utf8'), '{\n  "a": 1\n}\n');
});

test('writeSettingsFile writes through a dangling symlink to the file it names', t => {
	const dir = tempDir(t);
	mkdirSync(join(dir, 'dotfiles'));
	const path = join(dir, 'settings.json');
	symlinkSync(join('dotfiles', 'claude.json'), path);
	writeSettingsFile(path, '{}\n');
	assert.ok(lstatSync(path).isSymbolicLink());
	assert.equal(readFileSync(join(dir, 'dotfiles', 'claude.json'), 'utf8'), '{}\n');
});

test('a failed write leaves the old file and no temporary file behind', t => {
	if (process.getuid?.() === 0) return t.skip('root writes into read-only folders');
	const dir = tempDir(t);
	const path = join(dir, 'settings.json');
	writeFileSync(path, 'old');
	chmodSync(dir, 0o500);
	t.after(() => chmodSync(dir, 0o700));
	assert.throws(() => writeSettingsFile(path, 'new'), /EACCES/);
	assert.equal(readFileSync(path, 'utf8'), 'old');
	assert.deepEqual(readdirSync(dir), ['settings.json']);
});
