#!/usr/bin/env node
export const v = 'hashbang ok';
