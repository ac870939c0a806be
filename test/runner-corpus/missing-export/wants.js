import './side.js';
import { nope } from './m.js';
