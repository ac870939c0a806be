const n = 017;
