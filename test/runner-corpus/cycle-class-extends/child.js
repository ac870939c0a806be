import { Base } from './base.js';
export class Child extends Base { kind() { return 'child of ' + super.kind(); } }
