const a = 1;
let let = 2;
