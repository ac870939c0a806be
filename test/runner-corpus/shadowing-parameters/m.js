export const x = 'imported x';
export const y = () => 'imported y';
