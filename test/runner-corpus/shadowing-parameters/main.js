import { log } from '../observe.js';
import { x, y } from './m.js';
// A parameter default sees the import, not the body's own declarations of the same name.
function withLet(a = x) { let x = 'local'; return [a, x]; }
function withVar(a = x) { var x = 'var'; return [a, x]; }
function withFunction(a = y()) { function y() { return 'inner'; } return [a, y()]; }
const arrow = (a = x) => { const x = 'arrow local'; return [a, x]; };
function paramShadows(x, b = x) { return [x, b]; }
log('let', withLet());
log('var', withVar());
log('function', withFunction());
log('arrow', arrow());
log('param shadows', paramShadows('p'));
