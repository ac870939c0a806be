exports.yes = 1;
