const s = '\07';
