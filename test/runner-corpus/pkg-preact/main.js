import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'preact';
import * as hooks from 'preact/hooks';
import { h, Fragment } from 'preact';
log('keys', Object.keys(ns));
log('hooks keys', Object.keys(hooks));
const vnode = h('div', { id: 'x' }, 'text', h(Fragment, null, 'y'));
log('vnode', [vnode.type, vnode.props.id, vnode.props.children.length]);
