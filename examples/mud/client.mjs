// A line-based TCP client for the MUD, for the scripted demo and the tests:
// `send()` a line, `expect()` the next line matching a pattern.
import net from 'node:net';

export class MudClient {
  #socket;
  #buffer = '';
  #lines = [];
  #waiting = null;
  /** Every line received, for transcripts. */
  transcript = [];

  static connect(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const client = new MudClient();
      client.#socket = net.connect(port, host, () => resolve(client));
      client.#socket.once('error', reject);
      client.#socket.setEncoding('utf8');
      client.#socket.on('data', (chunk) => client.#receive(chunk));
    });
  }

  send(line) {
    this.#socket.write(`${line}\n`);
  }

  /** Resolves with the first unread line matching `pattern` (lines before it are skipped). */
  expect(pattern, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = null;
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; received:\n${this.transcript.join('\n')}`));
      }, timeoutMs);
      this.#waiting = { pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) };
      this.#drain();
    });
  }

  close() {
    this.#socket.end();
  }

  #receive(chunk) {
    this.#buffer += chunk;
    const parts = this.#buffer.split('\n');
    this.#buffer = parts.pop();
    this.#lines.push(...parts);
    this.transcript.push(...parts);
    this.#drain();
  }

  #drain() {
    if (!this.#waiting) return;
    while (this.#lines.length) {
      const line = this.#lines.shift();
      if (this.#waiting.pattern.test(line)) {
        const { resolve } = this.#waiting;
        this.#waiting = null;
        resolve(line);
        return;
      }
    }
  }
}
