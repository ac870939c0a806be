import './side.js';
import './nope.js';
