'use strict';
export const v = 1;
export function sloppyCheck() { return (function () { return this; })() === undefined; }
