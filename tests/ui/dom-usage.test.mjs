// Views add children through ui/dom.js (h, append, prepend, replace), which skip
// null, undefined and false. The DOM's own append(), prepend() and
// replaceChildren() would write those as the words "null" and "false" on the
// page (an incident's Calls panel once showed "null" this way), so no module
// but dom.js may call them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const UI = new URL('../../ui/', import.meta.url).pathname;

function modules(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

test('no view calls the DOM’s own append, prepend or replaceChildren', () => {
  const offenders = [];
  for (const path of modules(UI)) {
    if (path.endsWith('/dom.js')) continue;
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (/\.(append|prepend|replaceChildren)\(/.test(line)) offenders.push(`${path.slice(UI.length)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, [], 'use append()/prepend()/replace() from ui/dom.js instead');
});
