exports.named = 'n';
exports.other = 42;
module.exports.fn = function fn() {};
