// A file the person chose stays in the backend: the page is told its path only to show it,
// and never sends a path back for a command to open. ui/api.js is the only module that calls
// the backend, so no call there may carry a `path` argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const API = new URL('../../ui/api.js', import.meta.url).pathname;

test('no call to the backend sends a path', () => {
  const source = readFileSync(API, 'utf8');
  const calls = source.match(/call\('[a-z_]+'[^)]*\)/g) || [];
  assert.ok(calls.length > 50, `found the calls (${calls.length})`);
  const offenders = calls.filter((c) => /\bpath\b/.test(c));
  assert.deepEqual(offenders, [], 'name the file by a choice the backend keeps, not by its path');
});
