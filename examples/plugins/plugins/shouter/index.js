// Uses lib 2.x, whose format() changed its signature: one process, two versions.
import { bus } from '../../event-bus.js';
import { format, version } from 'lib';

export { bus };
export const lib = version;

bus.on('greet', (name) => `shouter: ${format(name, { loud: true })}`);
bus.emit('ready', { plugin: 'shouter', lib: version });
