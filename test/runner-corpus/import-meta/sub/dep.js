export const meta = import.meta;
export const resolved = import.meta.resolve('../main.js');
