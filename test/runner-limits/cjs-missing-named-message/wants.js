import { nope } from './lib.cjs';
