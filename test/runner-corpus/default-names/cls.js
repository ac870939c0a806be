export default class { hello() { return "hi"; } static s = 1; }
