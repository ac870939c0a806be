// The query token: pure functions, tested in-process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readToken, targetOf, withToken, withoutToken } from '../dist/core/token.js';

const t = { space: 3, generation: 12 };

test('appends the token, keeping the query and the fragment', () => {
  assert.is(withToken('file:///a/b.js', t), 'file:///a/b.js?modspace=s3.g12');
  assert.is(withToken('file:///a/b.js?x=1', t), 'file:///a/b.js?x=1&modspace=s3.g12');
  assert.is(withToken('file:///a/b.js?x=1#frag', t), 'file:///a/b.js?x=1&modspace=s3.g12#frag');
  assert.is(withToken('file:///a/%23b%20c.js#frag', t), 'file:///a/%23b%20c.js?modspace=s3.g12#frag');
});

test('replaces an existing token instead of stacking a second one', () => {
  assert.is(withToken('file:///a.js?modspace=s1.g1', t), 'file:///a.js?modspace=s3.g12');
  assert.is(withToken('file:///a.js?x=1&modspace=s1.g1&y=2', t), 'file:///a.js?x=1&y=2&modspace=s3.g12');
});

test('reads the token wherever it stands in the query', () => {
  assert.equal(readToken('file:///a.js?modspace=s3.g12'), t);
  assert.equal(readToken('file:///a.js?x=1&modspace=s3.g12#f'), t);
  assert.equal(readToken('modspace:///3/o1?modspace=s3.g12'), t);
  assert.is(readToken('file:///a.js'), undefined);
  assert.is(readToken('file:///a.js?mymodspace=s3.g12'), undefined, 'only our own parameter');
  assert.is(readToken('file:///a.js?modspace=s3.g12x'), undefined, 'no partial match');
  assert.is(readToken('file:///a.js#modspace=s3.g12'), undefined, 'not in the fragment');
});

test('removes only the token', () => {
  assert.is(withoutToken('file:///a.js?modspace=s3.g12'), 'file:///a.js');
  assert.is(withoutToken('file:///a.js?x=1&modspace=s3.g12#f'), 'file:///a.js?x=1#f');
  assert.is(withoutToken('file:///a.js?x=1'), 'file:///a.js?x=1');
  assert.is(withoutToken('node:fs'), 'node:fs');
});

test('a data: URL carries the token last in its fragment; its body and query are code', () => {
  const code = 'data:text/javascript,export default a?b:c&&d';
  assert.is(withToken(code, t), `${code}#modspace=s3.g12`);
  assert.is(withToken(`${code}#x`, t), `${code}#x&modspace=s3.g12`);
  assert.is(withToken(`${code}#modspace=s1.g1`, t), `${code}#modspace=s3.g12`);
  assert.equal(readToken(`${code}#x&modspace=s3.g12`), t);
  assert.is(readToken('data:text/javascript,x?modspace=s3.g12'), undefined, 'a token in the query of a data: URL is text, not a token');
  assert.is(withoutToken(`${code}#x&modspace=s3.g12`), `${code}#x`);
  assert.is(withoutToken(`${code}#modspace=s3.g12`), code);
  assert.is(withoutToken('data:text/javascript,x?modspace=s3.g12'), 'data:text/javascript,x?modspace=s3.g12');
});

test('the target of a URL is the file behind it', () => {
  assert.is(targetOf('file:///a.js?x=1&modspace=s3.g12#f'), 'file:///a.js');
  assert.is(targetOf('node:fs'), 'node:fs');
});

test('readToken: only a whole modspace parameter of the query is a token', () => {
  assert.equal(readToken('file:///a.js?modspace=s12.g34'), { space: 12, generation: 34 });
  assert.equal(readToken('file:///a.js?v=2&modspace=s1.g2&w=3'), { space: 1, generation: 2 });
  assert.equal(readToken('file:///a.js?modspace=s1.g2#frag'), { space: 1, generation: 2 });
  assert.equal(readToken('file:///a.js?x=modspace=s1.g1&modspace=s2.g3'), { space: 2, generation: 3 }, 'a look-alike inside another value is skipped');
  assert.is(readToken('file:///a.js?x=modspace=s1.g1'), undefined);
  assert.is(readToken('file:///a.js?modspace=s1.g1x'), undefined);
  assert.is(readToken('file:///a.js?modspace=s1.'), undefined);
  assert.is(readToken('file:///a.js?modspace=s.g1'), undefined);
  assert.is(readToken('file:///a.js#modspace=s1.g1'), undefined, 'in the fragment of a file URL it is not a token');
  assert.is(readToken('file:///modspace=s1.g1.js'), undefined);
});

test.run();
