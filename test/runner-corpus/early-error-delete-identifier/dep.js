globalThis.depRan = true;
