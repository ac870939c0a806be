var moduleVar = 1;
function moduleFn() {}
globalThis.explicit = 'set';
