// Uses lib 1.x, found in its own deps/ folder (the host gives it roots: ['./deps']).
import { bus } from '../../event-bus.js';
import { format, version } from 'lib';

export { bus };
export const lib = version;

bus.on('greet', (name) => `greeter: ${format(name)}`);
bus.emit('ready', { plugin: 'greeter', lib: version });
