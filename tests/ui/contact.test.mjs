// Reaching the customer (ui/views/contact.js): which message a call list line gets, the words
// after opening a call, text or e-mail, and the rule that the page never hands the backend a
// link to open: it names the customer and the call, and the backend builds the link.
// Run with: node --test tests/ui/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

globalThis.window = { __TAURI__: { core: { invoke: async () => null } }, addEventListener() {}, dispatchEvent() {} };
const { contextOf, templateFor, openedSentence } = await import('../../ui/views/contact.js');

const VIEW = { for_call: { first_call: 'follow_up', retry: 'no_answer', promise: 'apology' } };

test('a first call gets the follow-up, a try again the "couldn’t reach you", a promise the apology', () => {
  assert.equal(contextOf({ kind: 'follow_up', attempts: 0 }), 'first_call');
  assert.equal(contextOf({ kind: 'follow_up', attempts: 2 }), 'retry');
  assert.equal(contextOf({ kind: 'promise', attempts: 0 }), 'promise');
  assert.equal(templateFor({ kind: 'follow_up', attempts: 0 }, VIEW), 'follow_up');
  assert.equal(templateFor({ kind: 'follow_up', attempts: 1 }, VIEW), 'no_answer');
  assert.equal(templateFor({ kind: 'promise' }, VIEW), 'apology');
  assert.equal(templateFor({ kind: 'promise' }, null), null, 'nothing chosen before the names are loaded');
});

test('what was opened is said in plain words', () => {
  assert.equal(
    openedSentence('text', 'Marta Silva', 'Follow-up after a fix'),
    'Opening your messages app to text Marta Silva with the “Follow-up after a fix” message. If nothing opens, use “Copy message” and paste it.',
  );
  assert.match(openedSentence('call', ''), /^Opening your phone app to call the customer\./);
});

test('no call to the backend sends a link to open', () => {
  const source = readFileSync(new URL('../../ui/api.js', import.meta.url), 'utf8');
  const calls = source.match(/call\('[a-z_]+'[^)]*\)/g) || [];
  assert.ok(calls.some((c) => c.startsWith("call('contact_customer'")), 'the contact command is called');
  const offenders = calls.filter((c) => /\b(uri|url|href|link)\b/.test(c));
  assert.deepEqual(offenders, [], 'name the customer and the call; the backend builds the link');
  const views = readFileSync(new URL('../../ui/views/contact.js', import.meta.url), 'utf8');
  assert.doesNotMatch(views, /['"`](tel|sms|mailto):/, 'the page writes no tel:, sms: or mailto: link itself');
});
