import { Child } from './child.js';
export class Base { kind() { return 'base'; } static isChild(x) { return x instanceof Child; } }
