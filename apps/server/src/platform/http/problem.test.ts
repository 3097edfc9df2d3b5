import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { unstorableProblem } from './problem.js';

describe('unstorableProblem: the NUL and lone-surrogate guard on every request', () => {
  it('names the field of a parsed body, however deep', () => {
    expect(unstorableProblem('body', { a: [{ b: 'x\u0000y' }] })?.field).toBe('a.0.b');
    expect(unstorableProblem('querystring', Object.assign(Object.create(null), { q: 'a\ud800' }))?.field).toBe(
      'querystring.q',
    );
    expect(unstorableProblem('body', { a: ['fine', '王芳'] })).toBeNull();
    // fast-querystring's result: an object whose prototype is its own empty constructor's
    function Empty() {}
    Empty.prototype = Object.create(null) as object;
    const parsed = Object.assign(new (Empty as unknown as new () => Record<string, unknown>)(), { name: 'a\u0000b' });
    expect(unstorableProblem('querystring', parsed)?.field).toBe('querystring.name');
  });

  it("leaves an upload's request stream alone: its properties lead round through the socket", () => {
    // an upload route's body is the payload stream itself; walking it once never ended (the demo server died)
    const stream = new PassThrough();
    const holder: Record<string, unknown> = { name: 'x\u0000' };
    Object.assign(stream, { holder, self: stream });
    expect(unstorableProblem('body', stream)).toBeNull();
    expect(unstorableProblem('body', Buffer.from('\u0000'))).toBeNull();
  });

  it('walks a cycle of plain objects once', () => {
    const a: Record<string, unknown> = { text: 'ok' };
    a.again = a;
    a.list = [a];
    expect(unstorableProblem('body', a)).toBeNull();
  });
});
