import './dep.js';
import './bad.js';
