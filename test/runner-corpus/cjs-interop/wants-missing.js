import { notThere } from './lib.cjs';
