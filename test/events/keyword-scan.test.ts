import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keywordScanner} from '../../source/events/keyword-scan.js';

const keywords = ['sk', 'sk-ant-', 'ghp_', 'private key', 'hp_x', 'token'];
const scanner = keywordScanner(keywords, [0, 1, 2, 3, 4, 5]);
const owners = (text: string) => {
	const found = new Uint8Array(keywords.length);
	const any = scanner.scan(text, found);
	const hits = [...found.keys()].filter(index => found[index] === 1);
	assert.equal(any, hits.length > 0);
	return hits.map(index => keywords[index]);
};

test('finds every keyword in the text, in either case, overlapping ones and ones at the very end', () => {
	assert.deepEqual(owners('a SK-ANT-key and ghp_x'), ['sk', 'sk-ant-', 'ghp_', 'hp_x']);
	assert.deepEqual(owners('-----BEGIN Private Key-----'), ['private key']);
	assert.deepEqual(owners('TOKEN'), ['token']);
	assert.deepEqual(owners('ends with sk'), ['sk']);
});

test('finds nothing where no keyword is whole: prefixes, split words, other scripts', () => {
	assert.deepEqual(owners(''), []);
	assert.deepEqual(owners('s'), []);
	assert.deepEqual(owners('toke n, gh p_, privatekey'), []);
	assert.deepEqual(owners('ѕk tоken (Cyrillic look-alikes) 🔑'), []);
});

test('keywords must be two ASCII characters or more', () => {
	assert.throws(() => keywordScanner(['k'], [0]), /two or more ASCII/);
	assert.throws(() => keywordScanner(['clé'], [0]), /two or more ASCII/);
});
