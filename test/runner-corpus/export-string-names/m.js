const k = 'k', s = 's', e = 'e';
export { k as 'kebab-name', s as 'with space', e as '' };
